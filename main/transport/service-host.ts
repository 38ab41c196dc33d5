import {
  checkArgs,
  isMethod,
  type ArgsOf,
  type ErrorInfo,
  type EventName,
  type Events,
  type Method,
  type Result,
  type ReturnOf,
} from '../../preload/contract';
import type { EventSink, Logger } from '../services/event-sink';
import { ServiceError } from '../services/service-error';

/** One handler per contract method: a missing one is a compile error. */
export type Handlers = { [M in Method]: (...args: ArgsOf<M>) => Promise<ReturnOf<M>> };

export type EventListener = (name: EventName, payload: Events[EventName]) => void;

/**
 * The transport-independent core: validates every call (a browser tab is as
 * untrusted as a renderer), runs its handler, turns failures into values and
 * fans events out to every subscribed transport client.
 */
export class ServiceHost implements EventSink {
  private readonly listeners = new Set<EventListener>();
  private handlers?: Handlers;

  constructor(private readonly log: Logger) {}

  /** Handlers come after construction because the services need this host as their event sink. */
  setHandlers(handlers: Handlers): void {
    this.handlers = handlers;
  }

  async invoke(method: unknown, args: unknown): Promise<Result<unknown>> {
    if (!isMethod(method)) {
      return fail({ code: 'unknown-method', message: `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}` });
    }
    const problem = checkArgs(method, args);
    if (problem) return fail({ code: 'invalid-argument', message: `Invalid call to ${method}: ${problem}` });
    if (!this.handlers) return fail({ code: 'internal', message: 'Virtdesk is still starting' });
    const handler = this.handlers[method] as (...a: unknown[]) => Promise<unknown>;
    try {
      return { ok: true, value: await handler(...(args as unknown[])) };
    } catch (err) {
      if (err instanceof ServiceError) return fail(err.toInfo());
      this.log.error(`${method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return fail({ code: 'internal', message: `${method} failed`, detail: err instanceof Error ? err.message : String(err) });
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (err) {
        this.log.error(`event listener failed on ${name}: ${String(err)}`);
      }
    }
  }
}

function fail(error: ErrorInfo): Result<never> {
  return { ok: false, error };
}
