import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../../../main/services/event-sink';
import { ServiceHost } from '../../../main/transport/service-host';
import { startWsTransport, type RunningWsTransport } from '../../../main/transport/ws-transport';

let transport: RunningWsTransport;
let host: ServiceHost;
let cookie: string;

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: transport.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${transport.port}/rpc`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const origin = () => `http://127.0.0.1:${transport.port}`;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vd-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Virtdesk</title>');
  host = new ServiceHost(silentLogger);
  const nope = async () => {
    throw new Error('unused');
  };
  host.setHandlers({
    'connections.list': async () => [{ id: 'c1', uri: 'test:///default', state: { kind: 'connecting' } }],
    'connections.open': nope,
    'connections.close': nope,
    'domains.list': nope,
    'domains.xml': nope,
    'domains.start': nope,
    'domains.shutdown': nope,
    'domains.reboot': nope,
    'domains.destroy': nope,
    'domains.suspend': nope,
    'domains.resume': nope,
  });
  transport = await startWsTransport({ host, rendererDir: dir, log: silentLogger });
  const token = new URL(transport.url).searchParams.get('token')!;
  const res = await get(`/?token=${token}`);
  expect(res.status).toBe(303);
  cookie = String((res.headers['set-cookie'] as string[])[0]).split(';')[0]!;
});

afterAll(() => transport.close());

describe('browser-mode transport', () => {
  it('listens on loopback and prints a URL with a long random token', () => {
    expect(transport.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('swaps the token for an HttpOnly SameSite=Strict cookie', async () => {
    const token = new URL(transport.url).searchParams.get('token')!;
    const res = await get(`/?token=${token}`);
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('serves the page only with the cookie, and refuses a wrong token', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    const ok = await get('/', { cookie });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('Virtdesk');
    expect(String(ok.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/', { cookie, host: `evil.example:${transport.port}` })).status).toBe(421);
  });

  it('refuses WebSockets without the cookie, with a wrong one, or from a foreign Origin', async () => {
    await expect(connect({ origin: origin() })).rejects.toThrow('HTTP 401');
    await expect(connect({ origin: origin(), cookie: `${cookie.split('=')[0]}=forged` })).rejects.toThrow('HTTP 401');
    await expect(connect({ origin: 'http://evil.example', cookie })).rejects.toThrow('HTTP 403');
  });

  it('answers calls and pushes events to an authorized client', async () => {
    const ws = await connect({ origin: origin(), cookie });
    const frames: unknown[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ t: 'call', id: 7, method: 'connections.list', args: [] }));
    ws.send(JSON.stringify({ t: 'call', id: 8, method: 'domains.start', args: [{}] }));
    await new Promise((r) => setTimeout(r, 100));
    host.emit('connections.removed', { connectionId: 'c1' });
    await new Promise((r) => setTimeout(r, 100));
    expect(frames).toContainEqual({ t: 'result', id: 7, result: { ok: true, value: [{ id: 'c1', uri: 'test:///default', state: { kind: 'connecting' } }] } });
    expect(frames).toContainEqual(expect.objectContaining({ t: 'result', id: 8, result: expect.objectContaining({ ok: false }) }));
    expect(frames).toContainEqual({ t: 'event', name: 'connections.removed', payload: { connectionId: 'c1' } });
    ws.close();
  });

  it('closes the socket on a malformed frame', async () => {
    const ws = await connect({ origin: origin(), cookie });
    const code = await new Promise<number>((resolve) => {
      ws.on('close', (c) => resolve(c));
      ws.send('{"t":"call","id":"x"}');
    });
    expect(code).toBe(1008);
  });
});
