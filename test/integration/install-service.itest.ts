// The install service on a real libvirtd (qemu:///system): a guest made from
// the tiny guest's kernel and initramfs with a new qcow2 disk in a vdtw- dir
// pool, a rollback after a forced failure, an imported qcow2, a VMDK
// converted into the pool, and osinfo-detect on an ISO made here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallSpec, JobFinished, JobProgress } from '../../preload/contract';
import { libvirt } from '../../main/libvirt';
import { InstallService, type InstallHooks } from '../../main/install/install-service';
import { ConnectionService } from '../../main/services/connection-service';
import { DomainService } from '../../main/services/domain-service';
import { silentLogger } from '../../main/services/event-sink';
import { SYSTEM_URI, requireSystem, virsh, waitForGuestShell } from '../support/system-libvirt';
import { DEBIAN11_VOLUME_ID, TINY_INITRD, TINY_KERNEL, allGuests, createTempPool, makeIso, poolVolumes, removeGuestFully, type TempPool } from '../support/install-pool';

const POOL = 'vdtw-itest-pool';
const GUESTS = ['vdtw-it-boot', 'vdtw-it-rollback', 'vdtw-it-import', 'vdtw-it-vmdk'];

class Sink {
  events: { name: string; payload: unknown }[] = [];
  emit(name: string, payload: unknown) {
    this.events.push({ name, payload });
  }
}

describe('install service on qemu:///system', () => {
  beforeAll(() => requireSystem());
  let pool: TempPool;
  let work: string;
  let sink: Sink;
  let conns: ConnectionService;
  let connectionId: string;
  const hooks: InstallHooks = {};

  beforeAll(async () => {
    for (const g of GUESTS) removeGuestFully(g);
    pool = createTempPool(POOL);
    work = mkdtempSync(join(tmpdir(), 'vdtw-itest-'));
    sink = new Sink();
    conns = new ConnectionService(libvirt, sink, silentLogger);
    connectionId = (await conns.open(SYSTEM_URI)).id;
  });
  afterAll(async () => {
    for (const g of GUESTS) removeGuestFully(g);
    pool?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
    await conns?.closeAll();
  });

  const service = () => new InstallService(conns, sink, hooks);
  const spec = (patch: Partial<InstallSpec>): InstallSpec => ({
    connectionId,
    name: 'vdtw-it-boot',
    source: { kind: 'kernel', kernel: TINY_KERNEL, initrd: TINY_INITRD, args: 'console=ttyS0,115200 quiet nokaslr' },
    osId: null,
    arch: 'x86_64',
    machine: 'pc',
    virtType: 'qemu',
    memoryMiB: 112,
    vcpus: 1,
    storage: { kind: 'new', pool: POOL, sizeMiB: 64, format: 'qcow2', sparse: true },
    network: { kind: 'none' },
    firmware: 'bios',
    customize: false,
    ...patch,
  });
  const finished = async (jobId: string, timeoutMs = 60_000): Promise<JobFinished> => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const f = sink.events.find((e) => e.name === 'jobs.finished' && (e.payload as JobFinished).jobId === jobId);
      if (f) return f.payload as JobFinished;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('job did not finish');
  };

  it('the checked-in expected documents pass libvirt’s schema', () => {
    const dir = join(__dirname, '..', 'unit', 'install', 'expected');
    for (const f of readdirSync(dir)) {
      const r = spawnSync('virt-xml-validate', [join(dir, f), 'domain'], { encoding: 'utf8' });
      expect(`${f}: ${r.status} ${r.stderr}`).toBe(`${f}: 0 ${join(dir, f)} validates\n`);
    }
  });

  it('libvirt accepts the expected documents as definitions (TCG; the UEFI + TPM one with OVMF and swtpm installed)', () => {
    const dir = join(__dirname, '..', 'unit', 'install', 'expected');
    for (const f of readdirSync(dir)) {
      const name = `vdtw-it-xml-${f.replace('.xml', '')}`;
      // TCG only on CI: kvm -> qemu, and no host-passthrough CPU there
      const xml = readFileSync(join(dir, f), 'utf8')
        .replace("<domain type='kvm'>", "<domain type='qemu'>")
        .replace(/\s*<cpu mode='host-passthrough'[^>]*\/>/, '')
        .replace(/<name>[^<]*<\/name>/, `<name>${name}</name>`)
        .replace(/\s*<uuid>[^<]*<\/uuid>/, '');
      const file = join(work, f);
      writeFileSync(file, xml);
      try {
        virsh('define', file);
        expect(virsh('dumpxml', '--inactive', name)).toContain(`<name>${name}</name>`);
      } finally {
        removeGuestFully(name);
      }
    }
  });

  it('lists the host, its pools and networks', async () => {
    const o = await service().options(connectionId);
    expect(o.hostMemoryMiB).toBeGreaterThan(0);
    expect(o.arches.find((a) => a.arch === 'x86_64')?.virtTypes).toContain('qemu');
    expect(o.pools.find((p) => p.name === POOL)).toMatchObject({ type: 'dir', active: true, path: pool.dir });
    expect(o.networks.at(-1)!.choice).toEqual({ kind: 'none' });
  });

  it('makes a booting guest with a 64 MiB qcow2 disk from the tiny guest’s kernel', async () => {
    const { jobId } = await service().create(spec({}));
    const done = await finished(jobId);
    expect(done).toMatchObject({ ok: true, name: 'vdtw-it-boot', started: true });
    const xml = virsh('dumpxml', 'vdtw-it-boot');
    expect(xml).toContain(`<source file='${pool.dir}/vdtw-it-boot.qcow2'`);
    expect(xml).toMatch(/<memory unit='KiB'>114688<\/memory>/);
    expect(poolVolumes(POOL)).toEqual(['vdtw-it-boot.qcow2']);
    expect(virsh('vol-info', 'vdtw-it-boot.qcow2', '--pool', POOL, '--bytes')).toMatch(/Capacity:\s+67108864 bytes/);
    const steps = sink.events.filter((e) => e.name === 'jobs.progress' && (e.payload as JobProgress).jobId === jobId).map((e) => (e.payload as JobProgress).step);
    expect(steps[0]).toContain('Creating disk vdtw-it-boot.qcow2');
    await waitForGuestShell('vdtw-it-boot', 150_000);

    // Delete with its storage: the volume goes too.
    await new Promise((r) => setTimeout(r, 500));
    const domains = new DomainService(conns);
    const ref = { connectionId, uuid: virsh('domuuid', 'vdtw-it-boot').trim() };
    const items = await domains.storage(ref);
    expect(items.filter((i) => i.defaultChecked).map((i) => i.path)).toEqual([`${pool.dir}/vdtw-it-boot.qcow2`]);
    expect(await domains.deleteWithStorage(ref, [`${pool.dir}/vdtw-it-boot.qcow2`])).toEqual([]);
    expect(allGuests()).not.toContain('vdtw-it-boot');
    expect(poolVolumes(POOL)).toEqual([]);
    expect(existsSync(TINY_KERNEL)).toBe(true);
  }, 200_000);

  it('rolls back the disk and the definition when a step after the disk fails', async () => {
    hooks.afterStep = (step) => {
      if (step === 'define') throw new Error('forced failure after define');
    };
    try {
      const { jobId } = await service().create(spec({ name: 'vdtw-it-rollback' }));
      const done = await finished(jobId);
      expect(done).toMatchObject({ ok: false, cancelled: false, error: { detail: 'forced failure after define' } });
      expect(done.ok ? [] : done.rolledBack).toEqual(['the definition of vdtw-it-rollback', `the disk ${pool.dir}/vdtw-it-rollback.qcow2`]);
      expect(allGuests()).not.toContain('vdtw-it-rollback');
      expect(poolVolumes(POOL)).toEqual([]);
    } finally {
      delete hooks.afterStep;
    }
  });

  it('imports a qcow2 image in place, and converts a VMDK into a qcow2 in the pool', async () => {
    const qcow = join(work, 'imported.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', qcow, '32M']);
    const a = await service().create(spec({ name: 'vdtw-it-import', source: { kind: 'import', path: qcow, pool: POOL }, storage: { kind: 'none' }, customize: true }));
    expect(await finished(a.jobId)).toMatchObject({ ok: true, started: false });
    expect(virsh('dumpxml', 'vdtw-it-import')).toContain(`<source file='${qcow}'/>`);

    const vmdk = join(work, 'disk.vmdk');
    execFileSync('qemu-img', ['create', '-q', '-f', 'vmdk', vmdk, '48M']);
    const b = await service().create(spec({ name: 'vdtw-it-vmdk', source: { kind: 'import', path: vmdk, pool: POOL }, storage: { kind: 'none' }, customize: true }));
    expect(await finished(b.jobId)).toMatchObject({ ok: true });
    expect(poolVolumes(POOL)).toEqual(['vdtw-it-vmdk.qcow2']);
    const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', '-U', join(pool.dir, 'vdtw-it-vmdk.qcow2')], { encoding: 'utf8' })) as { format: string; 'virtual-size': number };
    expect(info).toMatchObject({ format: 'qcow2', 'virtual-size': 48 * 1024 * 1024 });
    expect(virsh('dumpxml', 'vdtw-it-vmdk')).toContain(`<source file='${pool.dir}/vdtw-it-vmdk.qcow2'/>`);
    const progress = sink.events.filter((e) => e.name === 'jobs.progress' && (e.payload as JobProgress).jobId === b.jobId).map((e) => e.payload as JobProgress);
    expect(progress.some((p) => p.step.startsWith('Converting'))).toBe(true);
    expect(progress.some((p) => p.step.startsWith('Copying') && p.fraction === 1)).toBe(true);
  });

  it('recognises an ISO carrying Debian 11’s volume ID', async () => {
    const iso = join(work, 'debian.iso');
    makeIso(iso, DEBIAN11_VOLUME_ID);
    expect((await service().detect(connectionId, iso))?.shortId).toBe('debian11');
    const plain = join(work, 'plain.iso');
    makeIso(plain, 'NOTHING KNOWN');
    expect(await service().detect(connectionId, plain)).toBeNull();
  });
});
