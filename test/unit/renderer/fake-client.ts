import type { ArgsOf, ConsoleTicket, EventName, Events, Method, ReturnOf } from '../../../preload/contract';
import type { StreamChannel, TransportState, VirtClient } from '../../../renderer/src/platform/client';

interface StreamRequest {
  ticket: ConsoleTicket;
  resolve(channel: StreamChannel): void;
  reject(err: unknown): void;
}

interface Call {
  method: Method;
  args: unknown[];
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** A VirtClient whose calls wait until the test answers them. */
export class FakeClient implements VirtClient {
  readonly calls: Call[] = [];
  /** openStream calls the test has not answered yet. */
  readonly streams: StreamRequest[] = [];
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>();
  private readonly transport = new Set<(s: TransportState) => void>();

  call<M extends Method>(method: M, ...args: ArgsOf<M>): Promise<ReturnOf<M>> {
    return new Promise((resolve, reject) => {
      this.calls.push({ method, args, resolve: resolve as (v: unknown) => void, reject });
    });
  }

  on<E extends EventName>(name: E, cb: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const l = cb as (p: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  onTransportState(cb: (s: TransportState) => void): () => void {
    this.transport.add(cb);
    return () => this.transport.delete(cb);
  }

  openStream(ticket: ConsoleTicket): Promise<StreamChannel> {
    return new Promise((resolve, reject) => {
      this.streams.push({ ticket, resolve, reject });
    });
  }

  /** The oldest unanswered openStream call. */
  takeStream(): StreamRequest {
    const s = this.streams.shift();
    if (!s) throw new Error('no pending openStream call');
    return s;
  }

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const cb of this.listeners.get(name) ?? []) cb(payload);
  }

  setTransport(s: TransportState): void {
    for (const cb of this.transport) cb(s);
  }

  get listenerCount(): number {
    let n = this.transport.size;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  /** The oldest unanswered call of `method`. */
  take(method: Method): Call {
    const i = this.calls.findIndex((c) => c.method === method);
    if (i < 0) throw new Error(`no pending ${method} call (pending: ${this.calls.map((c) => c.method).join(', ')})`);
    return this.calls.splice(i, 1)[0]!;
  }

  pending(method?: Method): number {
    return this.calls.filter((c) => !method || c.method === method).length;
  }
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise<void>((r) => setTimeout(r, 0));

/** A frame scheduler the test flushes by hand. */
export function manualScheduler() {
  let queued: (() => void)[] = [];
  return {
    schedule: (cb: () => void) => {
      queued.push(cb);
      return () => {
        queued = queued.filter((c) => c !== cb);
      };
    },
    get scheduled() {
      return queued.length;
    },
    flush() {
      const q = queued;
      queued = [];
      for (const cb of q) cb();
    },
  };
}
