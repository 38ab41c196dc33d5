// Integration tests of the raw native libvirt binding (main/libvirt/native/build/Release/virtdesk_libvirt.node)
// against real libvirt: the in-process test driver (test:///default) always, and the
// system QEMU daemon (qemu:///system) when one answers. No mocks.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import type {
  NativeAddon,
  NativeConnection,
  NativeDomainInfo,
  NativeLibvirtErrorFields,
} from '../../main/libvirt/native/addon';

import { requireSystem } from '../support/system-libvirt';
import { loadAddon } from '../../main/libvirt/addon-loader';

const addon: NativeAddon = loadAddon();

// virDomainState
const RUNNING = 1;
const PAUSED = 3;
const SHUTOFF = 5;
// virDomainEventType
const EV_DEFINED = 0;
const EV_UNDEFINED = 1;
const EV_STARTED = 2;
const EV_SUSPENDED = 3;
const EV_RESUMED = 4;
const EV_STOPPED = 5;
const VIR_ERR_NO_DOMAIN = 42;

type LibvirtError = Error & NativeLibvirtErrorFields;
type LifecycleEvent = { uuid: string; name: string; event: number; detail: number };

/** Resolves with the rejection reason of `p`; fails the test if `p` resolves. */
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the promise to reject');
}

function expectLibvirtError(e: Error): asserts e is LibvirtError {
  const err = e as LibvirtError;
  expect(err).toBeInstanceOf(Error);
  expect(err.message.length).toBeGreaterThan(0);
  expect(err.libvirtError).toBe(true);
  expect(typeof err.code).toBe('number');
  expect(typeof err.domain).toBe('number');
  expect(typeof err.level).toBe('number');
  expect(Object.keys(err)).toEqual(expect.arrayContaining(['code', 'domain', 'level', 'libvirtError']));
}

/** Polls until `pick()` returns a value (events arrive asynchronously). */
async function waitFor<T>(pick: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = pick();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function recordLifecycle(events: LifecycleEvent[]) {
  return (uuid: string, name: string, event: number, detail: number) => {
    events.push({ uuid, name, event, detail });
  };
}

describe('native libvirt binding on test:///default', () => {
  let conn: NativeConnection;
  let testDomain: NativeDomainInfo;

  beforeAll(async () => {
    conn = await addon.open('test:///default', false);
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('reports the library version synchronously', () => {
    expect(addon.libVersion()).toBeGreaterThanOrEqual(1_000_000);
  });

  it('opens and answers connection-level calls', async () => {
    expect(await conn.getURI()).toBe('test:///default');
    expect(typeof (await conn.getHostname())).toBe('string');
    expect(await conn.getLibVersion()).toBe(addon.libVersion());
    expect(await conn.isAlive()).toBe(true);
  });

  it('lists the running "test" domain', async () => {
    const domains = await conn.listAllDomains(0);
    const found = domains.find((d) => d.name === 'test');
    expect(found).toBeDefined();
    testDomain = found!;
    expect(testDomain.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(testDomain.state).toBe(RUNNING);
    expect(testDomain.id).toBeGreaterThan(0);
    expect(testDomain.persistent).toBe(true);
    expect(testDomain.title).toBe('');
  });

  it('returns the domain XML', async () => {
    expect(await conn.domainGetXMLDesc(testDomain.uuid, 0)).toContain('<name>test</name>');
  });

  it('suspends, resumes, shuts down and starts the domain, with lifecycle events', async () => {
    const events: LifecycleEvent[] = [];
    const callbackId = await conn.onDomainLifecycle(recordLifecycle(events));
    expect(typeof callbackId).toBe('number');
    const uuid = testDomain.uuid;
    const seen = (event: number) => () =>
      events.find((e) => e.uuid === uuid && e.event === event) ? true : undefined;

    await conn.domainSuspend(uuid);
    expect((await conn.domainInfo(uuid)).state).toBe(PAUSED);
    await waitFor(seen(EV_SUSPENDED), 'SUSPENDED event');

    await conn.domainResume(uuid);
    expect((await conn.domainInfo(uuid)).state).toBe(RUNNING);
    await waitFor(seen(EV_RESUMED), 'RESUMED event');

    await conn.domainShutdown(uuid, 0);
    const off = await conn.domainInfo(uuid);
    expect(off.state).toBe(SHUTOFF);
    expect(off.id).toBe(-1);
    await waitFor(seen(EV_STOPPED), 'STOPPED event');

    await conn.domainCreate(uuid, 0);
    expect((await conn.domainInfo(uuid)).state).toBe(RUNNING);
    await waitFor(seen(EV_STARTED), 'STARTED event');

    expect(events.filter((e) => e.uuid === uuid).map((e) => e.event)).toEqual([
      EV_SUSPENDED,
      EV_RESUMED,
      EV_STOPPED,
      EV_STARTED,
    ]);
    expect(events.every((e) => e.name === 'test')).toBe(true);

    // After deregistering, no further events reach the callback.
    await conn.deregisterEvent(callbackId);
    const before = events.length;
    await conn.domainSuspend(uuid);
    await conn.domainResume(uuid);
    await new Promise((r) => setTimeout(r, 100));
    expect(events.length).toBe(before);
    expect((await rejection(conn.deregisterEvent(callbackId))).message).toMatch(/no event callback/);
  });

  it('defines and undefines a domain, reading its title', async () => {
    const name = `vd-native-test-${process.pid}`;
    const info = await conn.domainDefineXML(
      `<domain type='test'><name>${name}</name><title>Native test</title>` +
        `<memory unit='MiB'>32</memory><os><type>hvm</type></os></domain>`,
    );
    expect(info).toMatchObject({ name, state: SHUTOFF, id: -1, persistent: true, title: 'Native test' });
    expect((await conn.listAllDomains(0)).map((d) => d.uuid)).toContain(info.uuid);
    await conn.domainUndefine(info.uuid, 0);
    expect((await conn.listAllDomains(0)).map((d) => d.uuid)).not.toContain(info.uuid);
  });

  it('accepts onClose (in-process drivers never fire it) and replaces it on a second call', async () => {
    await conn.onClose(() => {});
    await conn.onClose(() => {});
  });

  it('rejects an unknown UUID with VIR_ERR_NO_DOMAIN', async () => {
    const e = await rejection(conn.domainInfo('00000000-0000-0000-0000-0000000000ff'));
    expectLibvirtError(e);
    expect(e.code).toBe(VIR_ERR_NO_DOMAIN);
    expect(e.message).toMatch(/domain/i);
  });

  it('rejects opening an unknown URI scheme with a libvirt error', async () => {
    const e = await rejection(addon.open('bogus:///nothing', false));
    expectLibvirtError(e);
    // No message check: libvirt hands unknown schemes to the remote driver, so the
    // message is "no connection driver available for bogus:///nothing" when libvirtd
    // runs, and a socket error when it does not.
  });

  it('rejects wrong argument types with a TypeError instead of crashing', async () => {
    const anyConn = conn as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const [method, args] of [
      ['domainInfo', [123]],
      ['domainGetXMLDesc', [testDomain.uuid, 'x']],
      ['listAllDomains', [-1]],
      ['listAllDomains', [1.5]],
      ['setKeepAlive', [5]],
      ['onDomainLifecycle', ['not a function']],
      ['deregisterEvent', [undefined]],
    ] as const) {
      const e = await rejection(anyConn[method]!.apply(conn, [...args]));
      expect(e, method).toBeInstanceOf(TypeError);
    }
    const anyAddon = addon as unknown as { open: (...args: unknown[]) => Promise<unknown> };
    expect(await rejection(anyAddon.open(42, false))).toBeInstanceOf(TypeError);
    expect(await rejection(anyAddon.open('test:///default', 'yes'))).toBeInstanceOf(TypeError);
    // Methods detached from their object, or the constructor called directly.
    expect(() => (conn.getURI as () => unknown).call({})).toThrow();
    const Ctor = (conn as unknown as { constructor: new () => unknown }).constructor;
    expect(() => new Ctor()).toThrow(/use open/);
  });

  it('closes idempotently and rejects calls after close', async () => {
    const other = await addon.open('test:///default', true);
    const inFlight = other.listAllDomains(0); // queued before close: still completes
    const [first, second] = [other.close(), other.close()];
    await expect(inFlight).resolves.toBeInstanceOf(Array);
    await first;
    await second;
    await other.close();
    const e = await rejection(other.getURI());
    expect(e.message).toMatch(/closed/);
    expect((await rejection(other.domainInfo(testDomain.uuid))).message).toMatch(/closed/);
    expect((await rejection(other.onDomainLifecycle(() => {}))).message).toMatch(/closed/);
  });

  it('answers 400 calls in flight at once, each with its own result', async () => {
    // Whether the JS thread turns meanwhile is tested where libvirt takes long
    // enough to tell (native-stats: opening and reading a 1,000-guest host).
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      calls.push(conn.listAllDomains(0));
      calls.push(conn.domainGetXMLDesc(testDomain.uuid, 0));
    }
    const results = await Promise.all(calls);
    for (let i = 0; i < results.length; i += 2) {
      expect((results[i] as { uuid: string }[]).map((d) => d.uuid)).toContain(testDomain.uuid);
      expect(results[i + 1]).toContain(`<uuid>${testDomain.uuid}</uuid>`);
    }
  });

  it('does not leak over 10,000 list/lookup cycles', async () => {
    const cycle = async () => {
      const domains = await conn.listAllDomains(0);
      const d = domains[0]!;
      await conn.domainInfo(d.uuid);
      await conn.domainLookupByName(d.name);
    };
    for (let i = 0; i < 500; i++) await cycle(); // warm up allocator and JIT
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) await cycle();
    (globalThis as { gc?: () => void }).gc?.();
    const after = process.memoryUsage().rss;
    const growthMb = (after - before) / 1024 / 1024;
    console.log(
      `[libvirt-native] leak smoke: RSS ${(before / 1048576).toFixed(1)} MB -> ` +
        `${(after / 1048576).toFixed(1)} MB (growth ${growthMb.toFixed(2)} MB) ` +
        `in ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(growthMb).toBeLessThan(30);
  });
});

describe('native libvirt binding on qemu:///system', () => {
  beforeAll(() => requireSystem());
  it('defines, lists and undefines a tiny domain, with DEFINED/UNDEFINED events', async () => {
    const conn = await addon.open('qemu:///system', false);
    const name = `vd-native-itest-${process.pid}-${Date.now()}`;
    const events: LifecycleEvent[] = [];
    let uuid: string | undefined;
    try {
      expect(await conn.getURI()).toBe('qemu:///system');
      await conn.setKeepAlive(5, 3);
      await conn.onClose(() => {});
      await conn.onDomainLifecycle(recordLifecycle(events));

      const info = await conn.domainDefineXML(
        `<domain type='qemu'><name>${name}</name><memory unit='MiB'>32</memory>` +
          `<os><type arch='x86_64'>hvm</type></os></domain>`,
      );
      uuid = info.uuid;
      expect(info).toMatchObject({ name, state: SHUTOFF, id: -1, persistent: true, title: '' });
      const listed = (await conn.listAllDomains(0)).find((d) => d.uuid === uuid);
      expect(listed?.name).toBe(name);
      expect(await conn.domainGetXMLDesc(uuid, 0)).toContain(`<name>${name}</name>`);
      await waitFor(
        () => events.find((e) => e.uuid === uuid && e.event === EV_DEFINED),
        'DEFINED event',
      );

      await conn.domainUndefine(uuid, 0);
      const undefinedUuid = uuid;
      uuid = undefined;
      expect((await conn.listAllDomains(0)).map((d) => d.uuid)).not.toContain(undefinedUuid);
      await waitFor(
        () => events.find((e) => e.uuid === undefinedUuid && e.event === EV_UNDEFINED),
        'UNDEFINED event',
      );
      expectLibvirtError(await rejection(conn.domainInfo(undefinedUuid)));
    } finally {
      if (uuid) await conn.domainUndefine(uuid, 0).catch(() => {});
      await conn.close();
    }
  });
});
