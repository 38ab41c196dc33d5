// A real libvirtd dies and comes back: the connection follows by itself.
import { writeFileSync, rmSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../preload/contract';
import { libvirt } from '../../main/libvirt';
import { ConnectionService } from '../../main/services/connection-service';
import { silentLogger } from '../../main/services/event-sink';
import { PrivateLibvirtd } from '../support/private-libvirtd';

function domainXml(name: string, uuid = randomUUID()): string {
  return `<domain type='qemu'><name>${name}</name><uuid>${uuid}</uuid><memory unit='MiB'>32</memory><os><type arch='x86_64'>hvm</type></os></domain>`;
}

async function waitUntil(what: string, ms: number, ok: () => boolean): Promise<number> {
  const start = Date.now();
  while (!ok()) {
    if (Date.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}

describe('connection survives a libvirtd restart', () => {
  let daemon: PrivateLibvirtd;
  const sink = { emit: () => undefined };
  let svc: ConnectionService;
  let id: string;
  const state = () => svc.list().find((c) => c.id === id)!.state as ConnectionInfo['state'];
  const names = () => svc.domains(id).map((d) => d.name).sort();

  beforeAll(async () => {
    daemon = await PrivateLibvirtd.start();
    for (const name of ['vd-rc-a', 'vd-rc-b']) {
      const file = join(daemon.dir, `${name}.xml`);
      writeFileSync(file, domainXml(name));
      daemon.virsh('define', file);
    }
    svc = new ConnectionService(libvirt, sink, silentLogger);
    ({ id } = await svc.open(daemon.uri()));
  });

  afterAll(async () => {
    await svc?.closeAll();
    await daemon?.dispose();
  });

  it('starts connected with the daemon’s domains', () => {
    expect(state().kind).toBe('connected');
    expect(names()).toEqual(['vd-rc-a', 'vd-rc-b']);
  });

  it('is marked disconnected within 2 s of the daemon dying, keeping the last known list', async () => {
    await daemon.kill('SIGKILL');
    const ms = await waitUntil('disconnected', 2000, () => state().kind === 'disconnected');
    expect(state()).toMatchObject({ kind: 'disconnected', retryAt: expect.any(Number) });
    expect(names()).toEqual(['vd-rc-a', 'vd-rc-b']);
    console.log(`disconnect noticed after ${ms} ms`);
  });

  it('reconnects within 5 s of the daemon’s return, without user action, and reconciles the list', async () => {
    // While it is down, its configuration changes: b is gone, c is new.
    rmSync(join(daemon.qemuConfigDir, 'vd-rc-b.xml'));
    const c = join(daemon.qemuConfigDir, 'vd-rc-c.xml');
    writeFileSync(c, domainXml('vd-rc-c'));
    if (process.getuid?.() === 0) chownSync(c, 65534, 65534);
    await new Promise((r) => setTimeout(r, 1500)); // a few failed attempts meanwhile
    await daemon.launch();
    const ms = await waitUntil('reconnected', 5000, () => state().kind === 'connected');
    console.log(`reconnected ${ms} ms after the daemon answered`);
    expect(names()).toEqual(['vd-rc-a', 'vd-rc-c']);
    expect(new Set(svc.domains(id).map((d) => d.uuid)).size).toBe(2);
  });

  it('hears events again on the new connection', async () => {
    const file = join(daemon.dir, 'vd-rc-d.xml');
    writeFileSync(file, domainXml('vd-rc-d'));
    daemon.virsh('define', file);
    await waitUntil('event for vd-rc-d', 5000, () => names().includes('vd-rc-d'));
    expect(names()).toEqual(['vd-rc-a', 'vd-rc-c', 'vd-rc-d']);
  });
});
