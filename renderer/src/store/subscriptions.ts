import { EVENT_NAMES, type EventName, type Events } from '../../../preload/contract';
import type { VirtClient } from '../platform/client';
import { toErrorInfo } from '../platform/virt-error';
import type { AppStore } from './index';
import type { StoreEvent } from './store-events';

/** Runs `cb` once, soon; returns a cancel function. */
export type FrameScheduler = (cb: () => void) => () => void;

/**
 * Next animation frame, so a burst of events costs one render. A timer races
 * the frame because hidden windows get no frames at all and events must not
 * pile up there; without `requestAnimationFrame` (tests) only the timer runs.
 */
export const animationFrameScheduler: FrameScheduler = (cb) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancel();
    cb();
  };
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : undefined;
  const timer = setTimeout(run, raf === undefined ? 16 : 250);
  const cancel = () => {
    done = true;
    if (raf !== undefined) cancelAnimationFrame(raf);
    clearTimeout(timer);
  };
  return cancel;
};

export interface SubscriptionOptions {
  schedule?: FrameScheduler;
}

/**
 * Wires the client to the store: contract events are queued and applied in
 * batches, and the snapshot (`connections.list`, then `domains.list` of each
 * connected connection) is loaded now and again whenever the transport comes
 * back. Snapshot replies go through the same queue as events, so an event that
 * arrived before a reply is never applied after it. Returns the stop function.
 */
export function startSubscriptions(client: VirtClient, store: AppStore, options: SubscriptionOptions = {}): () => void {
  const schedule = options.schedule ?? animationFrameScheduler;
  let queue: StoreEvent[] = [];
  let cancelFrame: (() => void) | undefined;
  let stopped = false;
  /** Bumped per snapshot load; replies of an older load are dropped. */
  let generation = 0;
  let lostSeen = false;

  const flush = () => {
    cancelFrame = undefined;
    const batch = queue;
    queue = [];
    store.getState().applyEvents(batch);
  };

  const enqueue = (event: StoreEvent) => {
    if (stopped) return;
    queue.push(event);
    cancelFrame ??= schedule(flush);
  };

  const reportSnapshotError = (what: string, err: unknown) => {
    // While the transport is down the failure is expected and the banner says so;
    // the snapshot is reloaded when it comes back.
    if (stopped || store.getState().transportLost) return;
    const info = toErrorInfo(err);
    store.getState().notify({ message: what, detail: info.detail ?? info.message });
  };

  const loadSnapshot = async () => {
    const gen = ++generation;
    const current = () => !stopped && gen === generation;
    let connections;
    try {
      connections = await client.call('connections.list');
    } catch (err) {
      if (current()) reportSnapshotError('Could not load the list of connections', err);
      return;
    }
    if (!current()) return;
    enqueue({ name: 'snapshot.connections', payload: connections });
    client.call('stats.settings').then(
      (settings) => current() && store.getState().statsSettingsLoaded(settings),
      (err) => current() && reportSnapshotError('Could not read the statistics settings', err),
    );
    await Promise.all(
      connections
        // Disconnected ones too: main keeps their last known domains, shown stale.
        // A connecting one announces its list with domains.listed when ready.
        .filter((c) => c.state.kind !== 'connecting')
        .map(async (c) => {
          try {
            const domains = await client.call('domains.list', c.id);
            if (current()) enqueue({ name: 'domains.listed', payload: { connectionId: c.id, domains } });
          } catch (err) {
            // A connection that dropped meanwhile says so with its own event.
            const code = toErrorInfo(err).code;
            if (current() && code !== 'not-connected' && code !== 'not-found')
              reportSnapshotError(`Could not list the virtual machines of ${c.uri}`, err);
          }
        }),
    );
  };

  const unsubscribers = EVENT_NAMES.map((name) =>
    client.on(name, (payload: Events[EventName]) => enqueue({ name, payload } as StoreEvent)),
  );

  unsubscribers.push(
    client.onTransportState((state) => {
      if (stopped) return;
      if (state === 'lost') {
        lostSeen = true;
        store.getState().setTransportLost(true);
      } else {
        store.getState().setTransportLost(false);
        if (lostSeen) void loadSnapshot();
      }
    }),
  );

  void loadSnapshot();

  return () => {
    stopped = true;
    for (const off of unsubscribers) off();
    cancelFrame?.();
    cancelFrame = undefined;
    queue = [];
  };
}
