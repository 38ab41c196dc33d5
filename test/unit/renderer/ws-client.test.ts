import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainRef } from '../../../preload/contract';
import { VirtError } from '../../../renderer/src/platform/client';
import { createWsClient, defaultRpcUrl, type WebSocketLike } from '../../../renderer/src/platform/ws-client';

class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  closedByClient = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }
  send(data: string) {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closedByClient = true;
    this.readyState = 3;
  }
  // server side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code });
  }
}

const ref: DomainRef = { connectionId: 'c1', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' };
const last = () => FakeWebSocket.instances[FakeWebSocket.instances.length - 1]!;

function make(backoffMs?: number[]) {
  const states: string[] = [];
  const client = createWsClient({
    url: 'ws://127.0.0.1:1234/rpc',
    createSocket: (u) => new FakeWebSocket(u),
    ...(backoffMs ? { backoffMs } : {}),
  });
  client.onTransportState((s) => states.push(s));
  return { client, states };
}

beforeEach(() => {
  FakeWebSocket.instances = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ws-client', () => {
  it('derives the URL from the page: ws for http, wss for https', () => {
    expect(defaultRpcUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/rpc');
    expect(defaultRpcUrl({ protocol: 'https:', host: 'example.org' })).toBe('wss://example.org/rpc');
  });

  it('queues calls made while connecting and sends them on open', async () => {
    const { client, states } = make();
    const ws = last();
    expect(ws.url).toBe('ws://127.0.0.1:1234/rpc');
    const p = client.call('domains.start', ref);
    expect(ws.sent).toEqual([]);
    ws.open();
    expect(states).toEqual(['open']);
    expect(ws.sent).toEqual([{ t: 'call', id: 1, method: 'domains.start', args: [ref] }]);
    ws.receive({ t: 'result', id: 1, result: { ok: true, value: null } });
    await expect(p).resolves.toBeNull();
  });

  it('matches results to calls by id, in any order', async () => {
    const { client } = make();
    const ws = last();
    ws.open();
    const list = client.call('connections.list');
    const xml = client.call('domains.xml', ref);
    const [c1, c2] = ws.sent as { id: number }[];
    ws.receive({ t: 'result', id: c2!.id, result: { ok: true, value: '<domain/>' } });
    ws.receive({ t: 'result', id: 999, result: { ok: true, value: 'nobody asked' } });
    ws.receive({ t: 'result', id: c1!.id, result: { ok: true, value: [] } });
    await expect(xml).resolves.toBe('<domain/>');
    await expect(list).resolves.toEqual([]);
  });

  it('rejects with a VirtError carrying the ErrorInfo of {ok:false}', async () => {
    const { client } = make();
    const ws = last();
    ws.open();
    const p = client.call('domains.shutdown', ref);
    const info = { code: 'libvirt', message: 'Could not shut down test', detail: 'Requested operation is not valid: domain is not running' };
    ws.receive({ t: 'result', id: 1, result: { ok: false, error: info } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VirtError);
    expect((err as VirtError).info).toEqual(info);
    expect((err as VirtError).message).toBe('Could not shut down test');
  });

  it('rejects a malformed result as internal', async () => {
    const { client } = make();
    const ws = last();
    ws.open();
    const p = client.call('connections.list');
    ws.receive({ t: 'result', id: 1, result: { ok: false, error: 'nope' } });
    await expect(p).rejects.toMatchObject({ info: { code: 'internal' } });
  });

  it('dispatches events by name and ignores unknown names and junk frames', () => {
    const { client } = make();
    const ws = last();
    ws.open();
    const changed = vi.fn();
    const removed = vi.fn();
    client.on('domains.changed', changed);
    const off = client.on('domains.removed', removed);
    ws.receive({ t: 'event', name: 'domains.changed', payload: { name: 'x' } });
    ws.receive({ t: 'event', name: 'domains.exploded', payload: {} });
    ws.receive('not json');
    ws.receive(42);
    off();
    ws.receive({ t: 'event', name: 'domains.removed', payload: ref });
    expect(changed).toHaveBeenCalledWith({ name: 'x' });
    expect(removed).not.toHaveBeenCalled();
  });

  it('rejects pending calls with an internal error when the socket closes, reporting lost first', async () => {
    const { client, states } = make();
    const ws = last();
    ws.open();
    let stateAtRejection: string | undefined;
    const p = client.call('domains.reboot', ref).catch((e: unknown) => {
      stateAtRejection = states[states.length - 1];
      throw e;
    });
    ws.drop();
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VirtError);
    expect((err as VirtError).code).toBe('internal');
    expect(states).toEqual(['open', 'lost']);
    expect(stateAtRejection).toBe('lost');
  });

  it('fails calls at once while the socket is down', async () => {
    const { client } = make();
    last().drop();
    await expect(client.call('connections.list')).rejects.toMatchObject({ info: { code: 'internal' } });
  });

  it('fails calls queued on a socket that never opened', async () => {
    const { client, states } = make();
    const p = client.call('connections.list');
    last().drop();
    await expect(p).rejects.toMatchObject({ info: { code: 'internal' } });
    expect(states).toEqual(['lost']);
  });

  it('reconnects with backoff 1 s, 2 s, 5 s, then every 10 s, and resets after a success', () => {
    const { states } = make();
    last().open();
    last().drop();
    const attemptsAfter = (ms: number) => {
      const before = FakeWebSocket.instances.length;
      vi.advanceTimersByTime(ms);
      return FakeWebSocket.instances.length - before;
    };
    expect(attemptsAfter(999)).toBe(0);
    expect(attemptsAfter(1)).toBe(1);
    last().drop();
    expect(attemptsAfter(1999)).toBe(0);
    expect(attemptsAfter(1)).toBe(1);
    last().drop();
    expect(attemptsAfter(4999)).toBe(0);
    expect(attemptsAfter(1)).toBe(1);
    last().drop();
    expect(attemptsAfter(9999)).toBe(0);
    expect(attemptsAfter(1)).toBe(1);
    last().drop();
    expect(attemptsAfter(9999)).toBe(0);
    expect(attemptsAfter(1)).toBe(1);
    // 'lost' is reported once per outage, 'open' when it is back
    expect(states).toEqual(['open', 'lost']);
    last().open();
    expect(states).toEqual(['open', 'lost', 'open']);
    last().drop();
    expect(attemptsAfter(1000)).toBe(1);
  });

  it('sends calls on the new socket after reconnecting', async () => {
    const { client } = make();
    last().open();
    last().drop();
    vi.advanceTimersByTime(1000);
    const ws = last();
    ws.open();
    const p = client.call('connections.list');
    expect(ws.sent).toEqual([{ t: 'call', id: 1, method: 'connections.list', args: [] }]);
    ws.receive({ t: 'result', id: 1, result: { ok: true, value: [] } });
    await expect(p).resolves.toEqual([]);
  });

  it('dispose closes the socket and stops reconnecting', async () => {
    const { client, states } = make();
    const ws = last();
    ws.open();
    const p = client.call('connections.list');
    client.dispose();
    expect(ws.closedByClient).toBe(true);
    await expect(p).rejects.toBeInstanceOf(VirtError);
    ws.drop();
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(states).toEqual(['open']);
  });
});
