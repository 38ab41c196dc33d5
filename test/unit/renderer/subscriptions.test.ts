import { DEFAULT_STATS_SETTINGS } from '../../../preload/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { domainKey } from '../../../preload/contract';
import { VirtError } from '../../../renderer/src/platform/client';
import { createAppStore } from '../../../renderer/src/store';
import { animationFrameScheduler, startSubscriptions } from '../../../renderer/src/store/subscriptions';
import { FakeClient, manualScheduler, settle } from './fake-client';
import { conn, dom } from './fixtures';

function setup() {
  const client = new FakeClient();
  const store = createAppStore();
  const frames = manualScheduler();
  const stop = startSubscriptions(client, store, { schedule: frames.schedule });
  return { client, store, frames, stop };
}

describe('startSubscriptions', () => {
  it('loads the snapshot: connections, then the domains of each one not still connecting', async () => {
    const { client, store, frames } = setup();
    expect(client.pending()).toBe(1);
    client.take('connections.list').resolve([conn('c1'), conn('c2', 'disconnected'), conn('c3', 'connecting')]);
    await settle();
    // the connected one, and the disconnected one (its last known domains, shown stale)
    expect(client.pending('domains.list')).toBe(2);
    const call = client.take('domains.list');
    expect(call.args).toEqual(['c1']);
    expect(client.take('domains.list').args).toEqual(['c2']);
    const a = dom('a', 'running');
    call.resolve([a]);
    await settle();
    frames.flush();
    const s = store.getState();
    expect(s.connectionOrder).toEqual(['c1', 'c2', 'c3']);
    expect(s.connectionsLoaded).toBe(true);
    expect(s.domains[domainKey(a)]).toEqual(a);
  });

  it('batches a burst of events into one store update per frame', async () => {
    const { client, store, frames } = setup();
    client.take('connections.list').resolve([]);
    await settle();
    frames.flush();

    const listener = vi.fn();
    store.subscribe(listener);
    const a = dom('a');
    client.emit('connections.changed', conn('c1'));
    client.emit('domains.listed', { connectionId: 'c1', domains: [a] });
    client.emit('domains.changed', { ...a, state: 'running', id: 4 });
    client.emit('domains.changed', dom('b'));
    expect(listener).not.toHaveBeenCalled();
    expect(frames.scheduled).toBe(1);

    frames.flush();
    expect(listener).toHaveBeenCalledTimes(1);
    const s = store.getState();
    expect(s.domains[domainKey(a)]!.state).toBe('running');
    expect(s.domainKeysByConnection.c1).toHaveLength(2);

    client.emit('domains.removed', { connectionId: 'c1', uuid: a.uuid });
    client.emit('connections.removed', { connectionId: 'c1' });
    frames.flush();
    expect(listener).toHaveBeenCalledTimes(2);
    expect(store.getState().connectionOrder).toEqual([]);
    expect(store.getState().domains).toEqual({});
  });

  it('keeps events that arrived before a snapshot reply ahead of it', async () => {
    const { client, store, frames } = setup();
    const a = dom('a', 'shutoff');
    client.take('connections.list').resolve([conn('c1')]);
    await settle();
    // An older event arrives before the (newer) list reply ...
    client.emit('domains.changed', { ...a, state: 'paused', id: 2 });
    client.take('domains.list').resolve([{ ...a, state: 'running', id: 2 }]);
    await settle();
    frames.flush();
    // ... and does not overwrite it.
    expect(store.getState().domains[domainKey(a)]!.state).toBe('running');
  });

  it('shows the lost transport and reloads the snapshot when it comes back', async () => {
    const { client, store, frames } = setup();
    client.take('connections.list').resolve([conn('c1')]);
    await settle();
    client.take('stats.settings').resolve(DEFAULT_STATS_SETTINGS);
    client.take('domains.list').resolve([dom('a')]);
    await settle();
    frames.flush();
    expect(store.getState().statsSettings).toEqual(DEFAULT_STATS_SETTINGS);

    client.setTransport('lost');
    expect(store.getState().transportLost).toBe(true);
    expect(client.pending()).toBe(0);

    client.setTransport('open');
    expect(store.getState().transportLost).toBe(false);
    client.take('connections.list').resolve([conn('c2')]);
    await settle();
    expect(client.take('domains.list').args).toEqual(['c2']);
    frames.flush();
    expect(store.getState().connectionOrder).toEqual(['c2']);
  });

  it('does not reload on the first open (the start already loaded)', () => {
    const { client } = setup();
    client.setTransport('open');
    expect(client.pending('connections.list')).toBe(1);
  });

  it('drops the replies of a superseded snapshot', async () => {
    const { client, store, frames } = setup();
    const first = client.take('connections.list');
    client.setTransport('lost');
    client.setTransport('open');
    const second = client.take('connections.list');
    second.resolve([conn('new')]);
    first.resolve([conn('old')]);
    await settle();
    frames.flush();
    expect(store.getState().connectionOrder).toEqual(['new']);
  });

  it('reports a failed snapshot, but not while the transport is down', async () => {
    const { client, store } = setup();
    client.take('connections.list').reject(new VirtError({ code: 'internal', message: 'boom', detail: 'db locked' }));
    await settle();
    expect(store.getState().notifications).toMatchObject([
      { message: 'Could not load the list of connections', detail: 'db locked' },
    ]);

    client.setTransport('lost');
    client.setTransport('open');
    client.setTransport('lost');
    client.take('connections.list').reject(new VirtError({ code: 'internal', message: 'Lost contact' }));
    await settle();
    expect(store.getState().notifications).toHaveLength(1);
  });

  it('ignores a domains.list refused because the connection just dropped', async () => {
    const { client, store } = setup();
    client.take('connections.list').resolve([conn('c1')]);
    await settle();
    client.take('domains.list').reject(new VirtError({ code: 'not-connected', message: 'test:///c1 is not connected' }));
    await settle();
    expect(store.getState().notifications).toHaveLength(0);
  });

  it('stop unsubscribes everything and drops queued events', async () => {
    const { client, store, frames, stop } = setup();
    client.emit('connections.changed', conn('c1'));
    stop();
    expect(client.listenerCount).toBe(0);
    expect(frames.scheduled).toBe(0);
    client.take('connections.list').resolve([conn('c9')]);
    await settle();
    frames.flush();
    expect(store.getState().connectionOrder).toEqual([]);
  });
});

describe('animationFrameScheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('falls back to a timer without requestAnimationFrame, and can be cancelled', () => {
    vi.useFakeTimers();
    const cb = vi.fn();
    animationFrameScheduler(cb);
    expect(cb).not.toHaveBeenCalled();
    vi.advanceTimersByTime(20);
    expect(cb).toHaveBeenCalledTimes(1);

    const cb2 = vi.fn();
    animationFrameScheduler(cb2)();
    vi.advanceTimersByTime(1000);
    expect(cb2).not.toHaveBeenCalled();
  });

  it('uses the animation frame, with a timer for hidden windows (runs once either way)', () => {
    vi.useFakeTimers();
    let frame: (() => void) | undefined;
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => ((frame = f), 1));
    vi.stubGlobal('cancelAnimationFrame', () => (frame = undefined));
    const cb = vi.fn();
    animationFrameScheduler(cb);
    frame?.();
    vi.advanceTimersByTime(1000);
    expect(cb).toHaveBeenCalledTimes(1);

    const cb2 = vi.fn();
    animationFrameScheduler(cb2); // no frame comes (hidden window)
    vi.advanceTimersByTime(300);
    expect(cb2).toHaveBeenCalledTimes(1);
  });
});
