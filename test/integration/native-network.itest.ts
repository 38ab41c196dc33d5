// Virtual networks through the native binding: the fixture's test-driver
// network, and an isolated vdts-net network on qemu:///system.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibvirt, type LibvirtConnection } from '../../main/libvirt/connection';
import { FIXTURE } from '../support/fixtures';
import { expectLibvirtCode, expectTypeErrors, rejection } from '../support/native-helpers';
import { SYSTEM_URI, requireSystem } from '../support/system-libvirt';

const VIR_ERR_NO_SUPPORT = 3;
const VIR_ERR_NO_NETWORK = 43;
const UNKNOWN_UUID = '0badc0de-0000-4000-8000-000000000000';
// virConnectListAllNetworksFlags
const LIST_INACTIVE = 1;
const LIST_ACTIVE = 2;
// virNetworkUpdateCommand / virNetworkUpdateSection / virNetworkUpdateFlags
const MODIFY = 1;
const DELETE = 2;
const ADD_LAST = 3;
const SECTION_DHCP_HOST = 4;
const SECTION_DHCP_RANGE = 5;
const AFFECT_LIVE = 1;
const AFFECT_CONFIG = 2;
const XML_INACTIVE = 1;

/** Every uuid-taking method rejects an unknown network with 43, and bad arguments with TypeError. */
async function checkErrorPaths(conn: LibvirtConnection, uuid: string) {
  for (const call of [
    () => conn.networkGetXMLDesc(UNKNOWN_UUID, 0),
    () => conn.networkUndefine(UNKNOWN_UUID),
    () => conn.networkCreate(UNKNOWN_UUID),
    () => conn.networkDestroy(UNKNOWN_UUID),
    () => conn.networkGetAutostart(UNKNOWN_UUID),
    () => conn.networkSetAutostart(UNKNOWN_UUID, true),
    () => conn.networkGetDHCPLeases(UNKNOWN_UUID, null),
    () => conn.networkUpdate(UNKNOWN_UUID, ADD_LAST, SECTION_DHCP_HOST, -1, '<host/>', 0),
    () => conn.networkLookupByName('vdts-no-such-net'),
  ]) {
    await expectLibvirtCode(call(), VIR_ERR_NO_NETWORK);
  }
  const c = conn as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  await expectTypeErrors([
    () => c.listAllNetworks!('0'),
    () => c.networkLookupByName!(1),
    () => c.networkGetXMLDesc!(uuid, -1),
    () => c.networkDefineXML!(null),
    () => c.networkUndefine!(undefined),
    () => c.networkCreate!({}),
    () => c.networkDestroy!(1),
    () => c.networkGetAutostart!(null),
    () => c.networkSetAutostart!(uuid, 1),
    () => c.networkGetDHCPLeases!(uuid, undefined),
    () => c.networkGetDHCPLeases!(uuid, 5),
    () => c.networkUpdate!(uuid, ADD_LAST, SECTION_DHCP_HOST, 0.5, '<host/>', 0),
    () => c.networkUpdate!(uuid, ADD_LAST, SECTION_DHCP_HOST, -1, null, 0),
  ]);
}

describe('networks on the test driver (fixture)', () => {
  const DEFAULT_UUID = 'dd8fe884-6c02-601e-7551-cca97df1c5df';
  let conn: LibvirtConnection;

  beforeAll(async () => {
    conn = await openLibvirt(`test://${FIXTURE}`);
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('lists the fixture network with its state and bridge, honouring flags', async () => {
    const all = await conn.listAllNetworks(0);
    expect(all).toEqual([
      { uuid: DEFAULT_UUID, name: 'default', active: true, persistent: true, autostart: false, bridge: 'virbr0' },
    ]);
    expect((await conn.listAllNetworks(LIST_ACTIVE)).map((n) => n.name)).toEqual(['default']);
    expect(await conn.listAllNetworks(LIST_INACTIVE)).toEqual([]);
    expect(await conn.networkLookupByName('default')).toEqual(all[0]);
  });

  it('reads its XML', async () => {
    const xml = await conn.networkGetXMLDesc(DEFAULT_UUID, 0);
    expect(xml).toContain('<name>default</name>');
    expect(xml).toContain(DEFAULT_UUID);
    expect(xml).toMatch(/<ip address=['"]192\.168\.122\.1['"]/);
  });

  it('toggles autostart', async () => {
    await conn.networkSetAutostart(DEFAULT_UUID, true);
    expect(await conn.networkGetAutostart(DEFAULT_UUID)).toBe(true);
    expect((await conn.networkLookupByName('default')).autostart).toBe(true);
    await conn.networkSetAutostart(DEFAULT_UUID, false);
    expect(await conn.networkGetAutostart(DEFAULT_UUID)).toBe(false);
  });

  it('adds and deletes a DHCP host with networkUpdate', async () => {
    const host = "<host mac='52:54:00:00:00:51' name='fixture-host' ip='192.168.122.51'/>";
    await conn.networkUpdate(DEFAULT_UUID, ADD_LAST, SECTION_DHCP_HOST, -1, host, AFFECT_LIVE | AFFECT_CONFIG);
    expect(await conn.networkGetXMLDesc(DEFAULT_UUID, 0)).toMatch(/<host mac='52:54:00:00:00:51' name='fixture-host' ip='192\.168\.122\.51'\/>/);
    await conn.networkUpdate(DEFAULT_UUID, DELETE, SECTION_DHCP_HOST, -1, host, AFFECT_LIVE | AFFECT_CONFIG);
    expect(await conn.networkGetXMLDesc(DEFAULT_UUID, 0)).not.toContain('52:54:00:00:00:51');
  });

  it('defines, starts, stops and undefines a second network', async () => {
    const def = await conn.networkDefineXML(
      "<network><name>vdts-extra</name><bridge name='vdtsx0'/><ip address='10.254.9.1' netmask='255.255.255.0'/></network>",
    );
    expect(def).toMatchObject({ name: 'vdts-extra', active: false, persistent: true, bridge: 'vdtsx0' });
    expect(def.uuid).toMatch(/^[0-9a-f-]{36}$/);
    await conn.networkCreate(def.uuid);
    expect((await conn.networkLookupByName('vdts-extra')).active).toBe(true);
    await conn.networkDestroy(def.uuid);
    expect((await conn.networkLookupByName('vdts-extra')).active).toBe(false);
    await conn.networkUndefine(def.uuid);
    await expectLibvirtCode(conn.networkGetXMLDesc(def.uuid, 0), VIR_ERR_NO_NETWORK);
    await expectLibvirtCode(conn.networkDefineXML('<network><name>'), 35 /* VIR_ERR_XML_DETAIL */);
  });

  it('reports that the test driver has no DHCP leases', async () => {
    await expectLibvirtCode(conn.networkGetDHCPLeases(DEFAULT_UUID, null), VIR_ERR_NO_SUPPORT);
  });

  it('rejects unknown networks (43) and bad arguments (TypeError)', async () => {
    await checkErrorPaths(conn, DEFAULT_UUID);
  });

  it('rejects after close()', async () => {
    const other = await openLibvirt(`test://${FIXTURE}`);
    await other.close();
    expect((await rejection(other.listAllNetworks(0))).message).toMatch(/closed/);
    expect((await rejection(other.networkUpdate(DEFAULT_UUID, ADD_LAST, SECTION_DHCP_HOST, -1, '<host/>', 0))).message).toMatch(/closed/);
  });
});

describe('an isolated network on qemu:///system', () => {
  beforeAll(() => requireSystem());
  const NAME = 'vdts-net';
  const BRIDGE = 'vdts0';
  const LEASES = `/var/lib/libvirt/dnsmasq/${BRIDGE}.status`;
  const XML = `<network>
  <name>${NAME}</name>
  <bridge name='${BRIDGE}'/>
  <ip address='192.168.254.1' netmask='255.255.255.0'>
    <dhcp><range start='192.168.254.100' end='192.168.254.199'/></dhcp>
  </ip>
</network>`;
  const HOST = "<host mac='52:54:00:5d:00:01' name='vdts-h1' ip='192.168.254.10'/>";
  let conn: LibvirtConnection;
  let uuid: string;
  let systemDefaultBefore: unknown;

  const removeNetwork = () => {
    spawnSync('virsh', ['-c', SYSTEM_URI, 'net-destroy', NAME], { stdio: 'ignore' });
    spawnSync('virsh', ['-c', SYSTEM_URI, 'net-undefine', NAME], { stdio: 'ignore' });
  };
  const bridgeExists = () => spawnSync('ip', ['link', 'show', BRIDGE], { stdio: 'ignore' }).status === 0;
  const live = () => conn.networkGetXMLDesc(uuid, 0);
  const config = () => conn.networkGetXMLDesc(uuid, XML_INACTIVE);

  beforeAll(async () => {
    removeNetwork();
    conn = await openLibvirt(SYSTEM_URI);
    systemDefaultBefore = (await conn.listAllNetworks(0)).find((n) => n.name === 'default');
  });
  afterAll(async () => {
    await conn?.close();
    removeNetwork();
    rmSync(LEASES, { force: true });
  });

  it('defines it: persistent, inactive, with its bridge name', async () => {
    const net = await conn.networkDefineXML(XML);
    uuid = net.uuid;
    expect(net).toEqual({ uuid, name: NAME, active: false, persistent: true, autostart: false, bridge: BRIDGE });
    expect((await conn.listAllNetworks(LIST_INACTIVE)).map((n) => n.name)).toContain(NAME);
  });

  it('starts it: the bridge appears on the host', async () => {
    await conn.networkCreate(uuid);
    expect((await conn.networkLookupByName(NAME)).active).toBe(true);
    expect((await conn.listAllNetworks(LIST_ACTIVE)).map((n) => n.name)).toContain(NAME);
    expect(bridgeExists()).toBe(true);
  });

  it('adds, modifies and deletes a DHCP host, live and in the config', async () => {
    await conn.networkUpdate(uuid, ADD_LAST, SECTION_DHCP_HOST, -1, HOST, AFFECT_LIVE | AFFECT_CONFIG);
    for (const xml of [await live(), await config()]) {
      expect(xml).toMatch(/<host mac='52:54:00:5d:00:01' name='vdts-h1' ip='192\.168\.254\.10'\/>/);
    }
    const moved = HOST.replace('192.168.254.10', '192.168.254.11');
    await conn.networkUpdate(uuid, MODIFY, SECTION_DHCP_HOST, -1, moved, AFFECT_LIVE | AFFECT_CONFIG);
    expect(await live()).toMatch(/ip='192\.168\.254\.11'/);
    expect(await live()).not.toMatch(/ip='192\.168\.254\.10'/);
    await conn.networkUpdate(uuid, DELETE, SECTION_DHCP_HOST, -1, moved, AFFECT_LIVE | AFFECT_CONFIG);
    expect(await live()).not.toContain('52:54:00:5d:00:01');
    expect(await config()).not.toContain('52:54:00:5d:00:01');
    // AFFECT_LIVE alone changes the running network, not its persistent config.
    await conn.networkUpdate(uuid, ADD_LAST, SECTION_DHCP_HOST, -1, HOST, AFFECT_LIVE);
    expect(await live()).toContain('52:54:00:5d:00:01');
    expect(await config()).not.toContain('52:54:00:5d:00:01');
    await conn.networkUpdate(uuid, DELETE, SECTION_DHCP_HOST, -1, HOST, AFFECT_LIVE);
    expect(await live()).not.toContain('52:54:00:5d:00:01');
  });

  it('adds and deletes a DHCP range; refuses a bad update with libvirt\'s code', async () => {
    const range = "<range start='192.168.254.20' end='192.168.254.29'/>";
    await conn.networkUpdate(uuid, ADD_LAST, SECTION_DHCP_RANGE, -1, range, AFFECT_LIVE | AFFECT_CONFIG);
    expect(await live()).toMatch(/<range start='192\.168\.254\.20' end='192\.168\.254\.29'\/>/);
    expect(await config()).toMatch(/<range start='192\.168\.254\.20' end='192\.168\.254\.29'\/>/);
    await conn.networkUpdate(uuid, DELETE, SECTION_DHCP_RANGE, -1, range, AFFECT_LIVE | AFFECT_CONFIG);
    expect(await live()).not.toContain('192.168.254.20');
    // Deleting a host that is not there.
    const err = await rejection(conn.networkUpdate(uuid, DELETE, SECTION_DHCP_HOST, -1, HOST, AFFECT_LIVE));
    expect(err.name).toBe('LibvirtError');
    expect(err.code).toBeGreaterThan(0);
  });

  it('reports DHCP leases (none without guests), for all and for one MAC', async () => {
    expect(await conn.networkGetDHCPLeases(uuid, null)).toEqual([]);
    // libvirt reads the leases from the network's status file, which its
    // leases helper keeps for dnsmasq. Writing entries there ourselves tests
    // every field without DHCP traffic; an expired one must be left out.
    const expiry = Math.floor(Date.now() / 1000) + 3600;
    writeFileSync(
      LEASES,
      JSON.stringify([
        { 'ip-address': '192.168.254.10', 'mac-address': '52:54:00:5d:00:01', hostname: 'vdts-h1', 'client-id': '01:52:54:00:5d:00:01', 'expiry-time': expiry },
        { 'ip-address': '192.168.254.11', 'mac-address': '52:54:00:5d:00:02', 'expiry-time': expiry + 1 },
        { 'ip-address': '192.168.254.12', 'mac-address': '52:54:00:5d:00:03', 'expiry-time': 1000 },
      ]),
    );
    const first = {
      iface: BRIDGE,
      expiryTime: expiry,
      type: 0, // IPv4
      mac: '52:54:00:5d:00:01',
      iaid: null,
      ipaddr: '192.168.254.10',
      prefix: 24,
      hostname: 'vdts-h1',
      clientid: '01:52:54:00:5d:00:01',
    };
    const second = { ...first, expiryTime: expiry + 1, mac: '52:54:00:5d:00:02', ipaddr: '192.168.254.11', hostname: null, clientid: null };
    expect(await conn.networkGetDHCPLeases(uuid, null)).toEqual([first, second]);
    expect(await conn.networkGetDHCPLeases(uuid, '52:54:00:5d:00:02')).toEqual([second]);
    expect(await conn.networkGetDHCPLeases(uuid, '52:54:00:5d:00:03')).toEqual([]); // expired
    rmSync(LEASES, { force: true });
  });

  it('toggles autostart', async () => {
    await conn.networkSetAutostart(uuid, true);
    expect(await conn.networkGetAutostart(uuid)).toBe(true);
    await conn.networkSetAutostart(uuid, false);
    expect(await conn.networkGetAutostart(uuid)).toBe(false);
  });

  it('rejects unknown networks (43) and bad arguments (TypeError)', async () => {
    await checkErrorPaths(conn, uuid);
  });

  it('destroys and undefines it; the system default network is untouched', async () => {
    await conn.networkDestroy(uuid);
    expect((await conn.networkLookupByName(NAME)).active).toBe(false);
    expect(bridgeExists()).toBe(false);
    await conn.networkUndefine(uuid);
    await expectLibvirtCode(conn.networkLookupByName(NAME), VIR_ERR_NO_NETWORK);
    await expectLibvirtCode(conn.networkGetXMLDesc(uuid, 0), VIR_ERR_NO_NETWORK);
    expect((await conn.listAllNetworks(0)).find((n) => n.name === 'default')).toEqual(systemDefaultBefore);
  });
});
