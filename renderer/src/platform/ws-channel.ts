import { ChannelBase, CLOSE_NORMAL, CLOSED, CLOSING, CONNECTING, OPEN, copyBytes, receivedBytes, type ReadyState, type StreamData } from './stream-channel';

/** The part of the DOM WebSocket a console stream uses, so tests can pass a fake. */
export interface RawStreamSocket {
  binaryType: string;
  readonly readyState: number;
  send(data: ArrayBuffer | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

const toReadyState = (n: number): ReadyState => (n === CONNECTING || n === OPEN || n === CLOSING || n === CLOSED ? n : CLOSED);

/**
 * A console stream over a real WebSocket on `/stream/<ticket>` (browser mode).
 * Main upgrades only once it reached the console; when it could not, it
 * upgrades and closes at once with a 4000–4999 code and a reason for people.
 */
export class WebSocketChannel extends ChannelBase {
  readonly #ws: RawStreamSocket;

  constructor(ws: RawStreamSocket) {
    super();
    this.#ws = ws;
    ws.binaryType = 'arraybuffer';
    this.readyState = toReadyState(ws.readyState);
    ws.onopen = () => {
      if (this.readyState !== CONNECTING) return;
      this.readyState = OPEN;
      this.emit({ type: 'open' });
    };
    ws.onmessage = (ev) => {
      // Main sends binary frames; a text frame is taken as UTF-8 bytes all the same.
      const bytes = typeof ev.data === 'string' ? copyBytes(ev.data) : receivedBytes(ev.data);
      if (bytes && this.readyState === OPEN) this.emit({ type: 'message', data: bytes });
    };
    ws.onerror = () => {
      if (this.readyState !== CLOSED) this.emit({ type: 'error', message: 'The console connection failed' });
    };
    ws.onclose = (ev) => {
      if (this.readyState === CLOSED) return;
      this.emit({ type: 'close', code: ev.code, reason: ev.reason ?? '', wasClean: ev.wasClean });
    };
  }

  send(data: StreamData): void {
    if (this.readyState === CONNECTING) throw new DOMException('The console stream is not open yet', 'InvalidStateError');
    if (this.readyState !== OPEN) return;
    // Always binary. WebSocket.send copies the bytes before it returns.
    this.#ws.send(typeof data === 'string' ? copyBytes(data) : data);
  }

  close(code?: number, reason = ''): void {
    if (this.readyState === CLOSING || this.readyState === CLOSED) return;
    this.readyState = CLOSING;
    const ok = code !== undefined && Number.isInteger(code) && (code === CLOSE_NORMAL || (code >= 3000 && code <= 4999));
    try {
      this.#ws.close(ok ? code : CLOSE_NORMAL, reason.slice(0, 120));
    } catch {
      this.#ws.close();
    }
  }
}
