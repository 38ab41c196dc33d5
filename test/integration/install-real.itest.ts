// The New VM wizard's back end doing, on a real libvirtd, what the unit tests
// only check against a fake: a UEFI guest booting under OVMF, a Windows 11
// profile's emulated TPM run by swtpm, cancelling a VMDK import midway, the
// install media taken out on the guest's first reboot, and the default pool
// made when a (private) daemon has none. Everything here is named vdtr-*.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallSpec, JobFinished, JobProgress } from '../../preload/contract';
import { libvirt } from '../../main/libvirt';
import { InstallService } from '../../main/install/install-service';
import { ConnectionService } from '../../main/services/connection-service';
import { silentLogger } from '../../main/services/event-sink';
import { openPty } from '../support/pty';
import { PrivateLibvirtd } from '../support/private-libvirtd';
import { SYSTEM_URI, domState, requireSystem, virsh, waitForGuestShell } from '../support/system-libvirt';
import { TINY_INITRD, TINY_KERNEL, allGuests, createTempPool, poolVolumes, removeGuestFully, type TempPool } from '../support/install-pool';

const POOL = 'vdtr-itest-pool';
const UEFI = 'vdtr-it-uefi';
const TPM = 'vdtr-it-tpm';
const CANCEL = 'vdtr-it-cancel';
const ISO = 'vdtr-it-iso';
const GUESTS = [UEFI, TPM, CANCEL, ISO];
const WIN11 = 'http://microsoft.com/win/11';

/** Collects the service's events; `on` lets a test act the moment one arrives (e.g. cancel). */
class Sink {
  events: { name: string; payload: unknown }[] = [];
  on?: (name: string, payload: unknown) => void;
  emit(name: string, payload: unknown) {
    this.events.push({ name, payload });
    this.on?.(name, payload);
  }
  progress(jobId: string): JobProgress[] {
    return this.events.filter((e) => e.name === 'jobs.progress' && (e.payload as JobProgress).jobId === jobId).map((e) => e.payload as JobProgress);
  }
  /** The job's outcome; a failure is an error naming libvirt's reason, so a failed run says why. */
  async succeeded(jobId: string, timeoutMs = 120_000): Promise<JobFinished & { ok: true }> {
    const done = await this.finished(jobId, timeoutMs);
    if (!done.ok) throw new Error(`job failed: ${JSON.stringify(done)}`);
    return done;
  }
  async finished(jobId: string, timeoutMs = 120_000): Promise<JobFinished> {
    return waitFor(`job ${jobId} to finish`, timeoutMs, () => this.events.find((e) => e.name === 'jobs.finished' && (e.payload as JobFinished).jobId === jobId)?.payload as JobFinished | undefined);
  }
}

/** Polls `probe` until it returns something other than undefined/false; ends as soon as it does. */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | false, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Command lines of running processes whose command line contains `needle`. */
function processesWith(needle: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(needle)) out.push(cmd);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function kernelSpec(connectionId: string, patch: Partial<InstallSpec>): InstallSpec {
  return {
    connectionId,
    name: 'vdtr-it-x',
    source: { kind: 'kernel', kernel: TINY_KERNEL, initrd: TINY_INITRD, args: 'console=ttyS0' },
    osId: null,
    arch: 'x86_64',
    machine: null,
    virtType: 'qemu',
    memoryMiB: 256,
    vcpus: 1,
    storage: { kind: 'none' },
    network: { kind: 'none' },
    firmware: 'bios',
    customize: false,
    ...patch,
  };
}

describe('New VM wizard back end on qemu:///system, for real', () => {
  beforeAll(() => requireSystem());
  let pool: TempPool;
  let work: string;
  let sink: Sink;
  let conns: ConnectionService;
  let connectionId: string;

  beforeAll(async () => {
    for (const g of GUESTS) removeGuestFully(g);
    pool = createTempPool(POOL);
    work = mkdtempSync(join(tmpdir(), 'vdtr-itest-'));
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

  const service = () => new InstallService(conns, sink);

  it('offers UEFI and an emulated TPM here (OVMF and swtpm installed), from the domain capabilities', async () => {
    const o = await service().options(connectionId);
    expect(o).toMatchObject({ uefi: true, tpm: true });
  });

  it('creates a UEFI guest that boots the tiny kernel under OVMF, with its own NVRAM', async () => {
    const { jobId } = await service().create(kernelSpec(connectionId, { name: UEFI, firmware: 'efi' }));
    expect(await sink.succeeded(jobId)).toMatchObject({ name: UEFI, started: true });
    const xml = virsh('dumpxml', UEFI);
    // libvirt resolved firmware='efi' to one of OVMF's builds, with a per-guest copy of its variable store
    expect(xml).toMatch(/<loader readonly='yes'( secure='(yes|no)')? type='pflash'>\/usr\/share\/OVMF\/OVMF_CODE[^<]*\.fd<\/loader>/);
    const nvram = /<nvram[^>]*>([^<]+)<\/nvram>/.exec(xml)?.[1];
    expect(nvram).toBe(`/var/lib/libvirt/qemu/nvram/${UEFI}_VARS.fd`);
    expect(existsSync(nvram!)).toBe(true);
    // OVMF, then the kernel's EFI stub, then the busybox shell on ttyS0 (slow under TCG)
    await waitForGuestShell(UEFI, 400_000);

    virsh('destroy', UEFI);
    virsh('undefine', '--nvram', UEFI);
    expect(allGuests()).not.toContain(UEFI);
    expect(existsSync(nvram!)).toBe(false);
  }, 500_000);

  it('gives a Windows 11 profile an emulated TPM 2.0 that swtpm runs while the guest does', async () => {
    const svc = service();
    const check = await svc.check(kernelSpec(connectionId, { name: TPM, osId: WIN11, firmware: 'efi' }));
    // Windows 11's minimums are warnings; nothing about a missing TPM or UEFI
    expect(check.problems.filter((p) => p.severity === 'error' || p.field === 'firmware')).toEqual([]);
    const { jobId } = await svc.create(kernelSpec(connectionId, { name: TPM, osId: WIN11, firmware: 'efi' }));
    expect(await sink.succeeded(jobId)).toMatchObject({ name: TPM, started: true });
    const xml = virsh('dumpxml', TPM);
    expect(xml).toMatch(/<tpm model='tpm-crb'>\s*<backend type='emulator' version='2.0'/);
    const uuid = virsh('domuuid', TPM).trim();
    expect(domState(TPM)).toBe('running');
    // libvirt runs one swtpm per guest, its state under /var/lib/libvirt/swtpm/<uuid>
    expect(processesWith(`/var/lib/libvirt/swtpm/${uuid}`).filter((c) => c.startsWith('swtpm') || c.includes('/swtpm '))).toHaveLength(1);
    expect(existsSync(`/var/lib/libvirt/swtpm/${uuid}/tpm2`)).toBe(true);

    virsh('destroy', TPM);
    await waitFor('swtpm to stop with its guest', 30_000, () => processesWith(`/var/lib/libvirt/swtpm/${uuid}`).length === 0);
    virsh('undefine', '--nvram', '--tpm', TPM);
    expect(existsSync(`/var/lib/libvirt/swtpm/${uuid}`)).toBe(false);
  }, 300_000);

  describe('cancelling a VMDK import', () => {
    let vmdk: string;
    let jobTmp: string;
    const savedTmp = process.env.TMPDIR;

    beforeAll(() => {
      // 256 MiB of random data: conversion and upload both have real work
      const raw = join(work, 'data.raw');
      vmdk = join(work, 'big.vmdk');
      execFileSync('dd', ['if=/dev/urandom', `of=${raw}`, 'bs=1M', 'count=256', 'status=none']);
      execFileSync('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'vmdk', raw, vmdk]);
      rmSync(raw);
      // The service's temp dirs go to os.tmpdir(), i.e. $TMPDIR: a directory of this test's own, so others' jobs cannot confuse the count.
      jobTmp = mkdtempSync(join(work, 'tmp-'));
      process.env.TMPDIR = jobTmp;
    });
    afterAll(() => {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      if (vmdk) rmSync(vmdk, { force: true });
    });

    const cancelWhen = async (when: (p: JobProgress) => boolean) => {
      const svc = service();
      let jobId = '';
      let cancelledAt: JobProgress | undefined;
      let volumesAtCancel: string[] = [];
      let tempDirsAtCancel: string[] = [];
      sink.on = (name, payload) => {
        const p = payload as JobProgress;
        if (name !== 'jobs.progress' || p.jobId !== jobId || cancelledAt || !when(p)) return;
        cancelledAt = p;
        volumesAtCancel = poolVolumes(POOL);
        tempDirsAtCancel = readdirSync(jobTmp);
        void svc.cancel(jobId);
      };
      try {
        jobId = (await svc.create(kernelSpec(connectionId, { name: CANCEL, source: { kind: 'import', path: vmdk, pool: POOL }, customize: true }))).jobId;
        const done = await sink.finished(jobId);
        return { done, cancelledAt, volumesAtCancel, tempDirsAtCancel, progress: sink.progress(jobId) };
      } finally {
        delete sink.on;
      }
    };

    it('while converting: the job ends cancelled, the temp dir is gone, nothing was defined', async () => {
      const r = await cancelWhen((p) => p.step.startsWith('Converting') && p.fraction !== null && p.fraction > 0);
      expect(r.cancelledAt!.fraction).toBeLessThan(0.5);
      expect(r.progress.some((p) => p.step.startsWith('Copying'))).toBe(false);
      expect(r.tempDirsAtCancel.filter((d) => d.startsWith('virtdesk-convert-'))).toHaveLength(1);
      expect(r.done).toMatchObject({ ok: false, cancelled: true });
      expect(poolVolumes(POOL)).toEqual([]);
      expect(allGuests()).not.toContain(CANCEL);
      expect(readdirSync(jobTmp)).toEqual([]);
    });

    it('while copying into the pool: the half-written volume is deleted too', async () => {
      const r = await cancelWhen((p) => p.step.startsWith('Copying') && p.fraction !== null && p.fraction < 1);
      expect(r.volumesAtCancel).toEqual([`${CANCEL}.qcow2`]);
      // it stopped midway: the copy never reported completion
      expect(r.progress.some((p) => p.step.startsWith('Copying') && p.fraction === 1)).toBe(false);
      expect(r.done).toMatchObject({ ok: false, cancelled: true });
      expect(r.done.ok ? [] : r.done.rolledBack).toEqual([`the disk ${pool.dir}/${CANCEL}.qcow2`]);
      expect(poolVolumes(POOL)).toEqual([]);
      expect(allGuests()).not.toContain(CANCEL);
      expect(readdirSync(jobTmp)).toEqual([]);
    });
  });

  it('takes the install ISO out when the guest first reboots, and starts it again from its disk (started from virsh)', async () => {
    const iso = join(work, 'tiny.iso');
    const t0 = Date.now();
    makeGrubIso(iso, work);
    console.log(`grub-mkrescue made the tiny guest's ISO (${Math.round(statSync(iso).size / 1024)} KiB) in ${Date.now() - t0} ms`);

    // Defined by one service instance and started from outside it (virsh): the
    // install run is finished by whichever service follows the host, not by the job.
    const { jobId } = await service().create(
      kernelSpec(connectionId, { name: ISO, customize: true, source: { kind: 'iso', path: iso }, storage: { kind: 'new', pool: POOL, sizeMiB: 16, format: 'qcow2', sparse: true } }),
    );
    expect(await sink.succeeded(jobId)).toMatchObject({ name: ISO, started: false });
    virsh('start', ISO);
    const installXml = virsh('dumpxml', '--inactive', ISO);
    expect(installXml).toContain('<on_reboot>destroy</on_reboot>');
    expect(installXml).toContain(`<source file='${iso}'/>`);
    expect(installXml).toContain("<boot dev='cdrom'/>");

    // SeaBIOS -> GRUB from the CD -> the tiny kernel -> its shell
    await waitForGuestShell(ISO, 400_000);
    const firstId = virsh('domid', ISO).trim();
    const pty = openPty(serialPtyOf(ISO));
    try {
      pty.write('reboot -f\r');
    } finally {
      pty.close();
    }

    // The install run stops (on_reboot=destroy); the service redefines the guest and starts it again.
    const finalXml = await waitFor('the guest to be redefined without its install media and running again', 180_000, () => {
      const xml = virsh('dumpxml', '--inactive', ISO);
      return /<on_reboot>restart<\/on_reboot>/.test(xml) && domState(ISO) === 'running' && virsh('domid', ISO).trim() !== firstId && xml;
    }, 250);
    const cdrom = /<disk type='file' device='cdrom'>[\s\S]*?<\/disk>/.exec(finalXml)?.[0];
    expect(cdrom).toBeDefined();
    expect(cdrom).not.toContain('<source');
    expect(finalXml).not.toContain(iso);
    expect(finalXml).toContain("<boot dev='hd'/>");
    expect(finalXml).not.toContain("<boot dev='cdrom'/>");
    expect(finalXml).toContain(`<source file='${pool.dir}/${ISO}.qcow2'/>`);
    // the running guest has no medium either
    expect(virsh('dumpxml', ISO)).not.toContain(iso);
  }, 700_000);
});

describe('the default pool made on first use (CONN-16), on a private libvirtd', () => {
  beforeAll(() => requireSystem());
  let d: PrivateLibvirtd;
  let conns: ConnectionService;
  let connectionId: string;
  const sink = new Sink();
  const savedXdg = process.env.XDG_DATA_HOME;
  const NAME = 'vdtr-it-defpool';

  beforeAll(async () => {
    d = await PrivateLibvirtd.start();
    // A local session daemon runs as its user, so it shares the user's XDG data dir; this one's user has its home under the test's dir.
    process.env.XDG_DATA_HOME = join(d.home, '.local', 'share');
    conns = new ConnectionService(libvirt, sink, silentLogger);
    connectionId = (await conns.open(d.uri())).id;
  });
  afterAll(async () => {
    if (savedXdg === undefined) delete process.env.XDG_DATA_HOME;
    else process.env.XDG_DATA_HOME = savedXdg;
    await conns?.closeAll();
    await d?.dispose();
  });

  it('defines, builds and starts the default dir pool in the session’s data dir, and makes the disk there', async () => {
    const want = join(d.home, '.local', 'share', 'libvirt', 'images');
    expect(d.virsh('pool-list', '--all', '--name').trim()).toBe('');
    const svc = new InstallService(conns, sink);
    const o = await svc.options(connectionId);
    expect(o.pools.find((p) => p.name === 'default')).toMatchObject({ uuid: '', active: false, path: want });

    const { jobId } = await svc.create(
      kernelSpec(connectionId, { name: NAME, machine: 'pc', storage: { kind: 'new', pool: 'default', sizeMiB: 16, format: 'qcow2', sparse: true }, customize: true }),
    );
    const done = await sink.finished(jobId);
    expect(done).toMatchObject({ ok: true, name: NAME, started: false });
    expect(sink.progress(jobId).map((p) => p.step)).toContain(`Creating the default storage pool at ${want}`);
    expect(d.virsh('pool-dumpxml', 'default')).toContain(`<path>${want}</path>`);
    expect(d.virsh('pool-info', 'default')).toMatch(/State:\s+running[\s\S]*Persistent:\s+yes[\s\S]*Autostart:\s+yes/);
    expect(statSync(want).isDirectory()).toBe(true);
    expect(d.virsh('vol-list', 'default')).toContain(`${want}/${NAME}.qcow2`);
    expect(JSON.parse(execFileSync('qemu-img', ['info', '--output=json', '-U', join(want, `${NAME}.qcow2`)], { encoding: 'utf8' }))).toMatchObject({ format: 'qcow2', 'virtual-size': 16 * 1024 * 1024 });
    expect(d.virsh('dumpxml', '--inactive', NAME)).toContain(`<source file='${want}/${NAME}.qcow2'/>`);
    // And now that it exists it is offered as it is
    expect((await svc.options(connectionId)).pools.find((p) => p.name === 'default')).toMatchObject({ active: true, path: want });
  });
});

function serialPtyOf(name: string): string {
  const m = /<serial type=['"]pty['"]>[\s\S]*?<source path=['"]([^'"]+)['"]/.exec(virsh('dumpxml', name));
  if (!m) throw new Error(`${name} has no pty serial port`);
  return m[1]!;
}

/** A BIOS-bootable ISO (grub-mkrescue) whose GRUB boots the tiny guest's kernel and initramfs on the serial console at once. */
function makeGrubIso(path: string, work: string): void {
  const root = mkdtempSync(join(work, 'isoroot-'));
  try {
    mkdirSync(join(root, 'boot', 'grub'), { recursive: true });
    execFileSync('cp', [TINY_KERNEL, join(root, 'boot', 'vmlinuz')]);
    execFileSync('cp', [TINY_INITRD, join(root, 'boot', 'initrd.img')]);
    writeFileSync(
      join(root, 'boot', 'grub', 'grub.cfg'),
      ['set timeout=0', 'set default=0', 'menuentry "virtdesk tiny guest" {', '  linux /boot/vmlinuz console=ttyS0', '  initrd /boot/initrd.img', '}', ''].join('\n'),
    );
    const r = spawnSync('grub-mkrescue', ['-o', path, root], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`grub-mkrescue failed (are grub-pc-bin, grub-common, xorriso and mtools installed?): ${r.stderr}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
