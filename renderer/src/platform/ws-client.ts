import { EVENT_NAMES, type EventName, type Method, type ReturnOf } from '../../../preload/contract';
import type { TransportState, VirtClient } from './client';
import { EventListeners, Listeners } from './listeners';
import type { StreamChannel } from './stream-channel';
import { WebSocketChannel, type RawStreamSocket } from './ws-channel';
import { VirtError, internalError, unwrapResult } from './virt-error';

/** The part of the DOM WebSocket the client uses, so tests can pass a fake class. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface WsClientOptions {
  /** Defaults to `/rpc` on the page's own host. */
  url?: string;
  /** Defaults to the DOM `WebSocket`. */
  createSocket?: WebSocketFactory;
  /** Delays between reconnection attempts, in ms; the last one repeats. */
  backoffMs?: readonly number[];
  /** Console byte streams; defaults to the DOM `WebSocket`. */
  createStreamSocket?: (url: string) => RawStreamSocket;
  /** How long a console stream may take to open; main itself gives up on the console after 10 s. */
  streamOpenTimeoutMs?: number;
}

export const STREAM_OPEN_TIMEOUT_MS = 20_000;

/** `/stream/<ticket>` on the host of the RPC socket. */
export function streamUrl(rpcUrl: string, ticket: string): string {
  return new URL(`/stream/${encodeURIComponent(ticket)}`, rpcUrl).href;
}

/** 1 s, 2 s, 5 s, then every 10 s. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [1000, 2000, 5000, 10000];

const OPEN = 1; // WebSocket.OPEN, spelled out so fakes need not define the constants

export function defaultRpcUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/rpc`;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: VirtError) => void;
}

export interface WsClient extends VirtClient {
  /** Closes the socket for good and stops reconnecting (tests, page unload). */
  dispose(): void;
}

/**
 * `VirtClient` over the loopback WebSocket of `npm run web`. Auth rides on the
 * HttpOnly cookie the server set when it served the page.
 *
 * Frames are JSON text: `{t:'call',id,method,args}` out, `{t:'result',id,result}`
 * and `{t:'event',name,payload}` in. A call made while the socket is still
 * connecting waits for it; a call made while it is down fails at once, and
 * calls in flight fail when it closes.
 */
export function createWsClient(options: WsClientOptions = {}): WsClient {
  const url = options.url ?? defaultRpcUrl();
  const createSocket: WebSocketFactory =
    options.createSocket ?? ((u) => new WebSocket(u) as unknown as WebSocketLike);
  const backoff = options.backoffMs?.length ? options.backoffMs : DEFAULT_BACKOFF_MS;
  const createStreamSocket =
    options.createStreamSocket ?? ((u: string) => new WebSocket(u) as unknown as RawStreamSocket);
  const streamTimeoutMs = options.streamOpenTimeoutMs ?? STREAM_OPEN_TIMEOUT_MS;

  const events = new EventListeners();
  const transport = new Listeners<TransportState>();
  const pending = new Map<number, Pending>();
  /** Frames of calls made while the socket was connecting. */
  let outbox: string[] = [];
  let nextId = 1;
  let socket: WebSocketLike | undefined;
  let reported: TransportState | undefined;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const report = (state: TransportState) => {
    if (reported === state) return;
    reported = state;
    transport.emit(state);
  };

  const rejectAll = (err: VirtError) => {
    const calls = [...pending.values()];
    pending.clear();
    outbox = [];
    for (const call of calls) call.reject(err);
  };

  const handleFrame = (data: unknown) => {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      console.warn('virtdesk: ignoring a frame that is not JSON');
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const f = frame as Record<string, unknown>;
    if (f.t === 'result' && typeof f.id === 'number') {
      const call = pending.get(f.id);
      if (!call) return;
      pending.delete(f.id);
      try {
        call.resolve(unwrapResult(f.result));
      } catch (err) {
        call.reject(err as VirtError);
      }
    } else if (f.t === 'event' && typeof f.name === 'string') {
      if ((EVENT_NAMES as readonly string[]).includes(f.name)) events.emit(f.name as EventName, f.payload);
    }
  };

  const connect = () => {
    retryTimer = undefined;
    if (disposed) return;
    let ws: WebSocketLike;
    try {
      ws = createSocket(url);
    } catch (err) {
      console.error('virtdesk: could not create the WebSocket', err);
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      const frames = outbox;
      outbox = [];
      for (const frame of frames) ws.send(frame);
      report('open');
    };
    ws.onmessage = (ev) => {
      if (socket === ws) handleFrame(ev.data);
    };
    ws.onerror = () => {
      // Always followed by `close`, which does the work.
    };
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = undefined;
      // Report first, so handlers of the rejected calls already see the transport as lost.
      if (!disposed) report('lost');
      rejectAll(
        internalError(
          'Lost contact with the Virtdesk service',
          `The connection closed${ev.code ? ` (code ${ev.code})` : ''} before the reply arrived`,
        ),
      );
      scheduleReconnect();
    };
  };

  const scheduleReconnect = () => {
    if (disposed || retryTimer !== undefined) return;
    const delay = backoff[Math.min(attempt, backoff.length - 1)]!;
    attempt++;
    retryTimer = setTimeout(connect, delay);
  };

  connect();

  return {
    call<M extends Method>(method: M, ...args: unknown[]): Promise<ReturnOf<M>> {
      return new Promise<ReturnOf<M>>((resolve, reject) => {
        if (disposed || !socket) {
          reject(internalError('Lost contact with the Virtdesk service', 'Reconnecting; try again in a moment'));
          return;
        }
        const id = nextId++;
        const frame = JSON.stringify({ t: 'call', id, method, args });
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        if (socket.readyState === OPEN) socket.send(frame);
        else outbox.push(frame);
      });
    },
    on(name, cb) {
      return events.add(name, cb);
    },
    onTransportState(cb) {
      return transport.add(cb);
    },
    openStream(ticket) {
      return new Promise<StreamChannel>((resolve, reject) => {
        let channel: WebSocketChannel;
        try {
          channel = new WebSocketChannel(createStreamSocket(streamUrl(url, ticket.ticket)));
        } catch (err) {
          reject(internalError('Could not open the console stream', err instanceof Error ? err.message : String(err)));
          return;
        }
        const done = () => {
          clearTimeout(timer);
          channel.removeEventListener('open', onOpen);
          channel.removeEventListener('close', onClose);
        };
        const onOpen = () => {
          done();
          resolve(channel);
        };
        // Refused before the upgrade (bad token or origin, server gone): no reason reaches the page.
        const onClose = (ev: { code: number; reason: string }) => {
          done();
          reject(
            new VirtError({
              code: 'internal',
              message: 'Could not open the console stream',
              detail: ev.reason || `The Virtdesk service refused or dropped the connection (code ${ev.code})`,
            }),
          );
        };
        const timer = setTimeout(() => {
          done();
          channel.close();
          reject(internalError('The console did not answer', `No connection within ${Math.round(streamTimeoutMs / 1000)} s`));
        }, streamTimeoutMs);
        channel.addEventListener('open', onOpen);
        channel.addEventListener('close', onClose);
      });
    },
    dispose() {
      disposed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      retryTimer = undefined;
      const ws = socket;
      socket = undefined;
      rejectAll(internalError('The Virtdesk client was closed'));
      ws?.close(1000, 'client closed');
    },
  };
}
