// A tree install on a remote host (qemu+ssh:// through a real sshd on
// 127.0.0.1 to qemu:///system): the host cannot read our files, so the
// kernel and initrd are uploaded into volumes of the guest's pool there, the
// guest boots them, and the first stop deletes the volumes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobFinished } from '../../preload/contract';
import { libvirt } from '../../main/libvirt';
import { InstallService } from '../../main/install/install-service';
import { ConnectionService } from '../../main/services/connection-service';
import { silentLogger } from '../../main/services/event-sink';
import { sshAwareHypervisor } from '../../main/ssh/ssh-hypervisor';
import { SshMultiplexer } from '../../main/ssh/ssh-multiplexer';
import { guestRun } from '../support/guest-shell';
import { TINY_INITRD, TINY_KERNEL, createTempPool, poolVolumes, removeGuestFully, type TempPool } from '../support/install-pool';
import { TestSshd } from '../support/sshd';
import { requireSystem, virsh, waitForGuestShell } from '../support/system-libvirt';
import { FEDORA37_TREEINFO, serveTree, type TreeServer } from '../support/tree-server';

const GUEST = 'vdtu-it-remote-tree';
const POOL = 'vdtu-it-remote-pool';

class Sink {
  events: { name: string; payload: unknown }[] = [];
  emit(name: string, payload: unknown) {
    this.events.push({ name, payload });
  }
}

async function until(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('install from a tree URL on a qemu+ssh:// host', () => {
  beforeAll(() => requireSystem());
  let sshd: TestSshd;
  let mux: SshMultiplexer;
  let runtime: string;
  let conns: ConnectionService;
  let tree: TreeServer;
  let pool: TempPool;
  const sink = new Sink();

  beforeAll(async () => {
    removeGuestFully(GUEST);
    pool = createTempPool(POOL);
    sshd = await TestSshd.start();
    runtime = mkdtempSync(join(tmpdir(), 'vdtu-runtime-'));
    mux = new SshMultiplexer({ runtimeDir: join(runtime, 'ssh'), extraOptions: sshd.clientOptions });
    conns = new ConnectionService(sshAwareHypervisor(libvirt, mux), sink, silentLogger);
    tree = await serveTree({
      '/fedora/37/os/.treeinfo': { text: FEDORA37_TREEINFO },
      '/fedora/37/os/images/pxeboot/vmlinuz': { file: TINY_KERNEL },
      '/fedora/37/os/images/pxeboot/initrd.img': { file: TINY_INITRD },
    });
  }, 60_000);
  afterAll(async () => {
    removeGuestFully(GUEST);
    pool?.remove();
    await conns?.closeAll();
    mux?.closeAll();
    await sshd?.stop();
    await tree?.close();
    if (runtime) rmSync(runtime, { recursive: true, force: true });
  });

  it('uploads the kernel and initrd into the pool there, boots them, and deletes them at the first stop', async () => {
    const info = await conns.open(sshd.uri());
    expect(info.state.kind).toBe('connected');
    const install = new InstallService(conns, sink);
    const url = `${tree.origin}/fedora/37/os/`;
    const { jobId } = await install.create({
      connectionId: info.id,
      name: GUEST,
      source: { kind: 'url', url, kernelArgs: 'console=ttyS0,115200 quiet nokaslr' },
      osId: 'http://fedoraproject.org/fedora/37',
      arch: 'x86_64',
      machine: null,
      virtType: 'qemu',
      memoryMiB: 112,
      vcpus: 1,
      storage: { kind: 'new', pool: POOL, sizeMiB: 16, format: 'qcow2', sparse: true },
      network: { kind: 'none' },
      firmware: 'bios',
      customize: false,
    });
    let done: JobFinished | undefined;
    await until('the job to finish', () => !!(done = sink.events.find((e) => e.name === 'jobs.finished' && (e.payload as JobFinished).jobId === jobId)?.payload as JobFinished | undefined), 90_000);
    expect(done, JSON.stringify(done)).toMatchObject({ ok: true, started: true });

    const vols = poolVolumes(POOL);
    expect(vols).toHaveLength(3);
    expect(vols).toContain(`${GUEST}.qcow2`);
    expect(vols.filter((v) => new RegExp(`^virtdesk-${GUEST}-[0-9a-f]{8}-(vmlinuz|initrd\\.img)$`).test(v))).toHaveLength(2);
    const kernel = `${pool.dir}/${vols.find((v) => v.endsWith('-vmlinuz'))}`;
    const live = virsh('dumpxml', GUEST);
    expect(live).toContain(`<kernel>${kernel}</kernel>`);
    expect(live).toContain(`<cmdline>inst.repo=${url} console=ttyS0,115200 quiet nokaslr</cmdline>`);

    await waitForGuestShell(GUEST, 150_000);
    await guestRun(GUEST, 'poweroff -f', 5_000).catch(() => undefined);
    await until('the kernel boot to be taken out', () => !virsh('dumpxml', '--inactive', GUEST).includes('<kernel>'), 60_000);
    await until('the uploaded volumes to be deleted', () => poolVolumes(POOL).length === 1, 30_000);
    expect(poolVolumes(POOL)).toEqual([`${GUEST}.qcow2`]);
  }, 300_000);
});
