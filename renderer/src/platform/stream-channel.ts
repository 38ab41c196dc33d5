// A console byte stream, shaped like a WebSocket so that noVNC's RFB (which
// accepts "a WebSocket or RTCDataChannel" instead of a URL) and xterm's
// AttachAddon can both use it as is.
//
// readyState is numeric, as on a WebSocket (0 connecting, 1 open, 2 closing,
// 3 closed). noVNC accepts either WebSocket numbers or RTCDataChannel strings,
// but xterm's AttachAddon compares it with `WebSocket.OPEN` and throws on
// anything else, so the numbers are the one shape both understand.
//
// noVNC's `Websock.attach()` checks that `send`, `close`, `binaryType`,
// `onerror`, `onmessage`, `onopen`, `protocol` and `readyState` appear in
// `Object.keys(channel)` or on the channel's *immediate* prototype: the fields
// below are own properties for that reason, and every concrete class defines
// `send` and `close` itself (test/unit/renderer/stream-channel.test.ts attaches
// both implementations to noVNC's real Websock).

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSING = 2;
export const CLOSED = 3;
export type ReadyState = typeof CONNECTING | typeof OPEN | typeof CLOSING | typeof CLOSED;

/** Close codes of our own (main uses 4000–4999 for "could not reach the console"). */
export const CLOSE_NORMAL = 1000;
/** The far end went away without a close frame (WebSocket's 1006). */
export const CLOSE_ABNORMAL = 1006;

export type StreamData = ArrayBuffer | ArrayBufferView | string;

export interface StreamOpenEvent {
  readonly type: 'open';
}
export interface StreamMessageEvent {
  readonly type: 'message';
  /** Always an ArrayBuffer: binary frames only (binaryType is ignored; 'blob' is not supported). */
  readonly data: ArrayBuffer;
}
export interface StreamCloseEvent {
  readonly type: 'close';
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}
export interface StreamErrorEvent {
  readonly type: 'error';
  readonly message: string;
}

export interface StreamEventMap {
  open: StreamOpenEvent;
  message: StreamMessageEvent;
  close: StreamCloseEvent;
  error: StreamErrorEvent;
}
export type StreamEventType = keyof StreamEventMap;
type Listener<K extends StreamEventType> = (ev: StreamEventMap[K]) => void;

export interface StreamCloseInfo {
  code: number;
  reason: string;
}

/** What `VirtClient.openStream` hands out: an open console byte stream. */
export interface StreamChannel {
  /** Accepted for WebSocket compatibility; data always arrives as ArrayBuffer. */
  binaryType: string;
  readonly readyState: ReadyState;
  /** Always '' (no sub-protocol). */
  readonly protocol: string;
  /** Set once the channel closed: the code and reason of its close event. */
  readonly closeInfo: StreamCloseInfo | null;
  /** Bytes are copied: the caller may reuse its buffer right away. Strings go as UTF-8. */
  send(data: StreamData): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: StreamOpenEvent) => void) | null;
  onmessage: ((ev: StreamMessageEvent) => void) | null;
  onclose: ((ev: StreamCloseEvent) => void) | null;
  onerror: ((ev: StreamErrorEvent) => void) | null;
  addEventListener<K extends StreamEventType>(type: K, listener: Listener<K>): void;
  removeEventListener<K extends StreamEventType>(type: K, listener: Listener<K>): void;
}

const encoder = new TextEncoder();

/** A fresh ArrayBuffer holding exactly the bytes of `data` (never the caller's own buffer). */
export function copyBytes(data: StreamData): ArrayBuffer {
  if (typeof data === 'string') {
    const bytes = encoder.encode(data);
    return bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
  }
  if (data instanceof ArrayBuffer) return data.slice(0);
  if (ArrayBuffer.isView(data)) {
    const out = new Uint8Array(data.byteLength);
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return out.buffer;
  }
  throw new TypeError('A console stream sends ArrayBuffer, typed arrays or strings');
}

/**
 * An ArrayBuffer view of received bytes: the buffer itself when it is exactly
 * the bytes (as a transferred or cloned ArrayBuffer is), else a copy.
 */
export function receivedBytes(data: unknown): ArrayBuffer | undefined {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) {
    if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) return data.buffer;
    return copyBytes(data);
  }
  return undefined;
}

/**
 * Event plumbing shared by the implementations: `on*` properties and
 * listeners, in that order. Messages that arrive before anyone listens for
 * them are held (with whatever follows them, so order is kept) and delivered
 * once a message listener is there: the first bytes of a VNC server must not
 * fall on the floor while the viewer is still being set up.
 */
export abstract class ChannelBase implements StreamChannel {
  binaryType = 'arraybuffer';
  readyState: ReadyState = CONNECTING;
  protocol = '';
  closeInfo: StreamCloseInfo | null = null;
  onopen: ((ev: StreamOpenEvent) => void) | null = null;
  onclose: ((ev: StreamCloseEvent) => void) | null = null;
  onerror: ((ev: StreamErrorEvent) => void) | null = null;
  /** An own, enumerable accessor (see the constructor): setting it releases held messages. */
  declare onmessage: ((ev: StreamMessageEvent) => void) | null;

  readonly #listeners = new Map<StreamEventType, Set<(ev: never) => void>>();
  #held: StreamEventMap[StreamEventType][] = [];
  #flushQueued = false;

  constructor() {
    // noVNC assigns onmessage (it never calls addEventListener) and looks for the name with
    // Object.keys, so this is an own enumerable property that still notices the assignment.
    let onmessage: ((ev: StreamMessageEvent) => void) | null = null;
    Object.defineProperty(this, 'onmessage', {
      enumerable: true,
      configurable: true,
      get: () => onmessage,
      set: (handler: ((ev: StreamMessageEvent) => void) | null) => {
        onmessage = typeof handler === 'function' ? handler : null;
        if (onmessage) this.#queueFlush();
      },
    });
  }

  abstract send(data: StreamData): void;
  abstract close(code?: number, reason?: string): void;

  addEventListener<K extends StreamEventType>(type: K, listener: Listener<K>): void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as (ev: never) => void);
    if (type === 'message') this.#queueFlush();
  }

  removeEventListener<K extends StreamEventType>(type: K, listener: Listener<K>): void {
    this.#listeners.get(type)?.delete(listener as (ev: never) => void);
  }

  /** Subclasses report events through this. */
  protected emit<K extends StreamEventType>(ev: StreamEventMap[K]): void {
    if (ev.type === 'close') {
      this.readyState = CLOSED;
      this.closeInfo = { code: ev.code, reason: ev.reason };
    }
    if (this.#held.length > 0 || (ev.type === 'message' && !this.#hasMessageListener())) {
      this.#held.push(ev);
      this.#queueFlush();
      return;
    }
    this.#dispatch(ev);
  }

  #hasMessageListener(): boolean {
    return this.onmessage !== null || (this.#listeners.get('message')?.size ?? 0) > 0;
  }

  /** Held events go out in a task of their own, never inside a listener registration. */
  #queueFlush(): void {
    if (this.#flushQueued || this.#held.length === 0) return;
    this.#flushQueued = true;
    setTimeout(() => {
      this.#flushQueued = false;
      while (this.#held.length > 0 && this.#hasMessageListener()) this.#dispatch(this.#held.shift()!);
      // A close with nobody reading messages still has to be heard.
      if (this.#held.length > 0 && this.#held.every((e) => e.type !== 'message')) {
        for (const e of this.#held.splice(0)) this.#dispatch(e);
      }
    }, 0);
  }

  #dispatch(ev: StreamEventMap[StreamEventType]): void {
    const handler = this[`on${ev.type}`] as ((e: typeof ev) => void) | null;
    const run = (fn: (e: typeof ev) => void) => {
      try {
        fn.call(this, ev);
      } catch (err) {
        console.error(`virtdesk: console stream ${ev.type} listener failed`, err);
      }
    };
    if (handler) run(handler);
    for (const l of [...(this.#listeners.get(ev.type) ?? [])]) run(l as (e: typeof ev) => void);
  }
}
