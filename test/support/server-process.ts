import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the server wrote to stderr, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/** Starts the built browser-mode server (`out/main/server.js`) and waits for its URL line. */
export function startServer(connect: readonly string[], extraArgs: readonly string[] = [], configHome?: string, env: Readonly<Record<string, string>> = {}): Promise<RunningServer> {
  const args = [join(ROOT, 'out', 'main', 'server.js'), ...connect.flatMap((u) => ['--connect', u]), ...extraArgs];
  // A config folder of the test's own: never the user's saved connections.
  const config = configHome ?? mkdtempSync(join(tmpdir(), 'vd-config-'));
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, XDG_CONFIG_HOME: config } });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not print its URL within 20 s\n${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}\n${stderr}`));
    });
    child.stdout!.on('data', (c) => {
      stdout += c;
      const m = /Virtdesk is serving at (\S+)/.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      const url = m[1]!;
      resolve({
        url,
        port: Number(new URL(url).port),
        process: child,
        log: () => stderr,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
