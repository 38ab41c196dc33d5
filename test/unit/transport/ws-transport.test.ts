import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../../../main/services/event-sink';
import { ServiceHost } from '../../../main/transport/service-host';
import { startWsTransport, type RunningWsTransport, type StreamBroker } from '../../../main/transport/ws-transport';
import { stubHandlers } from '../fakes/stub-handlers';
import { CONSOLE_ERROR, ConsoleError } from '../../../main/consoles/byte-stream';

const CONN = { id: 'c1', uri: 'test:///default', label: 'Test', saved: false, autoconnect: false, state: { kind: 'connecting' as const } };
let transport: RunningWsTransport;
let host: ServiceHost;
let cookie: string;
const streamsClosed: string[] = [];
let endStream: ((reason?: string) => void) | undefined;

/** An echo console: what the page writes comes back; 'bad' tickets are refused like expired ones. */
const streams: StreamBroker = {
  async redeem(ticket) {
    if (ticket !== 'good') throw new ConsoleError(CONSOLE_ERROR.TICKET, 'This console link is not valid');
    const data: ((c: Buffer) => void)[] = [];
    const closes: ((r?: string) => void)[] = [];
    endStream = (reason) => closes.forEach((l) => l(reason));
    return {
      write: (c) => data.forEach((l) => l(Buffer.from(c))),
      pause() {},
      resume() {},
      close: () => void streamsClosed.push(ticket),
      onData: (l) => void data.push(l),
      onClose: (l) => void closes.push(l),
    };
  },
};

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

function connect(headers: Record<string, string>, path = '/rpc'): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${transport.port}${path}`, { headers });
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
  host.setHandlers(
    stubHandlers({ 'connections.list': async () => [CONN] }),
  );
  transport = await startWsTransport({ host, streams, rendererDir: dir, log: silentLogger });
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
    expect(frames).toContainEqual({ t: 'result', id: 7, result: { ok: true, value: [CONN] } });
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

describe('console streams on /stream/<ticket>', () => {
  it('pipes bytes both ways once the ticket is redeemed, and closes the console with the socket', async () => {
    const ws = await connect({ origin: origin(), cookie }, '/stream/good');
    const echoed = new Promise<Buffer>((resolve) => ws.once('message', (d) => resolve(d as Buffer)));
    ws.send(Buffer.from([1, 2, 3, 250]));
    expect([...(await echoed)]).toEqual([1, 2, 3, 250]);
    const closed = new Promise((r) => ws.once('close', r));
    ws.close();
    await closed;
    await new Promise((r) => setTimeout(r, 50));
    expect(streamsClosed).toContain('good');
  });

  it('says why in the close frame when the ticket is refused', async () => {
    const ws = await connect({ origin: origin(), cookie }, '/stream/bad');
    const [code, reason] = await new Promise<[number, string]>((resolve) => ws.once('close', (c, r) => resolve([c, r.toString()])));
    expect(code).toBe(4008);
    expect(reason).toContain('not valid');
  });

  it('closes with the console’s own reason when the far end fails', async () => {
    const ws = await connect({ origin: origin(), cookie }, '/stream/good');
    const closed = new Promise<[number, string]>((resolve) => ws.once('close', (c, r) => resolve([c, r.toString()])));
    endStream!('guest destroyed');
    expect(await closed).toEqual([4010, 'guest destroyed']);
  });

  it('needs the cookie and our Origin like /rpc', async () => {
    await expect(connect({ origin: origin() }, '/stream/good')).rejects.toThrow('HTTP 401');
    await expect(connect({ origin: 'http://evil.example', cookie }, '/stream/good')).rejects.toThrow('HTTP 403');
    await expect(connect({ origin: origin(), cookie }, `/stream/${'x'.repeat(200)}`)).rejects.toThrow('HTTP 404');
  });
});
