// Drives the built browser-mode server (out/main/server.js) the way the page does.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ROOT } from './support.mjs';

export async function startServer(args) {
  const config = mkdtempSync(join(tmpdir(), 'vd-bench-config-'));
  const child = spawn(process.execPath, [join(ROOT, 'out/main/server.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_CONFIG_HOME: config } });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /serving at (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  const port = Number(new URL(url).port);
  const res = await fetch(url, { redirect: 'manual' });
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const headers = { cookie, origin: `http://127.0.0.1:${port}` };
  const rpc = new WebSocket(`ws://127.0.0.1:${port}/rpc`, { headers });
  await new Promise((r, j) => (rpc.once('open', r), rpc.once('error', j)));
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  rpc.on('message', (d) => {
    const f = JSON.parse(d.toString());
    if (f.t === 'result') pending.get(f.id)?.(f.result);
    else listeners.forEach((l) => l(f.name, f.payload));
  });
  const call = (method, ...args) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (r) => (r.ok ? resolve(r.value) : reject(new Error(`${method}: ${r.error.message} ${r.error.detail ?? ''}`))));
      rpc.send(JSON.stringify({ t: 'call', id, method, args }));
    });
  return {
    port,
    call,
    onEvent: (l) => listeners.push(l),
    stream: (ticket) => new WebSocket(`ws://127.0.0.1:${port}/stream/${ticket}`, { headers }),
    pid: child.pid,
    async stop() {
      rpc.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Waits until the server reports `uri` connected and returns its id. */
export async function connectedId(server, uri) {
  for (let i = 0; i < 200; i++) {
    const c = (await server.call('connections.list')).find((x) => x.uri === uri);
    if (c?.state.kind === 'connected') return c.id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${uri} did not connect`);
}
