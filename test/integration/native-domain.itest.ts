// Domain calls of the native binding (api/domain.d.ts) on the test driver with
// the every-state fixture host: fast, no guest. The same calls against QEMU
// with the tiny guest: native-domain-qemu.itest.ts; devices:
// native-domain-devices.itest.ts; snapshots: native-snapshot.itest.ts;
// migration: native-migrate.itest.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibvirt, type LibvirtConnection } from '../../main/libvirt/connection';
import { FIXTURE } from '../support/fixtures';
import { AFFECT, DEFINE, ERR, IFADDR_SRC, LIST, METADATA, SHUTDOWN, STATE, UNDEFINE, VIRTDESK_NS, rejection } from '../support/domain-flags';

const FIXTURE_URI = `test://${FIXTURE}`;
const WEB01 = '4dea22b3-1d52-d8f3-2516-782e98ab3fa0'; // running, id 1, one interface, disk vda
const ARCHIVE = '4dea22b3-1d52-d8f3-2516-782e98ab3fa4'; // shut off
const WIN = '4dea22b3-1d52-d8f3-2516-782e98ab3fa5'; // shut off with a managed save image
const MISSING = '00000000-0000-4000-8000-000000000042';
const GONE = '00000000-0000-4000-8000-000000000043'; // defined and undefined by a test

const names = (list: Array<{ name: string }>) => list.map((d) => d.name).sort();

describe('domain calls on the test driver (every-state fixture host)', () => {
  let conn: LibvirtConnection;

  beforeAll(async () => {
    conn = await openLibvirt(FIXTURE_URI);
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('looks domains up by name and by id, and rejects unknown ones with code 42', async () => {
    const web = await conn.domainLookupByName('web-01');
    expect(web).toMatchObject({ uuid: WEB01, name: 'web-01', id: 1, state: STATE.RUNNING, persistent: true, title: 'Public web server' });
    expect(await conn.domainLookupByID(1)).toEqual(web);
    expect((await conn.domainLookupByID(3)).name).toBe('build-runner');
    expect((await rejection(conn.domainLookupByName('no-such-domain'))).code).toBe(ERR.NO_DOMAIN);
    expect((await rejection(conn.domainLookupByID(9999))).code).toBe(ERR.NO_DOMAIN);
  });

  it('filters listAllDomains with VIR_CONNECT_LIST_DOMAINS_* flags', async () => {
    expect(names(await conn.listAllDomains(LIST.RUNNING))).toEqual(['scratch', 'web-01']);
    expect(names(await conn.listAllDomains(LIST.PAUSED))).toEqual(['build-runner']);
    expect(names(await conn.listAllDomains(LIST.SHUTOFF))).toEqual(['archive', 'win-desktop']);
    expect(names(await conn.listAllDomains(LIST.TRANSIENT))).toEqual(['scratch']);
    expect(names(await conn.listAllDomains(LIST.MANAGEDSAVE))).toEqual(['win-desktop']);
    expect(names(await conn.listAllDomains(LIST.INACTIVE | LIST.NO_MANAGEDSAVE))).toEqual(['archive']);
    expect(await conn.listAllDomains(LIST.AUTOSTART)).toEqual([]);
    expect(await conn.listAllDomains(LIST.ACTIVE | LIST.INACTIVE)).toHaveLength(10);
  });

  it('defines with VIR_DOMAIN_DEFINE_VALIDATE: schema errors are refused (92), not silently dropped', async () => {
    const xml = (name: string, extra = '') =>
      `<domain type="test"><name>${name}</name><memory>65536</memory><os><type>hvm</type></os>${extra}</domain>`;
    const err = await rejection(conn.domainDefineXMLFlags(xml('vdtd-invalid', '<bogus/>'), DEFINE.VALIDATE));
    expect(err.code).toBe(ERR.XML_INVALID_SCHEMA);
    expect(err.message).toMatch(/bogus/);
    expect((await rejection(conn.domainLookupByName('vdtd-invalid'))).code).toBe(ERR.NO_DOMAIN);
    // Without VALIDATE the unknown element is dropped and the domain defined.
    const lax = await conn.domainDefineXMLFlags(xml('vdtd-lax', '<bogus/>'), 0);
    expect(lax).toMatchObject({ name: 'vdtd-lax', state: STATE.SHUTOFF, persistent: true });
    expect(await conn.domainGetXMLDesc(lax.uuid, 0)).not.toContain('bogus');
    const valid = await conn.domainDefineXMLFlags(xml('vdtd-valid'), DEFINE.VALIDATE);
    expect(valid.name).toBe('vdtd-valid');
    await conn.domainUndefine(lax.uuid, 0);
    await conn.domainUndefine(valid.uuid, 0);
  });

  it('undefines a domain with a managed save image only with UNDEFINE_MANAGED_SAVE', async () => {
    const err = await rejection(conn.domainUndefine(WIN, 0));
    expect(err.code).toBe(ERR.OPERATION_INVALID);
    expect(err.message).toMatch(/managed save/);
    await conn.domainUndefine(WIN, UNDEFINE.MANAGED_SAVE);
    expect((await rejection(conn.domainInfo(WIN))).code).toBe(ERR.NO_DOMAIN);
  });

  it('sets and reads TITLE, DESCRIPTION and our ELEMENT metadata, and removes them with null', async () => {
    expect(await conn.domainGetMetadata(WEB01, METADATA.TITLE, null, AFFECT.CURRENT)).toBe('Public web server');
    await conn.domainSetMetadata(WEB01, METADATA.TITLE, 'Shop front', null, null, AFFECT.CURRENT);
    expect(await conn.domainGetMetadata(WEB01, METADATA.TITLE, null, 0)).toBe('Shop front');
    expect((await conn.domainInfo(WEB01)).title).toBe('Shop front');
    await conn.domainSetMetadata(WEB01, METADATA.DESCRIPTION, 'line 1\nline 2', null, null, 0);
    expect(await conn.domainGetMetadata(WEB01, METADATA.DESCRIPTION, null, 0)).toBe('line 1\nline 2');

    const element = '<prefs pinned="yes"><group>web</group></prefs>';
    await conn.domainSetMetadata(WEB01, METADATA.ELEMENT, element, 'virtdesk', VIRTDESK_NS, 0);
    const stored = await conn.domainGetMetadata(WEB01, METADATA.ELEMENT, VIRTDESK_NS, 0);
    expect(stored).toMatch(/^<prefs pinned="yes">\s*<group>web<\/group>\s*<\/prefs>$/);
    expect(await conn.domainGetXMLDesc(WEB01, 0)).toMatch(new RegExp(`<virtdesk:prefs xmlns:virtdesk="${VIRTDESK_NS.replace(/\./g, '\\.')}"`));

    await conn.domainSetMetadata(WEB01, METADATA.ELEMENT, null, null, VIRTDESK_NS, 0);
    expect((await rejection(conn.domainGetMetadata(WEB01, METADATA.ELEMENT, VIRTDESK_NS, 0))).code).toBe(ERR.NO_DOMAIN_METADATA);
    await conn.domainSetMetadata(WEB01, METADATA.TITLE, null, null, null, 0);
    expect((await rejection(conn.domainGetMetadata(WEB01, METADATA.TITLE, null, 0))).code).toBe(ERR.NO_DOMAIN_METADATA);
    // ELEMENT needs its namespace.
    expect((await rejection(conn.domainGetMetadata(WEB01, METADATA.ELEMENT, null, 0))).code).toBe(ERR.INVALID_ARG);
  });

  it('renames an inactive domain, keeping its UUID; a running one is refused', async () => {
    await conn.domainRename(ARCHIVE, 'archive-2019', 0);
    expect((await conn.domainInfo(ARCHIVE)).name).toBe('archive-2019');
    expect((await conn.domainLookupByName('archive-2019')).uuid).toBe(ARCHIVE);
    expect((await rejection(conn.domainLookupByName('archive'))).code).toBe(ERR.NO_DOMAIN);
    expect((await rejection(conn.domainRename(WEB01, 'web-02', 0))).code).toBe(ERR.OPERATION_INVALID);
    await conn.domainRename(ARCHIVE, 'archive', 0);
  });

  it('reads and sets autostart, which listAllDomains(AUTOSTART) then reflects', async () => {
    expect(await conn.domainGetAutostart(ARCHIVE)).toBe(false);
    await conn.domainSetAutostart(ARCHIVE, true);
    expect(await conn.domainGetAutostart(ARCHIVE)).toBe(true);
    expect(names(await conn.listAllDomains(LIST.AUTOSTART))).toEqual(['archive']);
    await conn.domainSetAutostart(ARCHIVE, false);
    expect(await conn.domainGetAutostart(ARCHIVE)).toBe(false);
  });

  it('reads virDomainGetInfo of many domains in one call, null for one that is not there', async () => {
    const c = await conn.domainGetInfoMany([WEB01, MISSING, ARCHIVE]);
    const one = await conn.domainGetInfo(WEB01);
    expect([...c.found]).toEqual([1, 0, 1]);
    expect([...c.state]).toEqual([STATE.RUNNING, 0, STATE.SHUTOFF]);
    expect(c.nrVirtCpu[0]).toBe(2);
    expect(c.memory[0]).toBe(Number(one.memory));
    expect(c.maxMem[0]).toBe(Number(one.maxMem));
    expect(c.cpuTime[0]).toBeGreaterThan(0);
    expect([c.memory[1], c.maxMem[1], c.cpuTime[1]]).toEqual([0, 0, 0]);
    const none = await conn.domainGetInfoMany([]);
    expect([none.found.length, none.cpuTime.length]).toEqual([0, 0]);
    // Handles are kept from one call to the next: a domain that went away in
    // between is not found, and one defined again under its UUID is.
    const xml = `<domain type="test"><name>vdtd-many</name><uuid>${GONE}</uuid><memory>65536</memory><os><type>hvm</type></os></domain>`;
    await conn.domainDefineXMLFlags(xml, 0);
    expect([...(await conn.domainGetInfoMany([GONE, WEB01, GONE])).found]).toEqual([1, 1, 1]);
    await conn.domainUndefine(GONE, 0);
    expect([...(await conn.domainGetInfoMany([GONE, WEB01])).found]).toEqual([0, 1]);
    await conn.domainDefineXMLFlags(xml, 0);
    const again = await conn.domainGetInfoMany([GONE]);
    expect([again.found[0], again.state[0], again.memory[0]]).toEqual([1, STATE.SHUTOFF, 65536]);
    await conn.domainUndefine(GONE, 0);
    expect(await rejection(conn.domainGetInfoMany('nope' as never))).toBeInstanceOf(TypeError);
    expect(await rejection(conn.domainGetInfoMany([42] as never))).toBeInstanceOf(TypeError);
  });

  it('reads virDomainGetInfo and changes memory and vCPUs', async () => {
    const info = await conn.domainGetInfo(WEB01);
    expect(info).toMatchObject({ state: STATE.RUNNING, maxMem: 2048 * 1024, memory: 2048 * 1024, nrVirtCpu: 2 });
    // The test driver reports wall-clock nanoseconds as CPU time: beyond 2^53, so a bigint.
    expect(['number', 'bigint']).toContain(typeof info.cpuTime);
    expect(BigInt(info.cpuTime)).toBeGreaterThan(0n);

    await conn.domainSetMemoryFlags(WEB01, 1024 * 1024, AFFECT.LIVE);
    expect((await conn.domainGetInfo(WEB01)).memory).toBe(1024 * 1024);
    expect((await rejection(conn.domainSetMemoryFlags(WEB01, 4096 * 1024, AFFECT.LIVE))).code).toBe(ERR.INVALID_ARG);
    // bigint is accepted as well as number.
    await conn.domainSetMaxMemory(ARCHIVE, 3072n * 1024n);
    expect((await conn.domainGetInfo(ARCHIVE)).maxMem).toBe(3072 * 1024);

    expect(await conn.domainGetVcpusFlags(WEB01, AFFECT.LIVE)).toBe(2);
    await conn.domainSetVcpusFlags(ARCHIVE, 1, AFFECT.CONFIG);
    expect(await conn.domainGetVcpusFlags(ARCHIVE, AFFECT.CONFIG)).toBe(1);
    expect((await conn.domainGetInfo(ARCHIVE)).nrVirtCpu).toBe(1);
    expect((await rejection(conn.domainSetVcpusFlags(ARCHIVE, 64, AFFECT.CONFIG))).code).toBe(ERR.INVALID_ARG);
  });

  it('saves, reports and removes a managed save image', async () => {
    const db01 = (await conn.domainLookupByName('db-01')).uuid; // blocked (active)
    expect(await conn.domainHasManagedSaveImage(db01)).toBe(false);
    await conn.domainManagedSave(db01, 0);
    expect(await conn.domainHasManagedSaveImage(db01)).toBe(true);
    expect(await conn.domainInfo(db01)).toMatchObject({ state: STATE.SHUTOFF, hasManagedSave: true });
    expect(names(await conn.listAllDomains(LIST.MANAGEDSAVE))).toContain('db-01');
    await conn.domainManagedSaveRemove(db01);
    expect(await conn.domainHasManagedSaveImage(db01)).toBe(false);
    expect((await rejection(conn.domainManagedSave(ARCHIVE, 0))).code).toBe(ERR.OPERATION_INVALID); // not running
  });

  it('resets a running domain and refuses to reset a stopped one', async () => {
    await conn.domainReset(WEB01);
    expect((await conn.domainInfo(WEB01)).state).toBe(STATE.RUNNING);
    expect((await rejection(conn.domainReset(ARCHIVE))).code).toBe(ERR.OPERATION_INVALID);
  });

  it('reports interface addresses and block info as the test driver fakes them', async () => {
    for (const source of [IFADDR_SRC.LEASE, IFADDR_SRC.AGENT, IFADDR_SRC.ARP]) {
      const ifaces = await conn.domainInterfaceAddresses(WEB01, source);
      expect(ifaces).toHaveLength(1);
      expect(ifaces[0]).toMatchObject({ hwaddr: '52:54:00:00:00:01' });
      expect(ifaces[0]!.addrs[0]).toMatchObject({ type: 0, prefix: 24 });
      expect(ifaces[0]!.addrs[0]!.addr).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
    const block = await conn.domainGetBlockInfo(WEB01, 'vda', 0);
    expect(block.capacity).toBeGreaterThan(0);
    expect(block.physical).toBeGreaterThanOrEqual(block.allocation as number);
    expect((await rejection(conn.domainGetBlockInfo(WEB01, 'vdz', 0))).code).toBe(ERR.INVALID_ARG);
  });

  it('rejects what the test driver does not implement with code 3 (VIR_ERR_NO_SUPPORT)', async () => {
    for (const call of [
      () => conn.domainGetJobInfo(WEB01),
      () => conn.domainGetJobStats(WEB01, 0),
      () => conn.domainAbortJob(WEB01),
      () => conn.domainOpenGraphicsFD(WEB01, 0, 0),
    ]) {
      expect((await rejection(call())).code).toBe(ERR.NO_SUPPORT);
    }
    // Flags a call does not know are refused by libvirt, not dropped by the binding.
    expect((await rejection(conn.domainShutdown(WEB01, SHUTDOWN.GUEST_AGENT))).code).toBe(ERR.INVALID_ARG);
  });

  it('rejects every method for an unknown UUID with code 42', async () => {
    const calls: Array<() => Promise<unknown>> = [
      () => conn.domainReset(MISSING),
      () => conn.domainManagedSave(MISSING, 0),
      () => conn.domainHasManagedSaveImage(MISSING),
      () => conn.domainManagedSaveRemove(MISSING),
      () => conn.domainGetAutostart(MISSING),
      () => conn.domainSetAutostart(MISSING, true),
      () => conn.domainGetMetadata(MISSING, METADATA.TITLE, null, 0),
      () => conn.domainSetMetadata(MISSING, METADATA.TITLE, 'x', null, null, 0),
      () => conn.domainRename(MISSING, 'x', 0),
      () => conn.domainGetInfo(MISSING),
      () => conn.domainSetMemoryFlags(MISSING, 1024, 0),
      () => conn.domainSetMaxMemory(MISSING, 1024),
      () => conn.domainSetVcpusFlags(MISSING, 1, 0),
      () => conn.domainGetVcpusFlags(MISSING, 0),
      () => conn.domainAttachDeviceFlags(MISSING, '<disk/>', 0),
      () => conn.domainDetachDeviceFlags(MISSING, '<disk/>', 0),
      () => conn.domainUpdateDeviceFlags(MISSING, '<disk/>', 0),
      () => conn.domainGetJobInfo(MISSING),
      () => conn.domainGetJobStats(MISSING, 0),
      () => conn.domainAbortJob(MISSING),
      () => conn.domainInterfaceAddresses(MISSING, 0),
      () => conn.domainGetBlockInfo(MISSING, 'vda', 0),
      () => conn.domainOpenGraphicsFD(MISSING, 0, 0),
      () => conn.domainMigrate(MISSING, conn, 0, null),
    ];
    for (const [i, call] of calls.entries()) {
      const err = await rejection(call());
      expect(err.code, `call #${i}: ${err.message}`).toBe(ERR.NO_DOMAIN);
    }
  });

  it('rejects wrong argument types with a TypeError before reaching libvirt', async () => {
    const c = conn as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const bad: Array<[string, unknown[]]> = [
      ['domainLookupByName', [42]],
      ['domainLookupByID', ['1']],
      ['domainLookupByID', [1.5]],
      ['domainDefineXMLFlags', ['<domain/>', -1]],
      ['domainReset', [null]],
      ['domainSetAutostart', [WEB01, 'yes']],
      ['domainGetMetadata', [WEB01, 1, 42, 0]],
      ['domainSetMetadata', [WEB01, 1, 7, null, null, 0]],
      ['domainSetMemoryFlags', [WEB01, -1, 0]],
      ['domainSetMemoryFlags', [WEB01, -1n, 0]],
      ['domainSetMemoryFlags', [WEB01, 2 ** 64, 0]],
      ['domainSetMaxMemory', [WEB01, '1024']],
      ['domainSetVcpusFlags', [WEB01, -2, 0]],
      ['domainAttachDeviceFlags', [WEB01, 5, 0]],
      ['domainInterfaceAddresses', [WEB01, 'lease']],
      ['domainGetBlockInfo', [WEB01, null, 0]],
      ['domainOpenGraphicsFD', [WEB01, -1, 0]],
      ['domainMigrate', [WEB01, {}, 0, null]],
      ['domainMigrate', [WEB01, 'qemu+ssh://elsewhere/system', 0, null]],
      ['domainMigrate', [WEB01, conn, 0, { dnam: 'typo' }]],
      ['domainMigrate', [WEB01, conn, 0, { bandwidth: -5 }]],
      ['domainMigrate', [WEB01, conn, 0, { migrateDisks: 'vda' }]],
      ['domainMigrate', [WEB01, conn, 0, 'params']],
    ];
    for (const [method, args] of bad) {
      const err = await rejection(c[method]!(...args));
      expect(err, `${method}(${args.map(String).join(', ')})`).toBeInstanceOf(TypeError);
    }
  });

  it('rejects every call after close() without reaching libvirt', async () => {
    const other = await openLibvirt(FIXTURE_URI);
    const uuid = (await other.domainLookupByName('web-01')).uuid;
    await other.close();
    for (const call of [
      () => other.domainLookupByName('web-01'),
      () => other.domainGetInfo(uuid),
      () => other.domainManagedSave(uuid, 0), // a long job
      () => other.domainGetJobStats(uuid, 0), // a long-thread query
      () => other.domainMigrate(uuid, conn, 0, null),
      () => conn.domainMigrate(WEB01, other, 0, null), // closed destination
    ]) {
      expect((await rejection(call())).message).toMatch(/closed/);
    }
  });
});
