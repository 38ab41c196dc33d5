import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ConnectionStore } from '../../../main/services/connection-store';
import type { ConnectionInfo, DomainSummary } from '../../../preload/contract';
import { ConnectionService } from '../../../main/services/connection-service';
import { DomainService } from '../../../main/services/domain-service';
import { silentLogger } from '../../../main/services/event-sink';
import { ServiceError } from '../../../main/services/service-error';
import { FakeConnection, FakeHypervisor, RecordingSink, domainInfo, flush } from '../fakes/fake-hypervisor';

function setup() {
  const hv = new FakeHypervisor();
  const web = domainInfo('web', 1, 1);
  const db = domainInfo('db', 2, 5);
  hv.hosts.set('test:///default', () => new FakeConnection('test:///default', [web, db]));
  const sink = new RecordingSink();
  const svc = new ConnectionService(hv, sink, silentLogger);
  return { hv, sink, svc, web, db, domains: new DomainService(svc) };
}

describe('ConnectionService', () => {
  it('opens a URI: connecting, then the domain list, then connected', async () => {
    const { svc, sink } = setup();
    const info = await svc.open('test:///default');
    expect(info.state).toEqual({ kind: 'connected', hostname: 'fakehost', libvirtVersion: '9.0.0' });
    const states = sink.named('connections.changed').map((c) => (c as ConnectionInfo).state.kind);
    expect(states).toEqual(['connecting', 'connected']);
    const listed = sink.named('domains.listed')[0] as { domains: DomainSummary[] };
    expect(listed.domains.map((d) => [d.name, d.state, d.id])).toEqual([
      ['web', 'running', 1],
      ['db', 'shutoff', null],
    ]);
  });

  it('reports a failed open as a disconnected row with libvirt’s message, and does not throw', async () => {
    const { svc } = setup();
    const info = await svc.open('bogus:///x');
    expect(info.state.kind).toBe('disconnected');
    if (info.state.kind === 'disconnected') {
      expect(info.state.reason).toBe('Could not connect to bogus:///x');
      expect(info.state.detail).toContain('no connection driver available');
    }
    expect(svc.list()).toHaveLength(1);
  });

  it('returns the open connection when the same URI is opened twice', async () => {
    const { svc, hv } = setup();
    const a = await svc.open('test:///default');
    const b = await svc.open('test:///default');
    expect(b.id).toBe(a.id);
    expect(hv.opened).toHaveLength(1);
  });

  it('openFirstAvailable skips hosts that do not answer, without error rows', async () => {
    const { svc } = setup();
    const info = await svc.openFirstAvailable(['qemu:///system', 'qemu:///session', 'test:///default']);
    expect(info?.uri).toBe('test:///default');
    expect(svc.list().map((c) => c.uri)).toEqual(['test:///default']);
  });

  it('turns lifecycle events into domain changes, and a vanished domain into a removal', async () => {
    const { svc, sink, hv, web } = setup();
    const { id } = await svc.open('test:///default');
    const conn = hv.opened[0]!;
    conn.domains.set(web.uuid, { ...web, state: 3 });
    conn.fire({ uuid: web.uuid, name: 'web', event: 3, detail: 0 });
    await flush();
    expect((sink.named('domains.changed').at(-1) as DomainSummary).state).toBe('paused');
    conn.domains.delete(web.uuid);
    conn.fire({ uuid: web.uuid, name: 'web', event: 1, detail: 0 });
    await flush();
    expect(sink.named('domains.removed')).toEqual([{ connectionId: id, uuid: web.uuid }]);
    expect(svc.domains(id).map((d) => d.name)).toEqual(['db']);
  });

  it('coalesces a burst of events for one domain into few lookups', async () => {
    const { svc, hv, web } = setup();
    await svc.open('test:///default');
    const conn = hv.opened[0]!;
    for (let i = 0; i < 10; i++) conn.fire({ uuid: web.uuid, name: 'web', event: 4, detail: 0 });
    await flush();
    await flush();
    expect(conn.calls.filter((c) => c === `domainInfo ${web.uuid}`).length).toBeLessThanOrEqual(2);
  });

  it('marks the connection disconnected when libvirt closes it, keeping the last known domains', async () => {
    const { svc, hv } = setup();
    const { id } = await svc.open('test:///default');
    hv.opened[0]!.closeListener!('eof');
    const info = svc.list()[0]!;
    expect(info.state).toMatchObject({ kind: 'disconnected', reason: 'The host closed the connection' });
    expect(svc.domains(id)).toHaveLength(2);
    expect(() => svc.connection(id)).toThrow(ServiceError);
    await svc.closeAll();
  });

  it('close by the user clears the domains and ignores later events', async () => {
    const { svc, sink, hv, web } = setup();
    const { id } = await svc.open('test:///default');
    await svc.close(id);
    expect(hv.opened[0]!.closed).toBe(true);
    expect(sink.named('domains.listed').at(-1)).toEqual({ connectionId: id, domains: [] });
    const before = sink.events.length;
    hv.opened[0]!.fire({ uuid: web.uuid, name: 'web', event: 5, detail: 0 });
    await flush();
    expect(sink.events.length).toBe(before);
  });
});

describe('DomainService', () => {
  it('runs an action and the event updates the row', async () => {
    const { svc, sink, domains, db } = setup();
    const { id } = await svc.open('test:///default');
    await domains.act({ connectionId: id, uuid: db.uuid }, 'start');
    await flush();
    expect(svc.domain(id, db.uuid)?.state).toBe('running');
    expect((sink.named('domains.changed').at(-1) as DomainSummary).name).toBe('db');
  });

  it('names the domain and the action when libvirt refuses, and keeps libvirt’s message', async () => {
    const { svc, hv, domains, web } = setup();
    const { id } = await svc.open('test:///default');
    const { LibvirtError } = await import('../../../main/libvirt/libvirt-error');
    hv.opened[0]!.failNext = new LibvirtError('Requested operation is not valid: domain is not running', 55, 10, 2);
    const err = await domains.act({ connectionId: id, uuid: web.uuid }, 'shutdown').catch((e) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err.code).toBe('libvirt');
    expect(err.message).toBe('Could not shut down web');
    expect(err.detail).toContain('domain is not running');
  });

  it('reports a vanished domain as not-found', async () => {
    const { svc, domains } = setup();
    const { id } = await svc.open('test:///default');
    const err = await domains
      .act({ connectionId: id, uuid: '00000000-0000-4000-8000-000000000999' }, 'start')
      .catch((e) => e);
    expect(err.code).toBe('not-found');
  });

  it('refuses actions on a disconnected connection with a readable error', async () => {
    const { svc, domains, web } = setup();
    const { id } = await svc.open('test:///default');
    await svc.close(id);
    const err = await domains.act({ connectionId: id, uuid: web.uuid }, 'start').catch((e) => e);
    expect(err.code).toBe('not-connected');
    expect(err.message).toBe('test:///default is not connected');
  });
});

describe('ConnectionService reconnection', () => {
  it('backs off 0.5, 1, 2 s and stays at 2 s for local hosts, up to 15 s for remote ones', async () => {
    const { reconnectDelayMs } = await import('../../../main/services/connection-service');
    expect([0, 1, 2, 3, 9].map((a) => reconnectDelayMs(a, false))).toEqual([500, 1000, 2000, 2000, 2000]);
    expect([0, 3, 5, 9].map((a) => reconnectDelayMs(a, true))).toEqual([500, 4000, 15000, 15000]);
  });

  it('reconnects by itself after a lost link, re-registers events and reconciles the list', async () => {
    vi.useFakeTimers();
    try {
      const { svc, sink, hv, web, db } = setup();
      const { id } = await svc.open('test:///default');
      const first = hv.opened[0]!;
      // The host goes away; while it is away, it loses `db` and gains `new`.
      const fresh = domainInfo('new', 3, 1);
      hv.hosts.set('test:///default', () => {
        throw new (class extends Error {})('Failed to connect socket');
      });
      first.closeListener!('eof');
      expect(svc.list()[0]!.state).toMatchObject({ kind: 'disconnected', reason: 'The host closed the connection', retryAt: expect.any(Number) });
      expect(svc.domains(id)).toHaveLength(2); // stale, kept

      await vi.advanceTimersByTimeAsync(500); // attempt 1 fails
      expect(svc.list()[0]!.state).toMatchObject({ kind: 'disconnected', detail: 'Failed to connect socket' });
      hv.hosts.set('test:///default', () => new FakeConnection('test:///default', [web, fresh]));
      await vi.advanceTimersByTimeAsync(1000); // attempt 2 succeeds
      expect(svc.list()[0]!.state.kind).toBe('connected');
      expect(svc.domains(id).map((d) => d.name).sort()).toEqual(['new', 'web']);
      expect(sink.named('domains.listed').at(-1)).toMatchObject({ connectionId: id });
      expect(svc.domain(id, db.uuid)).toBeUndefined();
      // Events flow on the new connection, not the old one.
      const second = hv.opened.at(-1)!;
      expect(second).not.toBe(first);
      expect(second.lifecycle.size).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not reconnect after the user disconnects, nor after a failed first open', async () => {
    vi.useFakeTimers();
    try {
      const { svc, hv } = setup();
      const { id } = await svc.open('test:///default');
      hv.opened[0]!.closeListener!('eof');
      await svc.close(id);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(hv.opened).toHaveLength(1);
      expect(svc.list()[0]!.state).toEqual({ kind: 'disconnected', reason: 'Disconnected' });
      await svc.open('bogus:///x');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(svc.list()[1]!.state).not.toHaveProperty('retryAt');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('saved connections', () => {
  function withStore() {
    const dir = mkdtempSync(join(tmpdir(), 'vd-store-'));
    const store = new ConnectionStore(join(dir, 'virtdesk', 'connections.json'), silentLogger);
    const hv = new FakeHypervisor();
    hv.hosts.set('test:///default', () => new FakeConnection('test:///default', [domainInfo('web', 1)]));
    const sink = new RecordingSink();
    return { dir, store, hv, sink, svc: new ConnectionService(hv, sink, silentLogger, store) };
  }

  it('remembers an added connection with its options, privately, and lists it next run', async () => {
    const { store, hv, svc, dir } = withStore();
    const info = await svc.add('test:///default', { autoconnect: true, label: 'Lab' });
    expect(info).toMatchObject({ saved: true, autoconnect: true, label: 'Lab', state: { kind: 'connected' } });
    expect(store.load()).toEqual([{ uri: 'test:///default', autoconnect: true, label: 'Lab' }]);
    expect(statSync(join(dir, 'virtdesk', 'connections.json')).mode & 0o777).toBe(0o600);

    const next = new ConnectionService(hv, new RecordingSink(), silentLogger, store);
    expect(next.loadSaved().map((s) => s.uri)).toEqual(['test:///default']);
    expect(next.list()[0]).toMatchObject({ label: 'Lab', state: { kind: 'disconnected', reason: 'Not connected' } });
  });

  it('keeps a failed add (disconnected) until the user removes it, then forgets it', async () => {
    const { store, svc, sink } = withStore();
    const info = await svc.add('bogus:///x', { autoconnect: false });
    expect(info.state.kind).toBe('disconnected');
    expect(store.load().map((s) => s.uri)).toEqual(['bogus:///x']);
    await svc.remove(info.id);
    expect(store.load()).toEqual([]);
    expect(svc.list()).toEqual([]);
    expect(sink.named('connections.removed')).toEqual([{ connectionId: info.id }]);
  });

  it('renames and restores the default name; --connect connections are not saved', async () => {
    const { store, svc } = withStore();
    const transient = await svc.open('test:///default');
    expect(transient).toMatchObject({ saved: false, label: 'Test' });
    expect(store.load()).toEqual([]);
    expect(svc.update(transient.id, { autoconnect: false, label: 'Demo' }).label).toBe('Demo');
    expect(svc.update(transient.id, { autoconnect: false, label: '' }).label).toBe('Test');
  });

  it('sets an unreadable file aside instead of overwriting it', () => {
    const { store, dir } = withStore();
    mkdirSync(join(dir, 'virtdesk'), { recursive: true });
    writeFileSync(join(dir, 'virtdesk', 'connections.json'), '{not json');
    expect(store.load()).toEqual([]);
    expect(readdirSync(join(dir, 'virtdesk')).some((f) => f.startsWith('connections.json.unreadable-'))).toBe(true);
  });
});
