// Host-level calls of the native binding (api/host.d.ts) and the close
// callback's reasons, against real libvirt: the test driver always,
// qemu:///system when a daemon answers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import type { LibvirtConnection } from '../../main/libvirt/connection';
import { openLibvirt } from '../../main/libvirt/connection';
import { requireSystem, virsh } from '../support/system-libvirt';
import { expectLibvirtError, expectTypeErrors, fixtureUri, rejection, waitFor } from '../support/native-host-helpers';

const VIR_ERR_NO_SUPPORT = 3;
const VIR_ERR_INVALID_ARG = 8;
const VIR_ERR_CONFIG_UNSUPPORTED = 67;
const CLOSE_REASON_EOF = 1;
const CLOSE_REASON_KEEPALIVE = 2;

function expectCpuStats(stats: Record<string, unknown>) {
  for (const key of ['kernel', 'user', 'idle', 'iowait']) {
    expect(typeof stats[key], key).toBe('number');
    expect(stats[key] as number, key).toBeGreaterThanOrEqual(0);
  }
}

describe('native host calls on test:///default', () => {
  let conn: LibvirtConnection;
  beforeAll(async () => {
    conn = await openLibvirt('test:///default');
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('reports the driver type and hypervisor version', async () => {
    expect(await conn.getType()).toBe('TEST');
    expect(await conn.getVersion()).toBe(2); // the test driver's fixed "hypervisor" version
  });

  it('returns sysinfo and capabilities XML', async () => {
    const sysinfo = await conn.getSysinfo();
    expect(sysinfo).toMatch(/^<sysinfo type='smbios'>/);
    expect(sysinfo).toContain("<entry name='vendor'>");
    const caps = await conn.getCapabilities();
    expect(caps).toContain('<capabilities>');
    expect(caps).toMatch(/<host>[\s\S]*<\/host>/);
    expect(caps).toContain('<guest>');
  });

  it('reads the node info of the default test host', async () => {
    expect(await conn.nodeGetInfo()).toEqual({
      model: 'i686',
      memoryKiB: 3145728,
      cpus: 16,
      mhz: 1400,
      nodes: 2,
      sockets: 2,
      cores: 2,
      threads: 2,
    });
  });

  it('reads node CPU stats and free memory', async () => {
    expectCpuStats(await conn.nodeGetCPUStats(-1, 0));
    const free = await conn.nodeGetFreeMemory();
    expect(typeof free).toBe('number');
    expect(free as number).toBeGreaterThan(0);
  });

  it('rejects what the test driver does not implement with VIR_ERR_NO_SUPPORT', async () => {
    expectLibvirtError(await rejection(conn.nodeGetMemoryStats(-1, 0)), VIR_ERR_NO_SUPPORT);
    expectLibvirtError(await rejection(conn.getDomainCapabilities(null, null, null, null, 0)), VIR_ERR_NO_SUPPORT);
  });

  it('rejects flags a call does not take with VIR_ERR_INVALID_ARG', async () => {
    expectLibvirtError(await rejection(conn.getSysinfo(1)), VIR_ERR_INVALID_ARG);
  });

  it('rejects wrong argument types with a TypeError', async () => {
    await expectTypeErrors(conn, [
      ['getSysinfo', ['0']],
      ['getDomainCapabilities', [1, null, null, null, 0]],
      ['getDomainCapabilities', [null, null, null, null, -1]],
      ['getDomainCapabilities', [null, null, null, null]],
      ['nodeGetCPUStats', ['all', 0]],
      ['nodeGetCPUStats', [-1]],
      ['nodeGetMemoryStats', [1.5, 0]],
      ['nodeGetMemoryStats', [-1, 2 ** 32]],
    ]);
  });

  it('rejects every host call after close()', async () => {
    const other = await openLibvirt('test:///default', { readOnly: true });
    await other.close();
    for (const call of [
      () => other.getType(),
      () => other.getVersion(),
      () => other.getSysinfo(),
      () => other.getCapabilities(),
      () => other.getDomainCapabilities(null, null, null, null, 0),
      () => other.nodeGetInfo(),
      () => other.nodeGetCPUStats(-1, 0),
      () => other.nodeGetMemoryStats(-1, 0),
      () => other.nodeGetFreeMemory(),
    ]) {
      expect((await rejection(call())).message).toMatch(/closed/);
    }
  });
});

describe('native host calls on a fixture host', () => {
  it('reads the <cpu> and <memory> of the host file', async () => {
    const conn = await openLibvirt(fixtureUri('mixed-states.xml'), { readOnly: true });
    try {
      expect(await conn.nodeGetInfo()).toEqual({
        model: 'x86_64',
        memoryKiB: 16777216,
        cpus: 8,
        mhz: 2400,
        nodes: 1,
        sockets: 1,
        cores: 4,
        threads: 2,
      });
    } finally {
      await conn.close();
    }
  });
});

describe('native host calls on qemu:///system', () => {
  beforeAll(() => requireSystem());
  let conn: LibvirtConnection;
  beforeAll(async () => {
    conn = await openLibvirt('qemu:///system');
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('reports QEMU and the same hypervisor version as virsh', async () => {
    expect(await conn.getType()).toBe('QEMU');
    const m = /Running hypervisor: QEMU (\d+)\.(\d+)\.(\d+)/.exec(virsh('version'));
    expect(m).not.toBeNull();
    const [major, minor, release] = m!.slice(1).map(Number) as [number, number, number];
    expect(await conn.getVersion()).toBe(major * 1_000_000 + minor * 1000 + release);
  });

  it('returns sysinfo XML, or says plainly that the host has no SMBIOS (containers)', async () => {
    try {
      expect(await conn.getSysinfo()).toContain('<sysinfo');
    } catch (e) {
      // libvirtd reads SMBIOS with dmidecode at start-up; a container has none.
      expectLibvirtError(e as Error, VIR_ERR_CONFIG_UNSUPPORTED);
    }
  });

  it('returns host and domain capabilities', async () => {
    const caps = await conn.getCapabilities();
    expect(caps).toContain('<arch>x86_64</arch>');
    expect(caps).toContain("<domain type='qemu'");
    const domCaps = await conn.getDomainCapabilities(null, 'x86_64', null, 'qemu', 0);
    expect(domCaps).toContain('<domainCapabilities>');
    expect(domCaps).toContain('<domain>qemu</domain>');
    expect(domCaps).toContain('<arch>x86_64</arch>');
    expectLibvirtError(await rejection(conn.getDomainCapabilities(null, 'no-such-arch', null, null, 0)));
  });

  it('reads node info and memory stats that match this machine', async () => {
    const info = await conn.nodeGetInfo();
    expect(info.model).toBe('x86_64');
    expect(info.cpus).toBe(os.cpus().length);
    expect(info.memoryKiB).toBeGreaterThan(0);
    expect(info.nodes * info.sockets * info.cores * info.threads).toBeGreaterThanOrEqual(info.cpus);

    const mem = await conn.nodeGetMemoryStats(-1, 0);
    expect(Object.keys(mem).sort()).toEqual(['buffers', 'cached', 'free', 'total']);
    expect(mem.total).toBe(os.totalmem() / 1024); // both read MemTotal of /proc/meminfo
    expect(mem.free as number).toBeGreaterThan(0);
    expect(mem.free as number).toBeLessThan(mem.total as number);

    const free = await conn.nodeGetFreeMemory();
    expect(typeof free).toBe('number');
    expect(free as number).toBeGreaterThan(0);
  });

  it('reads node CPU stats that advance over time, for all CPUs and for one', async () => {
    const busy = (s: Record<string, unknown>) => (s.kernel as number) + (s.user as number) + (s.idle as number);
    const first = await conn.nodeGetCPUStats(-1, 0);
    expectCpuStats(first);
    await new Promise((r) => setTimeout(r, 300));
    const second = await conn.nodeGetCPUStats(-1, 0);
    expect(busy(second)).toBeGreaterThan(busy(first));
    expectCpuStats(await conn.nodeGetCPUStats(0, 0));
    expectLibvirtError(await rejection(conn.nodeGetCPUStats(4096, 0)), VIR_ERR_INVALID_ARG);
  });
});

/**
 * A unix-socket proxy in front of the real libvirtd socket, so a test can cut
 * ITS OWN connection (EOF) or silence it (keepalive timeout) without touching
 * the shared daemon.
 */
async function startProxy(target: string) {
  const dir = mkdtempSync(join(os.tmpdir(), 'vd-host-proxy-'));
  const path = join(dir, 'proxy.sock');
  const sockets = new Set<net.Socket>();
  let silent = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (d) => void (silent || upstream.write(d)));
    upstream.on('data', (d) => void (silent || client.write(d)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    uri: `qemu+unix:///system?socket=${path}`,
    cut: () => sockets.forEach((s) => s.destroy()),
    silence: () => void (silent = true),
    stop: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const DAEMON_SOCKET = ['/var/run/libvirt/libvirt-sock', '/var/run/libvirt/virtqemud-sock'].find((p) => existsSync(p));

describe('onClose reasons on a remote connection', () => {
  beforeAll(() => requireSystem());
  it('reports EOF (1) within 2 s when the daemon connection drops', async () => {
    const proxy = await startProxy(DAEMON_SOCKET!);
    const conn = await openLibvirt(proxy.uri, { readOnly: true });
    try {
      const reasons: number[] = [];
      await conn.onClose((reason) => reasons.push(reason));
      expect(await conn.isAlive()).toBe(true);
      proxy.cut();
      const reason = await waitFor(() => reasons[0], 'the close callback', 2000);
      expect(reason).toBe(CLOSE_REASON_EOF);
      expect(await conn.isAlive()).toBe(false);
      // Calls on the dead connection reject (libvirt error), never hang.
      // (getCapabilities: the remote driver answers getType from a cache.)
      expectLibvirtError(await rejection(conn.getCapabilities()));
    } finally {
      await conn.close();
      await proxy.stop();
    }
  });

  it('reports KEEPALIVE (2) when the daemon stops answering', async () => {
    const proxy = await startProxy(DAEMON_SOCKET!);
    const conn = await openLibvirt(proxy.uri, { readOnly: true });
    try {
      const reasons: number[] = [];
      await conn.onClose((reason) => reasons.push(reason));
      await conn.setKeepAlive(1, 1); // dead after ~2 s without a pong
      proxy.silence();
      const started = Date.now();
      const reason = await waitFor(() => reasons[0], 'the close callback', 6000);
      expect(reason).toBe(CLOSE_REASON_KEEPALIVE);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(await conn.isAlive()).toBe(false);
    } finally {
      await conn.close();
      await proxy.stop();
    }
  });
});
