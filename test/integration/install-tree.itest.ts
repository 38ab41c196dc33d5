// Network installs from an install tree on a real libvirtd (qemu:///system):
// a local HTTP server serves a Fedora-shaped tree whose kernel and initrd are
// the tiny guest's; the job downloads them into /var/lib/libvirt/boot and
// boots them with inst.repo=<url>; the first stop takes the kernel boot out
// and deletes the files. A server that refuses connections leaves nothing.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallSpec, JobFinished, JobProgress } from '../../preload/contract';
import { libvirt } from '../../main/libvirt';
import { SYSTEM_BOOT_DIR } from '../../main/install/boot-download';
import { InstallService, type InstallHooks } from '../../main/install/install-service';
import { ConnectionService } from '../../main/services/connection-service';
import { silentLogger } from '../../main/services/event-sink';
import { guestRun } from '../support/guest-shell';
import { TINY_INITRD, TINY_KERNEL, allGuests, removeGuestFully } from '../support/install-pool';
import { SYSTEM_URI, requireSystem, virsh, waitForGuestShell } from '../support/system-libvirt';
import { FEDORA37_TREEINFO, closedPort, serveTree, type TreeServer } from '../support/tree-server';

const GUEST = 'vdtu-it-tree';
const ROLLBACK = 'vdtu-it-tree-rollback';
const REFUSED = 'vdtu-it-tree-refused';
const CANCELLED = 'vdtu-it-tree-cancel';
const DEBIAN = 'vdtu-it-tree-debian';
const GUESTS = [GUEST, ROLLBACK, REFUSED, CANCELLED, DEBIAN];

class Sink {
  events: { name: string; payload: unknown }[] = [];
  emit(name: string, payload: unknown) {
    this.events.push({ name, payload });
  }
}

/** Our downloads in the boot dir (other branches' files are not ours to judge). */
const ourBootFiles = () => (existsSync(SYSTEM_BOOT_DIR) ? readdirSync(SYSTEM_BOOT_DIR).filter((f) => f.startsWith('virtdesk-vdtu-')) : []);

async function until(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('install from a tree URL on qemu:///system', () => {
  beforeAll(() => requireSystem());
  let sink: Sink;
  let conns: ConnectionService;
  let connectionId: string;
  let tree: TreeServer;
  const hooks: InstallHooks = {};

  beforeAll(async () => {
    for (const g of GUESTS) removeGuestFully(g);
    sink = new Sink();
    conns = new ConnectionService(libvirt, sink, silentLogger);
    connectionId = (await conns.open(SYSTEM_URI)).id;
    tree = await serveTree({
      '/fedora/37/os/.treeinfo': { text: FEDORA37_TREEINFO },
      '/fedora/37/os/images/pxeboot/vmlinuz': { file: TINY_KERNEL },
      '/fedora/37/os/images/pxeboot/initrd.img': { file: TINY_INITRD },
      '/slow/os/.treeinfo': { text: FEDORA37_TREEINFO },
      '/slow/os/images/pxeboot/vmlinuz': { stall: { bytes: 64 * 1024 * 1024, sendBytes: 3 * 1024 * 1024 } },
      '/slow/os/images/pxeboot/initrd.img': { file: TINY_INITRD },
    });
  });
  afterAll(async () => {
    for (const g of GUESTS) removeGuestFully(g);
    for (const f of ourBootFiles()) rmSync(`${SYSTEM_BOOT_DIR}/${f}`, { force: true });
    await tree?.close();
    await conns?.closeAll();
  });

  const service = () => new InstallService(conns, sink, hooks);
  const spec = (patch: Partial<InstallSpec>): InstallSpec => ({
    connectionId,
    name: GUEST,
    source: { kind: 'url', url: `${tree.origin}/fedora/37/os/`, kernelArgs: 'console=ttyS0,115200 quiet nokaslr' },
    osId: 'http://fedoraproject.org/fedora/37',
    arch: 'x86_64',
    machine: null,
    virtType: 'qemu',
    memoryMiB: 112,
    vcpus: 1,
    storage: { kind: 'none' },
    network: { kind: 'none' },
    firmware: 'bios',
    customize: false,
    ...patch,
  });
  const finished = async (jobId: string, timeoutMs = 60_000): Promise<JobFinished> => {
    let f: { payload: unknown } | undefined;
    await until('the job to finish', () => !!(f = sink.events.find((e) => e.name === 'jobs.finished' && (e.payload as JobFinished).jobId === jobId)), timeoutMs);
    return f!.payload as JobFinished;
  };

  it('detects Fedora 37 from the tree’s .treeinfo', async () => {
    const found = await service().detectUrl(connectionId, `${tree.origin}/fedora/37/os`, 'x86_64');
    expect(found).toMatchObject({ kind: 'tree', kernel: `${tree.origin}/fedora/37/os/images/pxeboot/vmlinuz`, initrd: `${tree.origin}/fedora/37/os/images/pxeboot/initrd.img` });
    expect(found.os?.id).toBe('http://fedoraproject.org/fedora/37');
  });

  it('downloads the kernel, boots it with inst.repo, and at the first stop boots from the disk with the files gone', async () => {
    const before = ourBootFiles();
    const { jobId } = await service().create(spec({}));
    const outcome = await finished(jobId);
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true, name: GUEST, started: true });
    const steps = sink.events.filter((e) => e.name === 'jobs.progress' && (e.payload as JobProgress).jobId === jobId).map((e) => e.payload as JobProgress);
    expect(steps.some((p) => p.step.startsWith('Downloading vmlinuz') && p.fraction === 0.5)).toBe(true);
    expect(steps.some((p) => p.step.startsWith('Downloading initrd.img') && p.fraction === 1)).toBe(true);

    const files = ourBootFiles().filter((f) => !before.includes(f));
    expect(files).toHaveLength(2);
    const kernel = `${SYSTEM_BOOT_DIR}/${files.find((f) => f.endsWith('-vmlinuz'))}`;
    const initrd = `${SYSTEM_BOOT_DIR}/${files.find((f) => f.endsWith('-initrd.img'))}`;
    const live = virsh('dumpxml', GUEST);
    expect(live).toContain(`<kernel>${kernel}</kernel>`);
    expect(live).toContain(`<initrd>${initrd}</initrd>`);
    expect(live).toContain(`<cmdline>inst.repo=${tree.origin}/fedora/37/os/ console=ttyS0,115200 quiet nokaslr</cmdline>`);
    expect(live).toContain('<on_reboot>destroy</on_reboot>');
    expect(live).toContain(`scratch path="${kernel}"/>`);

    await waitForGuestShell(GUEST, 150_000);
    // the installer's kernel got inst.repo: the guest sees it on its command line
    expect(await guestRun(GUEST, 'cat /proc/cmdline')).toContain(`inst.repo=${tree.origin}/fedora/37/os/`);
    // The install run ends: the guest powers off; the definition loses the kernel boot, the files go.
    await guestRun(GUEST, 'poweroff -f', 5_000).catch(() => undefined);
    await until('the kernel boot to be taken out', () => !virsh('dumpxml', '--inactive', GUEST).includes('<kernel>'), 60_000);
    const after = virsh('dumpxml', '--inactive', GUEST);
    expect(after).not.toMatch(/<kernel>|<initrd>|<cmdline>|virtdesk-install/);
    expect(after).toContain("<boot dev='hd'/>");
    expect(after).toContain('<on_reboot>restart</on_reboot>');
    await until('the downloaded files to be deleted', () => !existsSync(kernel) && !existsSync(initrd), 30_000);
  }, 240_000);

  it('rolls back the downloaded files with the definition', async () => {
    const before = ourBootFiles();
    hooks.afterStep = (step) => {
      if (step === 'define') throw new Error('forced failure after define');
    };
    try {
      const { jobId } = await service().create(spec({ name: ROLLBACK }));
      const done = await finished(jobId);
      expect(done).toMatchObject({ ok: false, cancelled: false, error: { detail: 'forced failure after define' } });
      const rolledBack = done.ok ? [] : done.rolledBack;
      expect(rolledBack[0]).toBe(`the definition of ${ROLLBACK}`);
      expect(rolledBack.slice(1)).toEqual([expect.stringMatching(/^the downloaded \/var\/lib\/libvirt\/boot\/virtdesk-vdtu-it-tree-rollback-[0-9a-f]{8}-initrd\.img$/), expect.stringMatching(/-vmlinuz$/)]);
      expect(allGuests()).not.toContain(ROLLBACK);
      expect(ourBootFiles()).toEqual(before);
    } finally {
      delete hooks.afterStep;
    }
  });

  it('cancel during the download removes the partial file and defines nothing', async () => {
    const before = ourBootFiles();
    const svc = service();
    const { jobId } = await svc.create(spec({ name: CANCELLED, source: { kind: 'url', url: `${tree.origin}/slow/os/`, kernelArgs: '' } }));
    await until('the download to progress', () => sink.events.some((e) => e.name === 'jobs.progress' && (e.payload as JobProgress).jobId === jobId && /^Downloading vmlinuz \(\d+ MiB of 64 MiB\)/.test((e.payload as JobProgress).step)), 30_000);
    expect(ourBootFiles().filter((f) => !before.includes(f))).toEqual([expect.stringMatching(/^virtdesk-vdtu-it-tree-cancel-[0-9a-f]{8}-vmlinuz$/)]);
    await svc.cancel(jobId);
    const done = await finished(jobId);
    expect(done).toMatchObject({ ok: false, cancelled: true, error: { message: `Creating ${CANCELLED} was cancelled` } });
    expect(allGuests()).not.toContain(CANCELLED);
    expect(ourBootFiles()).toEqual(before);
  });

  it('a Debian-style tree (no .treeinfo) at a bullseye path is Debian 11 by osinfo-db’s netboot layout', async () => {
    const deb = '/debian/dists/bullseye/main/installer-amd64/';
    const server = await serveTree({
      [`${deb}current/images/netboot/debian-installer/amd64/linux`]: { file: TINY_KERNEL },
      [`${deb}current/images/netboot/debian-installer/amd64/initrd.gz`]: { file: TINY_INITRD },
    });
    try {
      const found = await service().detectUrl(connectionId, `${server.origin}${deb}`, 'x86_64');
      expect(found).toMatchObject({ kind: 'tree', kernel: `${server.origin}${deb}current/images/netboot/debian-installer/amd64/linux` });
      expect(found.os?.id).toBe('http://debian.org/debian/11');
      expect(server.requests.slice(0, 2)).toEqual([`GET ${deb}.treeinfo`, `GET ${deb}treeinfo`]);
    } finally {
      await server.close();
    }
  });

  it('a server that refuses connections: a clear error, nothing defined, no files', async () => {
    const before = ourBootFiles();
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/fedora/37/os/`;
    const { problems } = await service().check(spec({ name: REFUSED, source: { kind: 'url', url, kernelArgs: '' } }));
    expect(problems.filter((p) => p.severity === 'error')).toEqual([{ field: 'source', severity: 'error', message: `The URL ${url} does not answer: connection refused` }]);
    await expect(service().create(spec({ name: REFUSED, source: { kind: 'url', url, kernelArgs: '' } }))).rejects.toThrow(`The URL ${url} does not answer: connection refused`);
    await expect(service().detectUrl(connectionId, url, 'x86_64')).rejects.toThrow('connection refused');
    expect(allGuests()).not.toContain(REFUSED);
    expect(ourBootFiles()).toEqual(before);
  });

  it('a tree without a kernel it can find: the error names the URL and what was tried', async () => {
    const url = `${tree.origin}/nothing/here/`;
    const { problems } = await service().check(spec({ name: REFUSED, source: { kind: 'url', url, kernelArgs: '' } }));
    expect(problems.find((p) => p.field === 'source')?.message).toMatch(new RegExp(`^No install tree at ${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: found no \\.treeinfo, treeinfo, nor a kernel .*\\(tried \\.treeinfo, treeinfo, .*current/images/netboot/debian-installer/amd64/linux`));
  });
});
