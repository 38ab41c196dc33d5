import type { EventName, Events } from '../../../preload/contract';

type AnyListener = (payload: never) => void;

/** Per-event listener sets; one throwing listener does not starve the others. */
export class EventListeners {
  private readonly byName = new Map<EventName, Set<AnyListener>>();

  add<E extends EventName>(name: E, cb: (payload: Events[E]) => void): () => void {
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    const listener = cb as AnyListener;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  get size(): number {
    let n = 0;
    for (const set of this.byName.values()) n += set.size;
    return n;
  }

  emit(name: EventName, payload: unknown): void {
    const set = this.byName.get(name);
    if (!set) return;
    for (const cb of [...set]) {
      try {
        (cb as (p: unknown) => void)(payload);
      } catch (err) {
        console.error(`virtdesk: listener for ${name} failed`, err);
      }
    }
  }
}

/** A plain listener set for simple callbacks. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(cb: (value: T) => void): () => void {
    this.set.add(cb);
    return () => {
      this.set.delete(cb);
    };
  }

  emit(value: T): void {
    for (const cb of [...this.set]) {
      try {
        cb(value);
      } catch (err) {
        console.error('virtdesk: listener failed', err);
      }
    }
  }
}
