// Node devices and secrets (api/node-device.d.ts, api/secret.d.ts) against
// the test driver and qemu:///system.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { LibvirtConnection } from '../../main/libvirt/connection';
import { openLibvirt } from '../../main/libvirt/connection';
import { requireSystem, virsh } from '../support/system-libvirt';
import { expectLibvirtError, expectTypeErrors, rejection, virshQuiet } from '../support/native-host-helpers';

const VIR_ERR_NO_NODE_DEVICE = 53;
const VIR_ERR_NO_SECRET = 66;
const VIR_SECRET_USAGE_TYPE_NONE = 0;
const VIR_SECRET_USAGE_TYPE_VOLUME = 1;
const VIR_SECRET_USAGE_TYPE_CEPH = 2;
const VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_HOST = 1 << 5;
const VIR_CONNECT_LIST_SECRETS_EPHEMERAL = 1;
const UNKNOWN_UUID = '00000000-0000-0000-0000-0000000000ff';

describe('node devices on test:///default', () => {
  let conn: LibvirtConnection;
  beforeAll(async () => {
    conn = await openLibvirt('test:///default');
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('lists the default devices with parent and capabilities', async () => {
    const devices = await conn.listAllNodeDevices(0);
    const byName = new Map(devices.map((d) => [d.name, d]));
    expect(byName.get('computer')).toEqual({ name: 'computer', parent: null, caps: ['system'] });
    expect(byName.get('scsi_host1')).toEqual({ name: 'scsi_host1', parent: 'computer', caps: ['scsi_host'] });
    expect(byName.get('scsi_host11')?.parent).toBe('scsi_host1');
  });

  it('filters by capability', async () => {
    const scsi = await conn.listAllNodeDevices(VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_HOST);
    expect(scsi.length).toBeGreaterThan(0);
    expect(scsi.every((d) => d.caps.includes('scsi_host'))).toBe(true);
    expect(scsi.map((d) => d.name)).not.toContain('computer');
  });

  it('returns a device XML, and VIR_ERR_NO_NODE_DEVICE for an unknown name', async () => {
    const xml = await conn.nodeDeviceGetXMLDesc('scsi_host1');
    expect(xml).toContain('<name>scsi_host1</name>');
    expect(xml).toContain("<capability type='fc_host'>");
    expectLibvirtError(await rejection(conn.nodeDeviceGetXMLDesc('no-such-device')), VIR_ERR_NO_NODE_DEVICE);
    expectLibvirtError(await rejection(conn.nodeDeviceDestroy('no-such-device')), VIR_ERR_NO_NODE_DEVICE);
  });

  it('creates and destroys a vHBA', async () => {
    const dev = await conn.nodeDeviceCreateXML(
      `<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'>
         <wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn>
       </capability></capability></device>`,
      0,
    );
    expect(dev.parent).toBe('scsi_host1');
    expect(dev.caps).toEqual(['scsi_host']);
    expect((await conn.listAllNodeDevices(0)).map((d) => d.name)).toContain(dev.name);
    await conn.nodeDeviceDestroy(dev.name);
    expect((await conn.listAllNodeDevices(0)).map((d) => d.name)).not.toContain(dev.name);
    expectLibvirtError(await rejection(conn.nodeDeviceCreateXML('<device/>', 0)));
  });

  it('rejects wrong argument types with a TypeError', async () => {
    await expectTypeErrors(conn, [
      ['listAllNodeDevices', ['all']],
      ['listAllNodeDevices', []],
      ['nodeDeviceGetXMLDesc', [42]],
      ['nodeDeviceGetXMLDesc', ['computer', 'x']],
      ['nodeDeviceCreateXML', [null, 0]],
      ['nodeDeviceDestroy', [undefined]],
    ]);
  });

  it('rejects after close()', async () => {
    const other = await openLibvirt('test:///default', { readOnly: true });
    await other.close();
    expect((await rejection(other.listAllNodeDevices(0))).message).toMatch(/closed/);
    expect((await rejection(other.nodeDeviceGetXMLDesc('computer'))).message).toMatch(/closed/);
    expect((await rejection(other.listAllSecrets(0))).message).toMatch(/closed/);
    expect((await rejection(other.secretGetValue(UNKNOWN_UUID))).message).toMatch(/closed/);
  });
});

describe('node devices and secrets on qemu:///system', () => {
  beforeAll(() => requireSystem());
  const USAGE = `vd-host-secret-${process.pid}`;
  let conn: LibvirtConnection;
  const created: string[] = [];

  beforeAll(async () => {
    conn = await openLibvirt('qemu:///system');
  });
  afterAll(async () => {
    for (const uuid of created) virshQuiet('secret-undefine', uuid);
    await conn?.close();
  });

  it('lists the same node devices as virsh, with the root first in the tree', async () => {
    const devices = await conn.listAllNodeDevices(0);
    const expected = virsh('nodedev-list').split('\n').map((l) => l.trim()).filter(Boolean).sort();
    expect(devices.map((d) => d.name).sort()).toEqual(expected);
    expect(devices.find((d) => d.name === 'computer')).toEqual({ name: 'computer', parent: null, caps: ['system'] });
    // Every other device has a parent that is itself listed.
    const names = new Set(devices.map((d) => d.name));
    for (const d of devices.filter((x) => x.name !== 'computer')) {
      expect(names.has(d.parent!), `${d.name}'s parent ${d.parent}`).toBe(true);
      expect(d.caps.length).toBeGreaterThan(0);
    }
    expect(await conn.nodeDeviceGetXMLDesc('computer')).toContain('<name>computer</name>');
  });

  it('defines a secret, stores and reads its value, lists and undefines it', async () => {
    const info = await conn.secretDefineXML(
      `<secret ephemeral='yes' private='no'><description>virtdesk host test</description>` +
        `<usage type='ceph'><name>${USAGE}</name></usage></secret>`,
    );
    created.push(info.uuid);
    expect(info).toEqual({ uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), usageType: VIR_SECRET_USAGE_TYPE_CEPH, usageID: USAGE });
    expect(await conn.secretGetXMLDesc(info.uuid)).toContain(`<name>${USAGE}</name>`);

    // No value yet.
    expectLibvirtError(await rejection(conn.secretGetValue(info.uuid)));

    // Arbitrary bytes, NULs included, round-trip exactly. (Never printed.)
    const value = Buffer.concat([randomBytes(32), Buffer.from([0, 0, 255])]);
    await conn.secretSetValue(info.uuid, value);
    const read = await conn.secretGetValue(info.uuid);
    expect(Buffer.isBuffer(read)).toBe(true);
    expect(read.equals(value)).toBe(true);
    // A Uint8Array works as well as a Buffer.
    await conn.secretSetValue(info.uuid, new Uint8Array([1, 2, 3]));
    expect([...(await conn.secretGetValue(info.uuid))]).toEqual([1, 2, 3]);

    const listed = await conn.listAllSecrets(0);
    expect(listed).toContainEqual(info);
    expect(await conn.listAllSecrets(VIR_CONNECT_LIST_SECRETS_EPHEMERAL)).toContainEqual(info);

    await conn.secretUndefine(info.uuid);
    created.splice(created.indexOf(info.uuid), 1);
    expect((await conn.listAllSecrets(0)).map((s) => s.uuid)).not.toContain(info.uuid);
    expectLibvirtError(await rejection(conn.secretGetValue(info.uuid)), VIR_ERR_NO_SECRET);
  });

  it('reports usage "none" and "volume" secrets', async () => {
    const none = await conn.secretDefineXML(`<secret ephemeral='yes' private='no'><description>${USAGE} none</description></secret>`);
    created.push(none.uuid);
    expect(none.usageType).toBe(VIR_SECRET_USAGE_TYPE_NONE);
    expect(none.usageID).toBe('');
    const volume = await conn.secretDefineXML(
      `<secret ephemeral='yes' private='no'><usage type='volume'><volume>/tmp/${USAGE}.img</volume></usage></secret>`,
    );
    created.push(volume.uuid);
    expect(volume).toMatchObject({ usageType: VIR_SECRET_USAGE_TYPE_VOLUME, usageID: `/tmp/${USAGE}.img` });
  });

  it('refuses to read a private secret', async () => {
    const info = await conn.secretDefineXML(
      `<secret ephemeral='yes' private='yes'><usage type='ceph'><name>${USAGE}-private</name></usage></secret>`,
    );
    created.push(info.uuid);
    await conn.secretSetValue(info.uuid, Buffer.from('hidden'));
    expectLibvirtError(await rejection(conn.secretGetValue(info.uuid)));
  });

  it('rejects unknown UUIDs with VIR_ERR_NO_SECRET and bad XML with a libvirt error', async () => {
    for (const call of [
      () => conn.secretGetValue(UNKNOWN_UUID),
      () => conn.secretSetValue(UNKNOWN_UUID, Buffer.from('x')),
      () => conn.secretGetXMLDesc(UNKNOWN_UUID),
      () => conn.secretUndefine(UNKNOWN_UUID),
    ]) {
      expectLibvirtError(await rejection(call()), VIR_ERR_NO_SECRET);
    }
    expectLibvirtError(await rejection(conn.secretDefineXML('<secret><usage type="nonsense"/></secret>')));
  });

  it('rejects wrong argument types with a TypeError', async () => {
    await expectTypeErrors(conn, [
      ['secretDefineXML', [42]],
      ['secretGetXMLDesc', [UNKNOWN_UUID, 'x']],
      ['secretSetValue', [UNKNOWN_UUID, 'a string is not bytes']],
      ['secretSetValue', [UNKNOWN_UUID, new Uint16Array(2)]],
      ['secretSetValue', [UNKNOWN_UUID]],
      ['secretGetValue', [null]],
      ['secretUndefine', [{}]],
      ['listAllSecrets', [-1]],
    ]);
  });
});
