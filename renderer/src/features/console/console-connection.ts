import type { ConsoleTicket, DomainRef } from '../../../../preload/contract';
import type { StreamChannel, VirtClient } from '../../platform/client';
import { CLOSED } from '../../platform/stream-channel';
import { toErrorInfo } from '../../platform/virt-error';
import { describeClose, nextStep, type ConsoleEnd } from './reconnect-policy';

export type ConsoleStatus =
  | { kind: 'not-running' }
  | { kind: 'connecting' }
  | { kind: 'connected' }
  /** It ended and is coming back by itself (attempt of maxAttempts). `wasConnected`: it had worked since the guest started. */
  | { kind: 'retrying'; reason: string; attempt: number; maxAttempts: number; wasConnected: boolean }
  /** It ended for good; the user may press Reconnect. */
  | { kind: 'failed'; reason: string; wasConnected: boolean };

export interface ViewerEvents {
  /** The console is usable (serial: at once; VNC: after the RFB handshake). */
  connected(): void;
  /** The viewer gave up on this channel (protocol error, authentication refused or cancelled). */
  failed(end: ConsoleEnd): void;
}

/** A terminal or a VNC display, fed one channel at a time. */
export interface ConsoleViewer {
  attach(channel: StreamChannel, events: ViewerEvents): { detach(): void };
}

export interface Timers {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface ConsoleConnectionOptions {
  client: VirtClient;
  ref: DomainRef;
  deviceId: string;
  viewer: ConsoleViewer;
  onStatus(status: ConsoleStatus): void;
  timers?: Timers;
}

/** A failed call or stream as a sentence: main's message, and its detail when it adds something. */
export function describeError(err: unknown): string {
  const info = toErrorInfo(err);
  return info.detail && info.detail !== info.message ? `${info.message}: ${info.detail}` : info.message;
}

/**
 * One console of one guest, kept connected: ticket, stream, viewer; again
 * after the stream ends while the guest runs (a few times, a second apart,
 * with a fresh ticket each time); and again when the guest starts. The
 * guest's state comes from outside (`setRunning`, fed from the store), so a
 * guest started by anyone is picked up.
 */
export class ConsoleConnection {
  readonly #o: ConsoleConnectionOptions;
  readonly #timers: Timers;
  #running = false;
  /** Bumped per attempt; work of an older attempt drops out when it resumes. */
  #attempt = 0;
  #failures = 0;
  #wasConnected = false;
  #channel: StreamChannel | null = null;
  #attachment: { detach(): void } | null = null;
  #retryTimer: unknown = null;
  #disposed = false;
  #status: ConsoleStatus = { kind: 'not-running' };

  constructor(options: ConsoleConnectionOptions) {
    this.#o = options;
    this.#timers = options.timers ?? realTimers;
  }

  get status(): ConsoleStatus {
    return this.#status;
  }

  /** The guest is up (has consoles) or not. Going up connects, with a clean slate. */
  setRunning(running: boolean): void {
    if (this.#disposed || running === this.#running) return;
    this.#running = running;
    this.#attempt++;
    this.#teardown();
    if (running) {
      this.#failures = 0;
      this.#wasConnected = false;
      void this.#connect();
    } else {
      this.#setStatus({ kind: 'not-running' });
    }
  }

  /** The Reconnect button: starts over now, whatever state it was in. */
  reconnect(): void {
    if (this.#disposed || !this.#running) return;
    this.#attempt++;
    this.#teardown();
    this.#failures = 0;
    this.#wasConnected = false;
    void this.#connect();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#attempt++;
    this.#teardown();
  }

  async #connect(): Promise<void> {
    const attempt = ++this.#attempt;
    const current = () => attempt === this.#attempt && !this.#disposed;
    if (this.#status.kind !== 'retrying') this.#setStatus({ kind: 'connecting' });
    const { client, ref, deviceId, viewer } = this.#o;
    let ticket: ConsoleTicket;
    try {
      // Exactly the two fields: the validator refuses any other key.
      ticket = await client.call('consoles.open', { connectionId: ref.connectionId, uuid: ref.uuid }, deviceId);
    } catch (err) {
      // No such console (e.g. no graphics): asking again will not make one.
      const code = toErrorInfo(err).code;
      if (current()) this.#ended(attempt, { reason: describeError(err), permanent: code === 'not-found' || code === 'invalid-argument' });
      return;
    }
    if (!current()) return;
    let channel: StreamChannel;
    try {
      channel = await client.openStream(ticket);
    } catch (err) {
      if (current()) this.#ended(attempt, { reason: describeError(err) });
      return;
    }
    if (!current()) {
      channel.close(1000, 'console no longer shown');
      return;
    }
    this.#channel = channel;
    channel.addEventListener('close', (ev) => this.#ended(attempt, { reason: describeClose(ev.code, ev.reason), code: ev.code }));
    if (channel.readyState === CLOSED) {
      const info = channel.closeInfo ?? { code: 1006, reason: '' };
      this.#ended(attempt, { reason: describeClose(info.code, info.reason), code: info.code });
      return;
    }
    try {
      this.#attachment = viewer.attach(channel, {
        connected: () => {
          if (attempt !== this.#attempt) return;
          this.#failures = 0;
          this.#wasConnected = true;
          this.#setStatus({ kind: 'connected' });
        },
        failed: (end) => this.#ended(attempt, end),
      });
    } catch (err) {
      this.#ended(attempt, { reason: describeError(err) });
    }
  }

  #ended(attempt: number, end: ConsoleEnd): void {
    if (attempt !== this.#attempt || this.#disposed) return;
    this.#attempt++; // later events of this attempt are stale
    this.#teardown();
    this.#failures++;
    const step = nextStep({ running: this.#running, failures: this.#failures, end });
    switch (step.kind) {
      case 'retry':
        this.#setStatus({ kind: 'retrying', reason: end.reason, attempt: step.attempt, maxAttempts: step.maxAttempts, wasConnected: this.#wasConnected });
        this.#retryTimer = this.#timers.setTimeout(() => {
          this.#retryTimer = null;
          void this.#connect();
        }, step.delayMs);
        break;
      case 'wait-for-guest':
        this.#setStatus({ kind: 'not-running' });
        break;
      case 'stop':
        this.#setStatus({ kind: 'failed', reason: end.reason, wasConnected: this.#wasConnected });
        break;
    }
  }

  #teardown(): void {
    if (this.#retryTimer !== null) {
      this.#timers.clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }
    const attachment = this.#attachment;
    const channel = this.#channel;
    this.#attachment = null;
    this.#channel = null;
    try {
      attachment?.detach();
    } catch (err) {
      console.error('virtdesk: detaching a console viewer failed', err);
    }
    channel?.close(1000, 'console closed');
  }

  #setStatus(status: ConsoleStatus): void {
    this.#status = status;
    if (!this.#disposed) this.#o.onStatus(status);
  }
}
