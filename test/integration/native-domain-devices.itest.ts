// Device and balloon calls of the native binding (api/domain.d.ts) on
// qemu:///system: a qcow2 disk hot-plugged into the running tiny guest (seen
// by its kernel in /sys/block), config-only attaches, CD-ROM media changes,
// block info, and a balloon the guest really inflates. The guest boots once,
// with virtio drivers appended to its initrd (test/support/guest-virtio.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibvirt, type LibvirtConnection } from '../../main/libvirt/connection';
import { requireSystem, SYSTEM_URI, waitForGuestShell } from '../support/system-libvirt';
import { defineGuestXml, editXml, removeDomGuest, tinyGuestXml } from '../support/dom-guests';
import { guestRun } from '../support/guest-shell';
import { virtioGuestCache } from '../support/guest-virtio';
import { AFFECT, ERR, STATE, XML, rejection, until } from '../support/domain-flags';

const GUEST = 'vdtd-devices';
const MiB = 1024 * 1024;

describe('device, block and balloon calls on qemu:///system', () => {
  beforeAll(() => requireSystem());
  let conn: LibvirtConnection;
  let uuid: string;
  let dir: string;
  let disk: string;
  let media: string;

  const diskXml = () =>
    `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${disk}'/><target dev='vdb' bus='virtio'/></disk>`;
  const cdromXml = (source: string | null) =>
    `<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>${source ? `<source file='${source}'/>` : ''}<target dev='hdc' bus='ide'/><readonly/></disk>`;
  const guestBlocks = async () => (await guestRun(GUEST, 'ls /sys/block')).split(/\s+/).filter((b) => b.startsWith('vd'));

  const guestMemTotal = async () => Number(/MemTotal:\s+(\d+) kB/.exec(await guestRun(GUEST, 'grep MemTotal /proc/meminfo'))![1]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vdtd-devices-'));
    disk = join(dir, 'hot.qcow2');
    media = join(dir, 'media.iso');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '32M']);
    execFileSync('qemu-img', ['create', '-q', '-f', 'raw', media, '1M']);
    // A virtio balloon and an empty IDE CD-ROM (IDE cannot be hot-plugged, so it is there from the start).
    // 160 MiB: the initramfs guest OOMs below ~80 MiB, so the balloon needs room above that.
    let xml = tinyGuestXml(GUEST, { VD_GUEST_CACHE: virtioGuestCache(), VD_GUEST_MEMORY_MIB: '160' });
    xml = editXml(xml, "<memballoon model='none'/>", `<memballoon model='virtio'><stats period='1'/></memballoon>${cdromXml(null)}`);
    uuid = defineGuestXml(GUEST, xml);
    conn = await openLibvirt(SYSTEM_URI);
    await conn.domainCreate(uuid, 0);
    await waitForGuestShell(GUEST);
  });

  afterAll(async () => {
    await conn?.close();
    removeDomGuest(GUEST);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('hot-plugs a qcow2 disk (LIVE|CONFIG) that the guest kernel sees', async () => {
    expect(await guestBlocks()).toEqual([]);
    await conn.domainAttachDeviceFlags(uuid, diskXml(), AFFECT.LIVE | AFFECT.CONFIG);
    // The guest names its first virtio disk vda whatever the host-side target.
    await until(async () => (await guestBlocks()).includes('vda'), 'the guest to see the disk', 30_000, 500);
    expect((await guestRun(GUEST, 'cat /sys/block/vda/size')).trim()).toBe(String((32 * MiB) / 512));
    expect(await conn.domainGetXMLDesc(uuid, 0)).toContain(`<source file='${disk}'`);
    expect(await conn.domainGetXMLDesc(uuid, XML.INACTIVE)).toContain(`<source file='${disk}'/>`);
    // The same target twice is refused.
    const again = await rejection(conn.domainAttachDeviceFlags(uuid, diskXml(), AFFECT.LIVE));
    expect(again.code).toBe(ERR.XML_ERROR);
    expect(again.message).toMatch(/target 'vdb' duplicated/);
  });

  it('reports block info of the disk by target and by source path', async () => {
    const byTarget = await conn.domainGetBlockInfo(uuid, 'vdb', 0);
    expect(byTarget.capacity).toBe(32 * MiB);
    // A fresh qcow2 holds only its metadata: far less than its capacity.
    expect(byTarget.allocation).toBeLessThan(MiB);
    expect(byTarget.physical).toBe(statSync(disk).size);
    expect(await conn.domainGetBlockInfo(uuid, disk, 0)).toEqual(byTarget);
    expect((await rejection(conn.domainGetBlockInfo(uuid, 'vdz', 0))).code).toBe(ERR.INVALID_ARG);
  });

  it('hot-unplugs it again: the guest lets go and both definitions lose it', async () => {
    await conn.domainDetachDeviceFlags(uuid, diskXml(), AFFECT.LIVE | AFFECT.CONFIG);
    // The unplug needs the guest's ACPI handshake, which may outlast the call.
    await until(async () => !(await conn.domainGetXMLDesc(uuid, 0)).includes(disk), 'the disk to leave the live XML', 30_000, 500);
    await until(async () => (await guestBlocks()).length === 0, 'the guest to drop the disk', 30_000, 500);
    expect(await conn.domainGetXMLDesc(uuid, XML.INACTIVE)).not.toContain(disk);
    const gone = await rejection(conn.domainDetachDeviceFlags(uuid, diskXml(), AFFECT.LIVE));
    expect(gone.code).toBe(ERR.DEVICE_MISSING);
  });

  it('attaches and detaches CONFIG only: the running guest is untouched', async () => {
    await conn.domainAttachDeviceFlags(uuid, diskXml(), AFFECT.CONFIG);
    expect(await conn.domainGetXMLDesc(uuid, XML.INACTIVE)).toContain(`<source file='${disk}'/>`);
    expect(await conn.domainGetXMLDesc(uuid, 0)).not.toContain(disk);
    expect(await guestBlocks()).toEqual([]);
    await conn.domainDetachDeviceFlags(uuid, diskXml(), AFFECT.CONFIG);
    expect(await conn.domainGetXMLDesc(uuid, XML.INACTIVE)).not.toContain(disk);
  });

  it('changes CD-ROM media live and in the configuration with UpdateDevice', async () => {
    await conn.domainUpdateDeviceFlags(uuid, cdromXml(media), AFFECT.LIVE);
    expect(await conn.domainGetXMLDesc(uuid, 0)).toContain(`<source file='${media}'`);
    expect(await conn.domainGetXMLDesc(uuid, XML.INACTIVE)).not.toContain(media);
    await conn.domainUpdateDeviceFlags(uuid, cdromXml(media), AFFECT.CONFIG);
    expect(await conn.domainGetXMLDesc(uuid, XML.INACTIVE)).toContain(`<source file='${media}'/>`);
    // Ejecting: the same device without a source.
    await conn.domainUpdateDeviceFlags(uuid, cdromXml(null), AFFECT.LIVE | AFFECT.CONFIG);
    expect(await conn.domainGetXMLDesc(uuid, 0)).not.toContain(media);
    expect(await conn.domainGetXMLDesc(uuid, XML.INACTIVE)).not.toContain(media);
    // A disk cannot be "updated" into existence.
    const missing = await rejection(conn.domainUpdateDeviceFlags(uuid, diskXml(), AFFECT.LIVE));
    expect(missing.code).toBe(ERR.INTERNAL_ERROR); // QEMU's driver, unlike detach, has no DEVICE_MISSING here
    expect(missing.message).toMatch(/disk 'vdb' not found/);
  });

  it('sets a live balloon target that the guest inflates to, with BALLOON_CHANGE events', async () => {
    expect((await conn.domainGetInfo(uuid)).memory).toBe(160 * 1024);
    const totalBefore = await guestMemTotal();
    const balloon: number[] = [];
    const eventId = await conn.onDomainEvent('balloon-change', (u, _name, p) => {
      if (u === uuid) balloon.push(p.actualKiB);
    });
    await conn.domainSetMemoryFlags(uuid, 128 * 1024, AFFECT.LIVE);
    // QEMU reports the new actual size once the guest's virtio_balloon gave the pages back.
    await until(async () => (await conn.domainGetInfo(uuid)).memory === 128 * 1024, 'the balloon to inflate', 30_000, 500);
    // libvirt tells listeners too, the last event with the size reached.
    await until(async () => balloon.at(-1) === 128 * 1024, 'a balloon-change event of 128 MiB', 10_000, 100);
    await conn.deregisterEvent(eventId);
    // The guest's balloon driver took the 32 MiB out of its own MemTotal.
    expect(totalBefore - (await guestMemTotal())).toBe(32 * 1024);
    const info = await conn.domainGetInfo(uuid);
    expect(info).toMatchObject({ state: STATE.RUNNING, maxMem: 160 * 1024 });
    expect(await conn.domainGetXMLDesc(uuid, XML.INACTIVE)).toContain("<currentMemory unit='KiB'>163840</currentMemory>");
    const err = await rejection(conn.domainSetMemoryFlags(uuid, 512 * 1024, AFFECT.LIVE));
    expect(err.code).toBe(ERR.INVALID_ARG);
    expect(err.message).toMatch(/higher than max memory/);
    await conn.domainSetMemoryFlags(uuid, 160 * 1024, AFFECT.LIVE);
    await until(async () => (await conn.domainGetInfo(uuid)).memory === 160 * 1024, 'the balloon to deflate', 30_000, 500);
  });
});
