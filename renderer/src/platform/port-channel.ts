import { STREAM_PORT_MESSAGE } from '../../../preload/contract';
import { ChannelBase, CLOSE_ABNORMAL, CLOSE_NORMAL, CLOSED, CLOSING, OPEN, copyBytes, receivedBytes, type StreamData } from './stream-channel';
import { internalError } from './virt-error';

/** The frame main sends to end the stream; it may send it at any time. */
interface CloseFrame {
  type: 'close';
  code?: unknown;
  reason?: unknown;
}

function isCloseFrame(data: unknown): data is CloseFrame {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'close';
}

/** WebSocket's rule for close codes a client may send; anything else becomes 1000. */
function sendableCode(code: number | undefined): number {
  return code !== undefined && Number.isInteger(code) && (code === CLOSE_NORMAL || (code >= 3000 && code <= 4999)) ? code : CLOSE_NORMAL;
}

/**
 * A console stream over the MessagePort main hands the page (Electron). Binary
 * frames both ways, as ArrayBuffers; an object frame `{type:'close', code,
 * reason}` from main ends it. It is open from the start, and has no `open`
 * event: main posts the port only once the far end is connected (noVNC
 * handles a channel that is already open, and must not see `open` twice).
 */
export class PortChannel extends ChannelBase {
  readonly #port: MessagePort;
  /** What close() asked for, reported when the port is done. */
  #closing: { code: number; reason: string } | null = null;

  constructor(port: MessagePort) {
    super();
    this.#port = port;
    this.readyState = OPEN;
    port.onmessage = (ev: MessageEvent) => this.#receive(ev.data);
    port.onmessageerror = () => this.emit({ type: 'error', message: 'A console frame could not be read' });
    // Where the platform reports the other end going away (Electron, Node), so does this.
    port.addEventListener('close', () => this.#ended(CLOSE_ABNORMAL, 'The console stream ended', false));
    port.start();
  }

  send(data: StreamData): void {
    if (this.readyState !== OPEN) return; // as a WebSocket: sends after close are dropped
    // A copy we own, transferred: the caller may reuse its buffer (noVNC does).
    const bytes = copyBytes(data);
    this.#port.postMessage(bytes, [bytes]);
  }

  close(code?: number, reason = ''): void {
    if (this.readyState === CLOSING || this.readyState === CLOSED) return;
    this.readyState = CLOSING;
    this.#closing = { code: sendableCode(code), reason: String(reason) };
    try {
      this.#port.postMessage({ type: 'close', code: this.#closing.code, reason: this.#closing.reason });
    } catch {
      // The port is already gone; closing it is all that is left.
    }
    this.#port.close();
    // Like a WebSocket's, the close event comes later, never inside close().
    setTimeout(() => this.#ended(CLOSE_NORMAL, '', true), 0);
  }

  #receive(data: unknown): void {
    if (this.readyState === CLOSED) return;
    const bytes = receivedBytes(data);
    if (bytes) {
      if (this.readyState === OPEN) this.emit({ type: 'message', data: bytes });
      return;
    }
    if (isCloseFrame(data)) {
      const code = typeof data.code === 'number' ? data.code : CLOSE_NORMAL;
      const reason = typeof data.reason === 'string' ? data.reason : '';
      this.#port.close();
      this.#ended(code, reason, true);
    }
    // Anything else is not part of the protocol: ignored.
  }

  #ended(code: number, reason: string, wasClean: boolean): void {
    if (this.readyState === CLOSED) return;
    const own = this.#closing;
    if (own) this.emit({ type: 'close', code: own.code, reason: own.reason, wasClean: true });
    else this.emit({ type: 'close', code, reason, wasClean });
    this.#port.onmessage = null;
  }
}

/** The part of `window` the receiver needs; a fake in unit tests. */
export interface MessageSource {
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}

interface Waiter {
  resolve(port: MessagePort): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** How long a port may take to follow a successful `openStream` reply. */
export const PORT_TIMEOUT_MS = 15_000;

/**
 * Collects the ports the preload forwards with `window.postMessage`. Only
 * messages from this very window (the preload shares it; other frames and
 * windows do not) that name a ticket someone is waiting for are taken; a
 * port nobody waits for is closed, so main's end learns it at once.
 */
export class StreamPortReceiver {
  readonly #waiting = new Map<string, Waiter>();
  #listening = false;

  constructor(
    private readonly source: MessageSource,
    private readonly timeoutMs = PORT_TIMEOUT_MS,
  ) {}

  /** Starts waiting for the port of `ticket`; call it before asking main, the port may come first. */
  expect(ticket: string): { promise: Promise<MessagePort>; cancel(): void } {
    const existing = this.#waiting.get(ticket);
    if (existing) {
      clearTimeout(existing.timer);
      existing.reject(internalError('The console was opened twice with the same ticket'));
    }
    let waiter!: Waiter;
    const promise = new Promise<MessagePort>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#drop(ticket, waiter);
        reject(internalError('The console stream did not arrive', `No port from the main process within ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      waiter = { resolve, reject, timer };
    });
    this.#waiting.set(ticket, waiter);
    this.#listen();
    return {
      promise,
      cancel: () => {
        if (this.#waiting.get(ticket) !== waiter) return;
        clearTimeout(waiter.timer);
        this.#drop(ticket, waiter);
      },
    };
  }

  get waitingCount(): number {
    return this.#waiting.size;
  }

  readonly #onMessage = (ev: MessageEvent): void => {
    if (ev.source !== (this.source as unknown)) return;
    const data: unknown = ev.data;
    if (typeof data !== 'object' || data === null) return;
    const { type, ticket } = data as { type?: unknown; ticket?: unknown };
    if (type !== STREAM_PORT_MESSAGE) return;
    const ports = ev.ports ?? [];
    const waiter = typeof ticket === 'string' ? this.#waiting.get(ticket) : undefined;
    const port = ports[0];
    if (!waiter || !port || typeof ticket !== 'string') {
      for (const p of ports) p.close();
      return;
    }
    clearTimeout(waiter.timer);
    this.#drop(ticket, waiter);
    for (const extra of ports.slice(1)) extra.close();
    waiter.resolve(port);
  };

  #drop(ticket: string, waiter: Waiter): void {
    if (this.#waiting.get(ticket) === waiter) this.#waiting.delete(ticket);
    if (this.#waiting.size === 0 && this.#listening) {
      this.#listening = false;
      this.source.removeEventListener('message', this.#onMessage);
    }
  }

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    this.source.addEventListener('message', this.#onMessage);
  }
}
