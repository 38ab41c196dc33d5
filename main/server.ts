// Plain-Node entry (npm run web): the same services as the desktop app,
// behind a loopback WebSocket, serving the same renderer to any browser.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createAppServices } from './app-services';
import { parseCliArgs, USAGE } from './cli-args';
import { libvirt } from './libvirt';
import { stderrLogger } from './services/event-sink';

async function main(): Promise<void> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const services = createAppServices(libvirt, stderrLogger);
  // Connecting starts first: libvirt opens on its worker thread (a large host
  // takes hundreds of ms) while this thread sets up the server; a page that
  // comes early gets the connection's state as it goes.
  const starting = services.start(args.connect);
  starting.catch(() => undefined); // awaited below, after the address is out
  // Loaded after the open has started: the WebSocket side is not needed before.
  const { startWsTransport } = await import('./transport/ws-transport');
  const transport = await startWsTransport({
    host: services.host,
    streams: services.consoles,
    rendererDir: process.env.VIRTDESK_RENDERER_DIR ?? join(__dirname, '..', 'renderer'),
    port: args.port,
    log: stderrLogger,
  });
  // Tests and scripts read this exact line.
  process.stdout.write(`Virtdesk is serving at ${transport.url}\n`);
  if (args.open) spawn('xdg-open', [transport.url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  await starting;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await transport.close();
    await services.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err) => {
  process.stderr.write(`Virtdesk could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
