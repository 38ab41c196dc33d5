// The install service's side of tree URLs on remote hosts, on the fake
// hypervisor (the real qemu+ssh run is in test/integration): the kernel and
// initrd go into volumes of a pool there, since the host cannot read our files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallSpec, JobFinished } from '../../../preload/contract';
import { InstallService } from '../../../main/install/install-service';
import { ConnectionService } from '../../../main/services/connection-service';
import { silentLogger } from '../../../main/services/event-sink';
import { FakeConnection, FakeHypervisor, RecordingSink } from '../fakes/fake-hypervisor';
import { FEDORA37_TREEINFO, serveTree, type TreeServer } from '../../support/tree-server';

const REMOTE = 'qemu+ssh://root@far.example/system';
const REMOTE_SESSION = 'qemu+ssh://root@far.example/session';

async function setup(uri: string) {
  const hv = new FakeHypervisor();
  let conn!: FakeConnection;
  hv.hosts.set(uri, () => {
    conn = new FakeConnection(uri, []);
    conn.capabilitiesXml = "<capabilities><host><cpu><arch>x86_64</arch></cpu></host><guest><os_type>hvm</os_type><arch name='x86_64'><machine>q35</machine><domain type='qemu'/></arch></guest></capabilities>";
    return conn;
  });
  const sink = new RecordingSink();
  const connections = new ConnectionService(hv, sink, silentLogger);
  const info = await connections.open(uri);
  return { install: new InstallService(connections, sink), id: info.id, conn, sink };
}

let work: string;
let tree: TreeServer;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vdtu-unit-'));
  writeFileSync(join(work, 'k'), 'kernel');
  writeFileSync(join(work, 'i'), 'initrd');
  tree = await serveTree({ '/os/.treeinfo': { text: FEDORA37_TREEINFO }, '/os/images/pxeboot/vmlinuz': { file: join(work, 'k') }, '/os/images/pxeboot/initrd.img': { file: join(work, 'i') } });
});
afterAll(async () => {
  await tree?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const spec = (connectionId: string, url: string): InstallSpec => ({
  connectionId,
  name: 'vdtu-remote',
  source: { kind: 'url', url, kernelArgs: 'console=ttyS0' },
  osId: null,
  arch: 'x86_64',
  machine: null,
  virtType: 'qemu',
  memoryMiB: 128,
  vcpus: 1,
  storage: { kind: 'none' },
  network: { kind: 'none' },
  firmware: 'bios',
  customize: true,
});

describe('install service: tree URLs on remote hosts', () => {
  it('uploads the kernel and initrd into the default pool there and boots them from it', async () => {
    const { install, id, conn, sink } = await setup(REMOTE);
    conn.addPool('default', '/var/lib/libvirt/images', 10 * 2 ** 30, 5 * 2 ** 30);
    const { jobId } = await install.create(spec(id, `${tree.origin}/os/`));
    let done: JobFinished | undefined;
    for (let i = 0; i < 200 && !done; i++) {
      await new Promise((r) => setTimeout(r, 10));
      done = sink.events.find((e) => e.name === 'jobs.finished' && (e.payload as JobFinished).jobId === jobId)?.payload as JobFinished | undefined;
    }
    expect(done).toMatchObject({ ok: true, started: false });
    const vols = [...conn.pools.values()][0]!.volumes.map((v) => v.path);
    expect(vols).toEqual([expect.stringMatching(/^\/var\/lib\/libvirt\/images\/virtdesk-vdtu-remote-[0-9a-f]{8}-vmlinuz$/), expect.stringMatching(/-initrd\.img$/)]);
    const xml = [...conn.xmls.values()][0]!;
    expect(xml).toContain(`<kernel>${vols[0]}</kernel>`);
    expect(xml).toContain(`<initrd>${vols[1]}</initrd>`);
    expect(xml).toContain(`<cmdline>inst.repo=${tree.origin}/os/ console=ttyS0</cmdline>`);
    expect(xml).toContain(`<virtdesk-install:scratch path='${vols[0]}'/>`);
  });

  it('says so when the remote host has no pool for them', async () => {
    const { install, id } = await setup(REMOTE_SESSION);
    const { problems } = await install.check(spec(id, `${tree.origin}/os/`));
    expect(problems).toContainEqual({ field: 'source', severity: 'error', message: "There is no storage pool 'default'" });
  });

  it('recognises an ISO URL by its name without asking the server (its answer is checked at Finish)', async () => {
    const { install, id } = await setup(REMOTE);
    expect(await install.detectUrl(id, 'http://127.0.0.1:9/netinst.iso', 'x86_64')).toEqual({ kind: 'iso', os: null });
  });
});
