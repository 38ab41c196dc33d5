// Snapshot calls of the native binding (api/snapshot.d.ts): the tree logic,
// flags and errors on the test driver (every-state fixture host, a private
// copy per connection), then a real internal snapshot of the running tiny
// guest on qemu:///system, reverted so that the guest's RAM goes back in time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibvirt, type LibvirtConnection } from '../../main/libvirt/connection';
import { FIXTURE } from '../support/fixtures';
import { requireSystem, SYSTEM_URI, waitForGuestShell } from '../support/system-libvirt';
import { defineGuestXml, editXml, removeDomGuest, tinyGuestXml } from '../support/dom-guests';
import { guestRun } from '../support/guest-shell';
import { ERR, SNAP_CREATE, SNAP_DELETE, SNAP_LIST, SNAP_REVERT, STATE, rejection } from '../support/domain-flags';

const FIXTURE_URI = `test://${FIXTURE}`;
const WEB01 = '4dea22b3-1d52-d8f3-2516-782e98ab3fa0'; // running
const MISSING = '00000000-0000-4000-8000-000000000042';
const snapXml = (name: string, extra = '') => `<domainsnapshot><name>${name}</name>${extra}</domainsnapshot>`;
const tree = (list: Array<{ name: string; parent: string | null }>) => list.map((s) => `${s.parent ?? '-'}>${s.name}`);

describe('snapshot calls on the test driver', () => {
  let conn: LibvirtConnection;

  beforeAll(async () => {
    conn = await openLibvirt(FIXTURE_URI);
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('has no snapshots and no current one to begin with; unknown names reject with 72', async () => {
    expect(await conn.domainListAllSnapshots(WEB01, 0)).toEqual([]);
    expect(await conn.domainSnapshotCurrent(WEB01)).toBeNull();
    for (const call of [
      () => conn.domainSnapshotGetXMLDesc(WEB01, 'nope', 0),
      () => conn.domainRevertToSnapshot(WEB01, 'nope', 0),
      () => conn.domainSnapshotDelete(WEB01, 'nope', 0),
    ]) {
      expect((await rejection(call())).code).toBe(ERR.NO_DOMAIN_SNAPSHOT);
    }
  });

  it('creates a chain, each new snapshot the child of the current one', async () => {
    const t0 = Math.floor(Date.now() / 1000);
    const s1 = await conn.domainSnapshotCreateXML(WEB01, snapXml('s1', '<description>first</description>'), 0);
    expect(s1).toMatchObject({ name: 's1', parent: null, isCurrent: true, hasMetadata: true, state: 'running' });
    expect(s1.creationTime).toBeGreaterThanOrEqual(t0 - 1);
    expect(s1.creationTime).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    expect(await conn.domainSnapshotCreateXML(WEB01, snapXml('s2'), 0)).toMatchObject({ name: 's2', parent: 's1', isCurrent: true });
    // A minimal document is enough: libvirt names it by its creation time.
    const s3 = await conn.domainSnapshotCreateXML(WEB01, '<domainsnapshot/>', 0);
    expect(s3.name).toMatch(/^\d+$/);
    expect(s3.parent).toBe('s2');
    await conn.domainSnapshotDelete(WEB01, s3.name, 0);
    await conn.domainSnapshotCreateXML(WEB01, snapXml('s3'), 0);
    expect((await conn.domainSnapshotCurrent(WEB01))?.name).toBe('s3');
  });

  it('reverts to a snapshot in the state asked for, and branches from there', async () => {
    await conn.domainRevertToSnapshot(WEB01, 's1', SNAP_REVERT.PAUSED);
    expect((await conn.domainInfo(WEB01)).state).toBe(STATE.PAUSED);
    expect(await conn.domainSnapshotCurrent(WEB01)).toMatchObject({ name: 's1', isCurrent: true });
    await conn.domainRevertToSnapshot(WEB01, 's1', SNAP_REVERT.RUNNING);
    expect((await conn.domainInfo(WEB01)).state).toBe(STATE.RUNNING);
    expect(await conn.domainSnapshotCreateXML(WEB01, snapXml('s4'), 0)).toMatchObject({ name: 's4', parent: 's1' });
    expect((await rejection(conn.domainRevertToSnapshot(WEB01, 's2', SNAP_REVERT.RUNNING | SNAP_REVERT.PAUSED))).code).toBe(ERR.INVALID_ARG);
  });

  it('lists the tree with parent links and the ROOTS/LEAVES/TOPOLOGICAL filters', async () => {
    const all = await conn.domainListAllSnapshots(WEB01, SNAP_LIST.TOPOLOGICAL);
    // Topological: every parent before its children.
    const seen = new Set<string>();
    for (const s of all) {
      if (s.parent) expect(seen.has(s.parent), `${s.parent} before ${s.name}`).toBe(true);
      seen.add(s.name);
    }
    expect(tree(all).sort()).toEqual(['->s1', 's1>s2', 's1>s4', 's2>s3']);
    expect(all.filter((s) => s.isCurrent).map((s) => s.name)).toEqual(['s4']);
    expect((await conn.domainListAllSnapshots(WEB01, SNAP_LIST.ROOTS)).map((s) => s.name)).toEqual(['s1']);
    expect((await conn.domainListAllSnapshots(WEB01, SNAP_LIST.LEAVES)).map((s) => s.name).sort()).toEqual(['s3', 's4']);
    expect((await conn.domainListAllSnapshots(WEB01, SNAP_LIST.NO_LEAVES)).map((s) => s.name).sort()).toEqual(['s1', 's2']);
    expect(await conn.domainListAllSnapshots(WEB01, SNAP_LIST.METADATA)).toHaveLength(4);
  });

  it('returns the snapshot XML with its parent, description and the domain it captured', async () => {
    const xml = await conn.domainSnapshotGetXMLDesc(WEB01, 's2', 0);
    expect(xml).toMatch(/<name>s2<\/name>/);
    expect(xml).toMatch(/<parent>\s*<name>s1<\/name>\s*<\/parent>/);
    expect(xml).toMatch(/<state>running<\/state>/);
    expect(xml).toMatch(/<domain type='test'>[\s\S]*<name>web-01<\/name>/);
    expect(await conn.domainSnapshotGetXMLDesc(WEB01, 's1', 0)).toContain('<description>first</description>');
    expect(await conn.domainSnapshotGetXMLDesc(WEB01, 's1', 1 /* XML_SECURE */)).toContain('<name>s1</name>');
  });

  it('creates with VALIDATE, HALT, and REDEFINE|CURRENT from a snapshot\'s saved XML', async () => {
    const bad = await rejection(conn.domainSnapshotCreateXML(WEB01, snapXml('bad', '<bogus/>'), SNAP_CREATE.VALIDATE));
    expect(bad.code).toBe(ERR.XML_INVALID_SCHEMA);

    // The test driver refuses DELETE_METADATA_ONLY (the QEMU suite below covers it): a plain delete here.
    const s4xml = await conn.domainSnapshotGetXMLDesc(WEB01, 's4', 0);
    await conn.domainSnapshotDelete(WEB01, 's4', 0);
    expect((await conn.domainListAllSnapshots(WEB01, 0)).map((s) => s.name)).not.toContain('s4');
    const back = await conn.domainSnapshotCreateXML(WEB01, s4xml, SNAP_CREATE.REDEFINE | SNAP_CREATE.CURRENT);
    expect(back).toMatchObject({ name: 's4', parent: 's1', isCurrent: true, hasMetadata: true });
    // CURRENT alone (without REDEFINE) is refused.
    expect((await rejection(conn.domainSnapshotCreateXML(WEB01, snapXml('c'), SNAP_CREATE.CURRENT))).code).toBe(ERR.INVALID_ARG);

    const halted = await conn.domainSnapshotCreateXML(WEB01, snapXml('halted'), SNAP_CREATE.HALT);
    expect(halted).toMatchObject({ name: 'halted', parent: 's4', state: 'running' });
    expect((await conn.domainInfo(WEB01)).state).toBe(STATE.SHUTOFF);
    await conn.domainRevertToSnapshot(WEB01, 'halted', 0); // captured running: runs again
    expect((await conn.domainInfo(WEB01)).state).toBe(STATE.RUNNING);
  });

  it('deletes CHILDREN_ONLY, then a whole subtree with CHILDREN', async () => {
    await conn.domainSnapshotDelete(WEB01, 's2', SNAP_DELETE.CHILDREN_ONLY);
    expect(tree(await conn.domainListAllSnapshots(WEB01, 0)).sort()).toEqual(['->s1', 's1>s2', 's1>s4', 's4>halted']);
    // Deleting s4 alone re-parents its child to s1.
    await conn.domainSnapshotDelete(WEB01, 's4', 0);
    expect(tree(await conn.domainListAllSnapshots(WEB01, 0)).sort()).toEqual(['->s1', 's1>halted', 's1>s2']);
    await conn.domainSnapshotDelete(WEB01, 's1', SNAP_DELETE.CHILDREN);
    expect(await conn.domainListAllSnapshots(WEB01, 0)).toEqual([]);
    expect(await conn.domainSnapshotCurrent(WEB01)).toBeNull();
  });

  it('rejects unknown domains (42), bad arguments (TypeError) and calls after close()', async () => {
    const calls: Array<(c: LibvirtConnection, uuid: string) => Promise<unknown>> = [
      (c, u) => c.domainListAllSnapshots(u, 0),
      (c, u) => c.domainSnapshotGetXMLDesc(u, 's', 0),
      (c, u) => c.domainSnapshotCreateXML(u, '<domainsnapshot/>', 0),
      (c, u) => c.domainRevertToSnapshot(u, 's', 0),
      (c, u) => c.domainSnapshotDelete(u, 's', 0),
      (c, u) => c.domainSnapshotCurrent(u),
    ];
    for (const call of calls) expect((await rejection(call(conn, MISSING))).code).toBe(ERR.NO_DOMAIN);
    const c = conn as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const [method, args] of [
      ['domainListAllSnapshots', [WEB01, 'all']],
      ['domainSnapshotGetXMLDesc', [WEB01, 5, 0]],
      ['domainSnapshotCreateXML', [WEB01, null, 0]],
      ['domainRevertToSnapshot', [WEB01, 's', -1]],
      ['domainSnapshotDelete', [42, 's', 0]],
      ['domainSnapshotCurrent', []],
    ] as Array<[string, unknown[]]>) {
      expect(await rejection(c[method]!(...args)), method).toBeInstanceOf(TypeError);
    }
    const other = await openLibvirt(FIXTURE_URI);
    await other.close();
    for (const call of calls) expect((await rejection(call(other, WEB01))).message).toMatch(/closed/);
  });
});

describe('snapshots of the tiny guest on qemu:///system', () => {
  beforeAll(() => requireSystem());
  const GUEST = 'vdtd-snap';
  let conn: LibvirtConnection;
  let uuid: string;
  let dir: string;
  // The internal snapshots in the image; qemu-img may read it while QEMU has it open (-U: no lock).
  const qcowSnapshots = () => execFileSync('qemu-img', ['snapshot', '-U', '-l', join(dir, 'state.qcow2')], { encoding: 'utf8' });

  beforeAll(async () => {
    // Internal snapshots keep the RAM state inside a qcow2 image: the guest gets one (it needs no driver for it).
    dir = mkdtempSync(join(tmpdir(), 'vdtd-snap-'));
    const disk = join(dir, 'state.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '16M']);
    const xml = editXml(
      tinyGuestXml(GUEST),
      '</devices>',
      `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${disk}'/><target dev='vda' bus='virtio'/></disk></devices>`,
    );
    uuid = defineGuestXml(GUEST, xml);
    conn = await openLibvirt(SYSTEM_URI);
    await conn.domainCreate(uuid, 0);
    await waitForGuestShell(GUEST);
  });

  afterAll(async () => {
    await conn?.close();
    removeDomGuest(GUEST); // --snapshots-metadata
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('snapshots the running guest and reverts its RAM to that moment', async () => {
    await guestRun(GUEST, 'echo before > /tmp/vdtd-mark');
    const snap = await conn.domainSnapshotCreateXML(uuid, snapXml('live', '<description>vdtd</description>'), SNAP_CREATE.ATOMIC);
    expect(snap).toMatchObject({ name: 'live', parent: null, isCurrent: true, hasMetadata: true, state: 'running' });
    expect(await conn.domainSnapshotGetXMLDesc(uuid, 'live', 0)).toMatch(/<memory snapshot='internal'\/>[\s\S]*<disk name='vda' snapshot='internal'\/>/);
    expect((await conn.domainInfo(uuid)).state).toBe(STATE.RUNNING);

    await guestRun(GUEST, 'echo after > /tmp/vdtd-mark');
    await conn.domainRevertToSnapshot(uuid, 'live', 0);
    expect((await conn.domainInfo(uuid)).state).toBe(STATE.RUNNING);
    // /tmp is a tmpfs: the RAM came back, and with it the old file content.
    expect((await guestRun(GUEST, 'cat /tmp/vdtd-mark')).trim()).toBe('before');
  });

  it('branches, lists with parent links, and reverts PAUSED', async () => {
    await conn.domainSnapshotCreateXML(uuid, snapXml('child'), 0);
    expect(tree(await conn.domainListAllSnapshots(uuid, SNAP_LIST.TOPOLOGICAL))).toEqual(['->live', 'live>child']);
    expect(await conn.domainListAllSnapshots(uuid, SNAP_LIST.INTERNAL)).toHaveLength(2);
    expect(await conn.domainListAllSnapshots(uuid, SNAP_LIST.EXTERNAL)).toEqual([]);
    await conn.domainRevertToSnapshot(uuid, 'live', SNAP_REVERT.PAUSED);
    expect((await conn.domainInfo(uuid)).state).toBe(STATE.PAUSED);
    expect((await conn.domainSnapshotCurrent(uuid))?.name).toBe('live');
  });

  it('forgets a snapshot with DELETE_METADATA_ONLY (kept in the image) and REDEFINEs it from its XML', async () => {
    const xml = await conn.domainSnapshotGetXMLDesc(uuid, 'child', 0);
    await conn.domainSnapshotDelete(uuid, 'child', SNAP_DELETE.METADATA_ONLY);
    expect((await conn.domainListAllSnapshots(uuid, 0)).map((s) => s.name)).toEqual(['live']);
    expect(qcowSnapshots()).toMatch(/\bchild\b/);
    expect(await conn.domainSnapshotCreateXML(uuid, xml, SNAP_CREATE.REDEFINE)).toMatchObject({ name: 'child', parent: 'live', hasMetadata: true });
    expect(tree(await conn.domainListAllSnapshots(uuid, SNAP_LIST.TOPOLOGICAL))).toEqual(['->live', 'live>child']);
  });

  it('creates an untracked snapshot with NO_METADATA: in the image, not in libvirt', async () => {
    const untracked = await conn.domainSnapshotCreateXML(uuid, snapXml('untracked'), SNAP_CREATE.NO_METADATA);
    expect(untracked).toEqual({ name: 'untracked', parent: null, isCurrent: false, hasMetadata: false, creationTime: 0, state: '' });
    expect((await conn.domainListAllSnapshots(uuid, 0)).map((s) => s.name)).not.toContain('untracked');
    expect((await rejection(conn.domainSnapshotGetXMLDesc(uuid, 'untracked', 0))).code).toBe(ERR.NO_DOMAIN_SNAPSHOT);
    expect(qcowSnapshots()).toMatch(/\buntracked\b/);
  });

  it('deletes children only, then the snapshot itself, from the qcow2 image too', async () => {
    await conn.domainSnapshotDelete(uuid, 'live', SNAP_DELETE.CHILDREN_ONLY);
    expect((await conn.domainListAllSnapshots(uuid, 0)).map((s) => s.name)).toEqual(['live']);
    await conn.domainSnapshotDelete(uuid, 'live', 0);
    expect(await conn.domainListAllSnapshots(uuid, 0)).toEqual([]);
    expect(await conn.domainSnapshotCurrent(uuid)).toBeNull();
    expect(qcowSnapshots()).not.toMatch(/\b(live|child)\b/);
  });
});
