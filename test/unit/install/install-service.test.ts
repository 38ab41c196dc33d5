import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallSpec, JobFinished } from '../../../preload/contract';
import { InstallService, urlAnswers } from '../../../main/install/install-service';
import { ConnectionService } from '../../../main/services/connection-service';
import { DomainService } from '../../../main/services/domain-service';
import { silentLogger } from '../../../main/services/event-sink';
import { FakeConnection, FakeHypervisor, RecordingSink, domainInfo } from '../fakes/fake-hypervisor';

const MiB = 1024 * 1024;
const URI = 'qemu:///system';
let dir: string;
let kernel: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vdtw-unit-'));
  kernel = join(dir, 'vmlinuz');
  writeFileSync(kernel, 'not really a kernel');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setup(hooks = {}) {
  const hv = new FakeHypervisor();
  let conn!: FakeConnection;
  hv.hosts.set(URI, () => {
    conn = new FakeConnection(URI, [domainInfo('taken', 1, 1)]);
    conn.counters.set(domainInfo('taken', 1).uuid, { cpuTimeNs: 0, vcpus: 2, memoryKiB: 6 * 1024 * 1024, maxMemKiB: 6 * 1024 * 1024 });
    conn.capabilitiesXml = "<capabilities><host><cpu><arch>x86_64</arch></cpu></host><guest><os_type>hvm</os_type><arch name='x86_64'><machine canonical='pc-i440fx-7.2'>pc</machine><machine>q35</machine><domain type='qemu'/></arch></guest></capabilities>";
    return conn;
  });
  const sink = new RecordingSink();
  const connections = new ConnectionService(hv, sink, silentLogger);
  const info = await connections.open(URI);
  const install = new InstallService(connections, sink, hooks);
  return { conn, sink, connections, install, id: info.id };
}

function spec(id: string, patch: Partial<InstallSpec> = {}): InstallSpec {
  return {
    connectionId: id,
    name: 'vdtw-new',
    source: { kind: 'kernel', kernel, initrd: '', args: 'console=ttyS0' },
    osId: null,
    arch: 'x86_64',
    machine: null,
    virtType: 'qemu',
    memoryMiB: 128,
    vcpus: 1,
    storage: { kind: 'new', pool: 'vdtw-pool', sizeMiB: 64, format: 'qcow2', sparse: true },
    network: { kind: 'none' },
    firmware: 'bios',
    customize: false,
    ...patch,
  };
}

async function finished(sink: RecordingSink, jobId: string): Promise<JobFinished> {
  for (let i = 0; i < 200; i++) {
    const f = sink.named('jobs.finished').find((e) => (e as JobFinished).jobId === jobId);
    if (f) return f as JobFinished;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('job did not finish');
}

describe('install checks', () => {
  it('refuses a name that exists and one with a slash', async () => {
    const { install, id, conn } = await setup();
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    expect((await install.check(spec(id, { name: 'taken' }))).problems).toContainEqual({ field: 'name', severity: 'error', message: 'A guest named taken already exists' });
    expect((await install.check(spec(id, { name: 'a/b' }))).problems).toContainEqual({ field: 'name', severity: 'error', message: "Invalid name: the name cannot contain '/'" });
  });

  it('warns, without blocking, about memory above the host total, with the allocated and physical figures', async () => {
    const { install, id, conn } = await setup();
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    const { problems } = await install.check(spec(id, { memoryMiB: 16384 }));
    expect(problems).toEqual([{ field: 'memory', severity: 'warning', message: "16384 MiB is more than the host's physical memory (8192 MiB); running guests already have 6144 MiB." }]);
    const over = await install.check(spec(id, { memoryMiB: 4096 }));
    expect(over.problems[0]!.message).toBe("Memory overcommit: running guests have 6144 MiB of the host's 8192 MiB; with 4096 MiB more that is 10240 MiB.");
  });

  it('blocks a disk larger than the pool has free, with the figures', async () => {
    const { install, id, conn } = await setup();
    conn.addPool('vdtw-pool', '/pool', 1024 * MiB, 32 * MiB);
    const { problems } = await install.check(spec(id));
    expect(problems).toEqual([{ field: 'storage', severity: 'error', message: "The disk needs 64 MiB, but pool 'vdtw-pool' has only 32 MiB free (of 1 GiB)." }]);
    await expect(install.create(spec(id))).rejects.toThrow(/has only 32 MiB free/);
    expect(conn.calls.some((c) => c.startsWith('createVolume'))).toBe(false);
  });

  it('says when a URL does not answer', async () => {
    const { install, id, conn } = await setup();
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const url = `http://127.0.0.1:${port}/debian.iso`;
    const { problems } = await install.check(spec(id, { source: { kind: 'url', url, kernelArgs: '' } }));
    expect(problems).toContainEqual({ field: 'source', severity: 'error', message: `The URL ${url} does not answer: connection refused` });
  });

  it('lists host limits, allocation, pools (and the default pool to make) and networks', async () => {
    const { install, id, conn } = await setup();
    conn.addPool('vdtw-pool', '/pool', 1024 * MiB, 512 * MiB);
    conn.networks = [{ uuid: 'n1', name: 'default', active: true, bridge: 'virbr0' }];
    const o = await install.options(id);
    expect(o).toMatchObject({ hostMemoryMiB: 8192, hostCpus: 4, allocatedMemoryMiB: 6144, allocatedVcpus: 2, defaultArch: 'x86_64', uefi: false, tpm: false });
    expect(o.arches[0]).toEqual({ arch: 'x86_64', machines: ['q35', 'pc'], virtTypes: ['qemu'] });
    expect(o.pools.map((p) => [p.name, p.uuid === '', p.availableBytes])).toEqual([['default', true, 0], ['vdtw-pool', false, 512 * MiB]]);
    expect(o.networks.map((n) => n.choice)).toContainEqual({ kind: 'network', name: 'default' });
    expect(o.networks.at(-1)!.choice).toEqual({ kind: 'none' });
  });
});

describe('install job', () => {
  it('creates the disk, defines and starts the guest, reporting progress', async () => {
    const { install, id, conn, sink } = await setup();
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    const { jobId } = await install.create(spec(id));
    const done = await finished(sink, jobId);
    expect(done).toMatchObject({ ok: true, name: 'vdtw-new', started: true });
    const vol = [...conn.pools.values()][0]!.volumes[0]!;
    expect(vol).toMatchObject({ name: 'vdtw-new.qcow2', path: '/pool/vdtw-new.qcow2', capacity: 64 * MiB });
    const xml = [...conn.xmls.values()][0]!;
    expect(xml).toContain("<source file='/pool/vdtw-new.qcow2'/>");
    expect(xml).toContain(`<kernel>${kernel}</kernel>`);
    expect(sink.named('jobs.progress').map((p) => (p as { step: string }).step)).toEqual([
      "Creating disk vdtw-new.qcow2 (64 MiB) in pool 'vdtw-pool'",
      'Defining vdtw-new',
      'Starting vdtw-new',
    ]);
  });

  it('rolls back the disk and the definition when a later step fails', async () => {
    const { install, id, conn, sink } = await setup({
      afterStep: (step: string) => {
        if (step === 'define') throw new Error('forced failure after define');
      },
    });
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    const { jobId } = await install.create(spec(id));
    const done = await finished(sink, jobId);
    expect(done).toMatchObject({ ok: false, cancelled: false, error: { message: 'Could not create vdtw-new', detail: 'forced failure after define' } });
    expect(done.ok ? [] : done.rolledBack).toEqual(['the definition of vdtw-new', 'the disk /pool/vdtw-new.qcow2']);
    expect([...conn.pools.values()][0]!.volumes).toEqual([]);
    expect([...conn.domains.values()].map((d) => d.name)).toEqual(['taken']);
  });

  it('creates the default pool when it is missing (CONN-16)', async () => {
    const { install, id, conn, sink } = await setup();
    const { jobId } = await install.create(spec(id, { storage: { kind: 'new', pool: 'default', sizeMiB: 64, format: 'raw', sparse: true } }));
    expect(await finished(sink, jobId)).toMatchObject({ ok: true });
    const pool = [...conn.pools.values()].find((p) => p.name === 'default')!;
    expect(pool.path).toBe('/var/lib/libvirt/images');
    expect(pool.volumes.map((v) => v.name)).toEqual(['vdtw-new.img']);
  });

  it('cancels: nothing is left behind', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { install, id, conn, sink } = await setup({ afterStep: (step: string) => (step === 'disk' ? gate : undefined) });
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    const { jobId } = await install.create(spec(id));
    while (!conn.calls.some((c) => c.startsWith('createVolume'))) await new Promise((r) => setTimeout(r, 2));
    await install.cancel(jobId);
    release();
    const done = await finished(sink, jobId);
    expect(done).toMatchObject({ ok: false, cancelled: true, rolledBack: ['the disk /pool/vdtw-new.qcow2'] });
    expect([...conn.pools.values()][0]!.volumes).toEqual([]);
    await expect(install.cancel(jobId)).rejects.toThrow(/finished/);
  });
});

describe('delete with storage', () => {
  it('lists the guest disks, deletes only its own chosen ones', async () => {
    const { install, id, conn, sink, connections } = await setup();
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    const { jobId } = await install.create(spec(id));
    const done = await finished(sink, jobId);
    if (!done.ok) throw new Error('create failed');
    const domains = new DomainService(connections);
    const items = await domains.storage(done.domain);
    expect(items).toEqual([
      { target: 'vda', device: 'disk', path: '/pool/vdtw-new.qcow2', deletable: true, defaultChecked: true, note: '' },
      { target: 'kernel', device: 'kernel', path: kernel, deletable: true, defaultChecked: false, note: 'Read-only' },
    ]);
    const failures = await domains.deleteWithStorage(done.domain, ['/pool/vdtw-new.qcow2', '/etc/passwd']);
    expect(failures).toEqual(['/etc/passwd: not storage of this guest']);
    expect([...conn.pools.values()][0]!.volumes).toEqual([]);
    expect(conn.domains.has(done.domain.uuid)).toBe(false);
  });
});

describe('urlAnswers', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/ok.iso' ? 200 : 404;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => server.close());
  it('accepts an answering URL and names the HTTP status of a missing one', async () => {
    expect(await urlAnswers(`http://127.0.0.1:${port}/ok.iso`)).toBeUndefined();
    expect(await urlAnswers(`http://127.0.0.1:${port}/missing.iso`)).toBe('HTTP 404 Not Found');
  });
});

describe('install media detached on first reboot', () => {
  it('installs from the ISO with reboots stopping the guest, then redefines it without the media and starts it again', async () => {
    const iso = join(dir, 'install.iso');
    writeFileSync(iso, 'iso');
    const { install, id, conn, sink } = await setup();
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    const { jobId } = await install.create(spec(id, { source: { kind: 'iso', path: iso } }));
    const done = await finished(sink, jobId);
    if (!done.ok) throw new Error('create failed');
    const installXml = conn.xmls.get(done.domain.uuid)!;
    expect(installXml).toContain(`<source file='${iso}'/>`);
    expect(installXml).toContain("<boot dev='cdrom'/>");
    expect(installXml).toContain('<on_reboot>destroy</on_reboot>');

    // The installer reboots: with on_reboot=destroy libvirt reports a stop (shut down by the guest, detail 0).
    conn.calls.length = 0;
    conn.fire({ uuid: done.domain.uuid, name: 'vdtw-new', event: 5, detail: 0 });
    while (!conn.calls.includes(`start ${done.domain.uuid}`)) await new Promise((r) => setTimeout(r, 2));
    const finalXml = conn.xmls.get(done.domain.uuid)!;
    expect(finalXml).not.toContain(iso);
    expect(finalXml).toMatch(/<boot dev=["']hd["']\/>/);
    expect(finalXml).toContain('<on_reboot>restart</on_reboot>');
    expect(conn.lifecycle.size).toBe(2); // the connection service's and the install-run watcher's, nothing per job
  });
});

describe('customize before install', () => {
  it('defines the install run without starting it; Begin Installation starts it and its first reboot takes the media out', async () => {
    const iso = join(dir, 'custom.iso');
    writeFileSync(iso, 'iso');
    const { install, id, conn, sink } = await setup();
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    const { jobId } = await install.create(spec(id, { source: { kind: 'iso', path: iso }, customize: true }));
    const done = await finished(sink, jobId);
    if (!done.ok) throw new Error('create failed');
    expect(done.started).toBe(false);
    expect(conn.calls).not.toContain(`start ${done.domain.uuid}`);
    expect(conn.xmls.get(done.domain.uuid)).toContain(`<source file='${iso}'/>`);

    await install.begin(done.domain);
    expect(conn.calls).toContain(`start ${done.domain.uuid}`);
    conn.calls.length = 0;
    conn.fire({ uuid: done.domain.uuid, name: 'vdtw-new', event: 5, detail: 0 });
    while (!conn.calls.includes(`start ${done.domain.uuid}`)) await new Promise((r) => setTimeout(r, 2));
    expect(conn.xmls.get(done.domain.uuid)).not.toContain(iso);
    expect(conn.xmls.get(done.domain.uuid)).toContain('<on_reboot>restart</on_reboot>');
  });

  it('starts a guest that is not in an install run without watching it', async () => {
    const { install, id, conn, sink } = await setup();
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    const { jobId } = await install.create(spec(id, { source: { kind: 'manual' }, customize: true }));
    const done = await finished(sink, jobId);
    if (!done.ok) throw new Error('create failed');
    const listeners = conn.lifecycle.size;
    await install.begin(done.domain);
    expect(conn.calls).toContain(`start ${done.domain.uuid}`);
    expect(conn.lifecycle.size).toBe(listeners);
  });
});

describe('install runs started elsewhere', () => {
  it('are finished by a service that did not start them (Virtdesk restarted mid-install, or virsh started it), once however many services share the connection', async () => {
    const iso = join(dir, 'elsewhere.iso');
    writeFileSync(iso, 'iso');
    const { install, id, conn, sink, connections } = await setup();
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    const { jobId } = await install.create(spec(id, { source: { kind: 'iso', path: iso }, customize: true }));
    const done = await finished(sink, jobId);
    if (!done.ok) throw new Error('create failed');
    // A second service on the same connections (a second window's worth): it must not double the work.
    new InstallService(connections, sink);
    expect(conn.lifecycle.size).toBe(2);
    await conn.start(done.domain.uuid); // as `virsh start` would
    conn.calls.length = 0;
    conn.fire({ uuid: done.domain.uuid, name: 'vdtw-new', event: 5, detail: 0 });
    while (!conn.calls.includes(`start ${done.domain.uuid}`)) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 20));
    expect(conn.calls.filter((c) => c === `start ${done.domain.uuid}`)).toHaveLength(1);
    expect(conn.xmls.get(done.domain.uuid)).not.toContain(iso);
  });

  it('leave guests without the marker alone, and a forced off stays off', async () => {
    const iso = join(dir, 'forced.iso');
    writeFileSync(iso, 'iso');
    const { install, id, conn, sink } = await setup();
    conn.addPool('vdtw-pool', '/pool', 10 * 1024 * MiB, 5 * 1024 * MiB);
    const plain = await finished(sink, (await install.create(spec(id, { name: 'vdtw-plain' }))).jobId);
    const iso1 = await finished(sink, (await install.create(spec(id, { name: 'vdtw-iso', source: { kind: 'iso', path: iso } }))).jobId);
    if (!plain.ok || !iso1.ok) throw new Error('create failed');
    const plainXml = conn.xmls.get(plain.domain.uuid);
    conn.calls.length = 0;
    conn.fire({ uuid: plain.domain.uuid, name: 'vdtw-plain', event: 5, detail: 0 });
    conn.fire({ uuid: iso1.domain.uuid, name: 'vdtw-iso', event: 5, detail: 2 }); // destroyed
    while (conn.xmls.get(iso1.domain.uuid)!.includes(iso)) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 20));
    expect(conn.xmls.get(plain.domain.uuid)).toBe(plainXml);
    expect(conn.calls.some((c) => c.startsWith('start '))).toBe(false);
  });
});
