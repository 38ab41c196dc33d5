import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ConsoleError } from '../consoles/byte-stream';
import type { ByteStream } from '../libvirt/types';
import type { Logger } from '../services/event-sink';
import type { ServiceHost } from './service-host';
import { serveStatic } from './static-files';

/** Turns a console ticket into a connected byte stream (ConsoleService). */
export interface StreamBroker {
  redeem(ticket: string): Promise<ByteStream>;
}

export interface WsTransportOptions {
  host: ServiceHost;
  streams: StreamBroker;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  port?: number;
  log: Logger;
}

export interface RunningWsTransport {
  /** The URL to open: carries this run's token once; the server swaps it for a cookie. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_FRAME_BYTES = 1 << 20;
/** A client that stops reading is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 16 << 20;

interface CallFrame {
  t: 'call';
  id: number;
  method: string;
  args: unknown[];
}

function parseCall(data: string): CallFrame | undefined {
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const f = v as Record<string, unknown>;
  if (f.t !== 'call' || !Number.isSafeInteger(f.id) || typeof f.method !== 'string' || !Array.isArray(f.args)) return undefined;
  return f as unknown as CallFrame;
}

function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Browser mode: the service host behind a loopback HTTP + WebSocket server.
 * Security: binds 127.0.0.1 only; checks Host (DNS rebinding) and Origin
 * (cross-site WebSockets); requires this run's random token, handed over once
 * in the printed URL and kept in an HttpOnly SameSite=Strict cookie so page
 * scripts never see it.
 */
export async function startWsTransport(opts: WsTransportOptions): Promise<RunningWsTransport> {
  const token = randomBytes(32).toString('base64url');
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const cookieName = `virtdesk_${port}`;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const authorized = (req: IncomingMessage) => sameSecret(cookie(req, cookieName), token);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!allowedHosts.has(req.headers.host ?? '')) return deny(res, 421, 'Wrong Host header.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!sameSecret(offered, token)) return deny(res, 401, 'This token is not valid for this run of Virtdesk.');
      res.writeHead(303, {
        'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: '/',
        'Cache-Control': 'no-store',
      });
      return res.end();
    }
    if (!authorized(req)) {
      return deny(res, 401, 'Open the URL that `npm run web` printed: it carries the token for this run.');
    }
    serveStatic(opts.rendererDir, url.pathname, req, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, text: string) => {
      opts.log.warn(`refused WebSocket from origin ${String(req.headers.origin)}: ${text}`);
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(421, 'Misdirected Request');
    if (!allowedOrigins.has(req.headers.origin ?? '')) return refuse(403, 'Forbidden');
    if (!authorized(req)) return refuse(401, 'Unauthorized');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/rpc') return wss.handleUpgrade(req, socket, head, (ws) => serveRpc(ws, opts));
    const stream = /^\/stream\/([A-Za-z0-9_-]{1,128})$/.exec(path);
    if (!stream) return refuse(404, 'Not Found');
    // Reach the console first, so the page's `open` means the far end is there;
    // on failure, still upgrade, to say why in the close frame.
    void opts.streams.redeem(stream[1]!).then(
      (bytes) => wss.handleUpgrade(req, socket, head, (ws) => pipeStream(ws, bytes)),
      (err: unknown) =>
        wss.handleUpgrade(req, socket, head, (ws) => {
          const code = err instanceof ConsoleError ? err.code : 4000;
          // Close reasons are limited to 123 bytes.
          ws.close(code, Buffer.from(err instanceof Error ? err.message : String(err)).subarray(0, 123).toString());
        }),
    );
  });

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function deny(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text + '\n');
}

function serveRpc(ws: WebSocket, opts: WsTransportOptions): void {
  const send = (frame: unknown) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'client too slow');
      return;
    }
    ws.send(JSON.stringify(frame));
  };
  const unsubscribe = opts.host.subscribe((name, payload) => send({ t: 'event', name, payload }));
  ws.on('close', unsubscribe);
  ws.on('message', (data, isBinary) => {
    const call = isBinary ? undefined : parseCall(data.toString());
    if (!call) {
      // Not our protocol: stop talking rather than guess.
      ws.close(1008, 'malformed frame');
      return;
    }
    void opts.host.invoke(call.method, call.args).then((result) => send({ t: 'result', id: call.id, result }));
  });
}

/** Console bytes: binary frames both ways; the socket's back-pressure pauses the source. */
function pipeStream(ws: WebSocket, bytes: ByteStream): void {
  const HIGH_WATER = 4 << 20;
  let paused = false;
  // No per-frame callback (it costs more than the copy at VNC rates): pause
  // above the high-water mark, resume when the socket below has drained.
  const raw = (ws as unknown as { _socket?: NodeJS.EventEmitter })._socket;
  raw?.on('drain', () => {
    if (paused && ws.bufferedAmount < HIGH_WATER / 4) {
      paused = false;
      bytes.resume();
    }
  });
  bytes.onData((chunk) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(chunk, { binary: true, compress: false });
    if (!paused && ws.bufferedAmount > HIGH_WATER) {
      paused = true;
      bytes.pause();
    }
  });
  bytes.onClose((reason) => {
    if (ws.readyState === ws.OPEN) ws.close(reason ? 4010 : 1000, Buffer.from(reason ?? 'console closed').subarray(0, 123).toString());
  });
  ws.on('message', (data, isBinary) => {
    const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    // Text frames are keystrokes too (xterm's attach addon sends strings).
    bytes.write(isBinary ? chunk : Buffer.from(chunk.toString(), 'utf8'));
  });
  ws.on('close', () => bytes.close());
}
