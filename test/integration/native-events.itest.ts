// Events of every kind (api/event.d.ts) triggered for real: domain events on
// qemu:///system with a variant of the tiny guest that has the devices each
// event needs, network and storage pool lifecycle on qemu:///system, node
// device lifecycle on the test driver.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { LibvirtConnection } from '../../main/libvirt/connection';
import { openLibvirt } from '../../main/libvirt/connection';
import type { NativeDomainEventKind, NativeDomainEventPayloads } from '../../main/libvirt/native/api/event';
import { removeGuest, requireSystem, virsh, waitForGuestShell } from '../support/system-libvirt';
import { ROOT, expectTypeErrors, rejection, sleep, virshQuiet, waitFor } from '../support/native-host-helpers';

const PREFIX = 'vd-host-';
const GUEST = `${PREFIX}events`;
const NET = `${PREFIX}net`;
const POOL = `${PREFIX}pool`;
const ALL_KINDS: NativeDomainEventKind[] = [
  'reboot',
  'device-added',
  'device-removed',
  'balloon-change',
  'tray-change',
  'job-completed',
  'metadata-change',
  'agent-lifecycle',
  'block-job',
];

type DomainEventRecord = { kind: NativeDomainEventKind; uuid: string; name: string; payload: Record<string, unknown> };
type ObjectEventRecord = { uuid: string; name: string; event: number; detail: number };

/**
 * The tiny guest plus what the events need, none of which needs a guest driver:
 * a USB controller (USB unplug completes without the guest, unlike PCI), an empty
 * IDE CD-ROM (tray moves), a raw virtio disk (block jobs, backup), and a guest
 * agent channel (agent state is reported when the domain starts).
 */
function eventsGuestXml(diskPath: string): string {
  const base = execFileSync('bash', [join(ROOT, 'test/guest/make-domain-xml.sh'), GUEST], { encoding: 'utf8' });
  const marker = "<controller type='usb' model='none'/>";
  if (!base.includes(marker)) throw new Error(`test/guest/domain.xml.template changed: no ${marker}`);
  return base.replace(
    marker,
    `<controller type='usb' model='piix3-uhci'/>
    <controller type='virtio-serial' index='0'/>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
    <disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/><readonly/></disk>
    <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${diskPath}'/><target dev='vdb' bus='virtio'/></disk>`,
  );
}

// balloon-change needs a guest with a virtio balloon driver: see native-domain-devices.itest.ts.
describe('domain events on qemu:///system', () => {
  beforeAll(() => requireSystem());
  let dir: string;
  let conn: LibvirtConnection;
  let uuid: string;
  const events: DomainEventRecord[] = [];
  const lifecycle: ObjectEventRecord[] = [];
  const ids = new Map<string, number>();

  const seen = <K extends NativeDomainEventKind>(kind: K, match: (p: NativeDomainEventPayloads[K]) => boolean = () => true) =>
    () =>
      events.find((e) => e.kind === kind && e.uuid === uuid && match(e.payload as NativeDomainEventPayloads[K])) as
        | (DomainEventRecord & { payload: NativeDomainEventPayloads[K] })
        | undefined;

  beforeAll(async () => {
    removeGuest(GUEST);
    dir = mkdtempSync(join(os.tmpdir(), `${PREFIX}events-`));
    const disk = join(dir, 'disk.raw');
    writeFileSync(disk, '');
    truncateSync(disk, 4 * 1024 * 1024);
    conn = await openLibvirt('qemu:///system');
    // Register everything before the guest starts: agent-lifecycle fires at start.
    for (const kind of ALL_KINDS) {
      ids.set(
        kind,
        await conn.onDomainEvent(kind, (u, name, payload) => events.push({ kind, uuid: u, name, payload: payload as Record<string, unknown> })),
      );
    }
    ids.set(
      'lifecycle',
      await conn.onDomainLifecycle((u, name, event, detail) => lifecycle.push({ uuid: u, name, event, detail })),
    );
    uuid = (await conn.domainDefineXML(eventsGuestXml(disk))).uuid;
    await conn.domainCreate(uuid, 0);
  });

  afterAll(async () => {
    await conn?.close();
    removeGuest(GUEST);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives every registration its own id', () => {
    expect(new Set(ids.values()).size).toBe(ALL_KINDS.length + 1);
  });

  it('agent-lifecycle: reports the (disconnected) agent channel when the domain starts', async () => {
    const e = await waitFor(seen('agent-lifecycle'), 'agent-lifecycle event');
    expect(e.name).toBe(GUEST);
    expect(e.payload).toEqual({ state: 2, reason: 1 }); // DISCONNECTED, DOMAIN_STARTED
    await waitFor(() => lifecycle.find((l) => l.uuid === uuid && l.event === 2), 'STARTED lifecycle event');
  });

  it('metadata-change: description (type 0) and a namespaced element (type 2)', async () => {
    virsh('desc', GUEST, '--live', 'events test');
    expect((await waitFor(seen('metadata-change', (p) => p.type === 0), 'description change')).payload).toEqual({ type: 0, nsuri: '' });
    const ns = 'http://virtdesk.test/host-events';
    virsh('metadata', GUEST, ns, '--key', 'vdhost', '--set', '<note/>', '--live');
    expect((await waitFor(seen('metadata-change', (p) => p.type === 2), 'element change')).payload).toEqual({ type: 2, nsuri: ns });
  });

  it('device-added / device-removed: hot-plugged USB tablet, by alias', async () => {
    const file = join(dir, 'tablet.xml');
    writeFileSync(file, "<input type='tablet' bus='usb'><alias name='ua-vdhost-tablet'/></input>");
    virsh('attach-device', GUEST, file, '--live');
    await waitFor(seen('device-added', (p) => p.alias === 'ua-vdhost-tablet'), 'device-added');
    virsh('detach-device', GUEST, file, '--live');
    await waitFor(seen('device-removed', (p) => p.alias === 'ua-vdhost-tablet'), 'device-removed');
  });

  it('tray-change: inserting media opens then closes the CD-ROM tray', async () => {
    const iso = join(dir, 'media.iso');
    writeFileSync(iso, '');
    truncateSync(iso, 1024 * 1024);
    virsh('change-media', GUEST, 'hdc', iso, '--insert', '--live');
    await waitFor(seen('tray-change', (p) => p.reason === 1), 'tray closed');
    const trays = events.filter((e) => e.kind === 'tray-change' && e.uuid === uuid).map((e) => e.payload);
    expect(trays).toEqual([
      { devAlias: 'ide0-1-0', reason: 0 }, // opened
      { devAlias: 'ide0-1-0', reason: 1 }, // closed
    ]);
  });

  it('block-job: a block copy reports READY for the disk target', async () => {
    virsh('blockcopy', GUEST, 'vdb', join(dir, 'copy.raw'), '--format', 'raw', '--transient-job', '--wait', '--finish');
    const ready = await waitFor(seen('block-job', (p) => p.status === 3), 'block-job READY');
    expect(ready.payload).toEqual({ disk: 'vdb', type: 2, status: 3 }); // COPY, READY
    // --finish aborts the mirror without pivoting: the job then ends as CANCELED.
    await waitFor(seen('block-job', (p) => p.type === 2 && p.status === 2), 'block-job CANCELED');
  });

  it('job-completed: a push backup reports its final statistics', async () => {
    const xml = join(dir, 'backup.xml');
    writeFileSync(
      xml,
      `<domainbackup mode='push'><disks>
         <disk name='vdb' type='file'><target file='${join(dir, 'backup.raw')}'/><driver type='raw'/></disk>
         <disk name='hdc' backup='no'/>
       </disks></domainbackup>`,
    );
    virsh('backup-begin', GUEST, xml);
    const done = await waitFor(seen('job-completed'), 'job-completed', 30_000);
    const params = done.payload.params;
    expect(params.operation).toBe(9); // VIR_DOMAIN_JOB_OPERATION_BACKUP
    expect(params.success).toBe(true);
    expect(params.disk_total).toBe(4 * 1024 * 1024);
    expect(params.disk_processed).toBe(4 * 1024 * 1024);
    expect(typeof params.time_elapsed).toBe('number');
    // The backup's own block job (type 5) completes too.
    await waitFor(seen('block-job', (p) => p.type === 5 && p.status === 0), 'backup block-job COMPLETED');
  });

  it('reboot: an ACPI reboot of the guest (libvirt fake reboot -> reset)', async () => {
    await waitForGuestShell(GUEST); // the guest's ACPI handler runs before its shell
    await conn.domainReboot(uuid, 0);
    const e = await waitFor(seen('reboot'), 'reboot event', 30_000);
    expect(e.payload).toEqual({});
  });

  it('stops delivering a kind after deregisterEvent, and rejects a second deregister', async () => {
    const id = ids.get('metadata-change')!;
    await conn.deregisterEvent(id);
    const before = events.filter((e) => e.kind === 'metadata-change').length;
    virsh('desc', GUEST, '--live', 'after deregister');
    await sleep(500);
    expect(events.filter((e) => e.kind === 'metadata-change').length).toBe(before);
    expect((await rejection(conn.deregisterEvent(id))).message).toMatch(/no event callback/);
  });
});

describe('network and storage pool events on qemu:///system', () => {
  beforeAll(() => requireSystem());
  let dir: string;
  let conn: LibvirtConnection;

  beforeAll(async () => {
    dir = mkdtempSync(join(os.tmpdir(), `${PREFIX}pool-`));
    conn = await openLibvirt('qemu:///system');
  });
  afterAll(async () => {
    await conn?.close();
    virshQuiet('net-destroy', NET);
    virshQuiet('net-undefine', NET);
    virshQuiet('pool-destroy', POOL);
    virshQuiet('pool-undefine', POOL);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('network lifecycle: defined, started, stopped, undefined', async () => {
    const seen: ObjectEventRecord[] = [];
    const id = await conn.onNetworkLifecycle((uuid, name, event, detail) => seen.push({ uuid, name, event, detail }));
    const ours = () => seen.filter((e) => e.name === NET);
    const xml = join(dir, 'net.xml');
    // Isolated and address-less: just a bridge, no DHCP, no traffic.
    writeFileSync(xml, `<network><name>${NET}</name><bridge name='vdhostbr0'/></network>`);
    virsh('net-define', xml);
    const netUuid = virsh('net-uuid', NET).trim();
    virsh('net-start', NET);
    virsh('net-destroy', NET);
    virsh('net-undefine', NET);
    await waitFor(() => (ours().length >= 4 ? true : undefined), 'four network events');
    expect(ours().map((e) => e.event)).toEqual([0, 2, 3, 1]); // DEFINED, STARTED, STOPPED, UNDEFINED
    expect(ours().every((e) => e.uuid === netUuid)).toBe(true);
    await conn.deregisterEvent(id);
  });

  it('storage pool lifecycle and refresh', async () => {
    const life: ObjectEventRecord[] = [];
    const refreshed: Array<{ uuid: string; name: string }> = [];
    const lifeId = await conn.onStoragePoolLifecycle((uuid, name, event, detail) => life.push({ uuid, name, event, detail }));
    const refreshId = await conn.onStoragePoolRefresh((uuid, name) => refreshed.push({ uuid, name }));
    expect(refreshId).not.toBe(lifeId);
    const ours = () => life.filter((e) => e.name === POOL);
    virsh('pool-define-as', POOL, 'dir', '--target', dir);
    const poolUuid = virsh('pool-uuid', POOL).trim();
    virsh('pool-start', POOL);
    await waitFor(() => ours().find((e) => e.event === 2), 'pool STARTED');
    const refreshesBefore = refreshed.filter((r) => r.name === POOL).length;
    virsh('pool-refresh', POOL);
    const r = await waitFor(() => (refreshed.filter((x) => x.name === POOL).length > refreshesBefore ? refreshed.at(-1) : undefined), 'pool refresh');
    expect(r).toEqual({ uuid: poolUuid, name: POOL });
    virsh('pool-destroy', POOL);
    virsh('pool-undefine', POOL);
    await waitFor(() => ours().find((e) => e.event === 1), 'pool UNDEFINED');
    expect(ours().map((e) => e.event)).toEqual([0, 2, 3, 1]); // DEFINED, STARTED, STOPPED, UNDEFINED
    expect(ours().every((e) => e.uuid === poolUuid)).toBe(true);
    await conn.deregisterEvent(lifeId);
    await conn.deregisterEvent(refreshId);
  });

  // Node device lifecycle on qemu:///system would need udevd: libvirt's node
  // device driver learns about hot-plugged devices only through udev, which
  // this container does not run. Covered on the test driver below.
});

describe('node device lifecycle on the test driver', () => {
  it('reports CREATED and DELETED for a vHBA created and destroyed through the binding', async () => {
    const conn = await openLibvirt('test:///default');
    try {
      const seen: Array<{ name: string; event: number; detail: number }> = [];
      const id = await conn.onNodeDeviceLifecycle((name, event, detail) => seen.push({ name, event, detail }));
      const dev = await conn.nodeDeviceCreateXML(
        `<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'>
           <wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn>
         </capability></capability></device>`,
        0,
      );
      await conn.nodeDeviceDestroy(dev.name);
      await waitFor(() => (seen.length >= 2 ? true : undefined), 'two node device events');
      expect(seen).toEqual([
        { name: dev.name, event: 0, detail: 0 }, // CREATED
        { name: dev.name, event: 1, detail: 0 }, // DELETED
      ]);
      await conn.deregisterEvent(id);
      const again = await conn.nodeDeviceCreateXML(
        `<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'>
           <wwnn>2000000012345678</wwnn><wwpn>1000000012345678</wwpn>
         </capability></capability></device>`,
        0,
      );
      await conn.nodeDeviceDestroy(again.name);
      await sleep(100);
      expect(seen).toHaveLength(2);
    } finally {
      await conn.close();
    }
  });

  it('keeps ids unique across kinds and deregisters each by its id', async () => {
    const conn = await openLibvirt('test:///default');
    try {
      const idList = [
        await conn.onDomainLifecycle(() => {}),
        await conn.onDomainEvent('reboot', () => {}),
        await conn.onNetworkLifecycle(() => {}),
        await conn.onStoragePoolLifecycle(() => {}),
        await conn.onStoragePoolRefresh(() => {}),
        await conn.onNodeDeviceLifecycle(() => {}),
      ];
      expect(new Set(idList).size).toBe(idList.length);
      for (const id of idList) await conn.deregisterEvent(id);
      for (const id of idList) expect((await rejection(conn.deregisterEvent(id))).message).toMatch(/no event callback/);
      // Registered callbacks are dropped by close(); nothing fires afterwards.
      await conn.onNetworkLifecycle(() => {});
    } finally {
      await conn.close();
    }
  });

  it('rejects wrong argument types with a TypeError, and registration after close()', async () => {
    const conn = await openLibvirt('test:///default');
    await expectTypeErrors(conn, [
      ['onDomainEvent', ['no-such-kind', () => {}]],
      ['onDomainEvent', [1, () => {}]],
      ['onDomainEvent', ['reboot', 'not a function']],
      ['onNetworkLifecycle', [null]],
      ['onStoragePoolLifecycle', [{}]],
      ['onStoragePoolRefresh', []],
      ['onNodeDeviceLifecycle', [42]],
      ['deregisterEvent', ['1']],
    ]);
    await conn.close();
    for (const register of [
      () => conn.onDomainEvent('reboot', () => {}),
      () => conn.onNetworkLifecycle(() => {}),
      () => conn.onStoragePoolLifecycle(() => {}),
      () => conn.onStoragePoolRefresh(() => {}),
      () => conn.onNodeDeviceLifecycle(() => {}),
      () => conn.deregisterEvent(1),
    ]) {
      expect((await rejection(register())).message).toMatch(/closed/);
    }
  });
});
