// domainMigrate (virDomainMigrate3 between two open connections) and the job
// calls that answer during it, against real daemons: the system libvirtd as
// the source and a second, private libvirtd on this machine as the target
// (test/support/peer-libvirtd.ts: own host UUID, own state directories), since
// libvirt refuses to migrate to the daemon a guest comes from. QEMU's
// migration stream goes over 127.0.0.1 (params.uri: libvirt refuses to
// derive it from a hostname that resolves to localhost).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibvirt, type LibvirtConnection } from '../../main/libvirt/connection';
import { requireSystem, SYSTEM_URI, waitForGuestShell } from '../support/system-libvirt';
import { defineGuestXml, removeDomGuest, tinyGuestXml } from '../support/dom-guests';
import { guestRun, guestUptime, ptyRun } from '../support/guest-shell';
import { peerLibvirtdUnavailable, startPeerLibvirtd, type PeerLibvirtd } from '../support/peer-libvirtd';
import { ERR, JOB, JOB_OPERATION, JOB_STATS, MIGRATE, STATE, rejection, until } from '../support/domain-flags';

const GUEST = 'vdtd-mig';
const DATA_URI = 'tcp://127.0.0.1';
const OPERATION_ABORTED = 78; // VIR_ERR_OPERATION_ABORTED

describe('migration to a second libvirtd on this host', () => {
  beforeAll(() => requireSystem());
  let conn: LibvirtConnection;
  let other: LibvirtConnection; // a second connection to the same system daemon
  let peer: PeerLibvirtd | undefined;
  let peerConn: LibvirtConnection | undefined;
  let uuid: string;

  beforeAll(async () => {
    uuid = defineGuestXml(GUEST, tinyGuestXml(GUEST));
    conn = await openLibvirt(SYSTEM_URI);
    other = await openLibvirt(SYSTEM_URI);
  });

  afterAll(async () => {
    await peerConn?.close();
    await peer?.stop(); // destroys and undefines whatever reached it
    await other?.close();
    await conn?.close();
    removeDomGuest(GUEST);
  });

  it('is refused between two connections to the same daemon (same host UUID)', async () => {
    await conn.domainCreate(uuid, 0);
    const err = await rejection(conn.domainMigrate(uuid, other, MIGRATE.LIVE, { uri: DATA_URI }));
    expect(err.code).toBe(ERR.INTERNAL_ERROR);
    expect(err.message).toMatch(/same host/);
    expect((await conn.domainInfo(uuid)).state).toBe(STATE.RUNNING);
  });

  describe('to the peer daemon', () => {
    beforeAll(async () => {
      // Needs root and mount namespaces (npm test runs as root): fails saying which is missing, never skips.
      const problem = peerLibvirtdUnavailable();
      if (problem !== null) throw new Error(`a second libvirtd cannot run here: ${problem}`);
      peer = await startPeerLibvirtd();
      peerConn = await openLibvirt(peer.uri);
    });

    it('aborts a throttled live migration with domainAbortJob, reporting progress meanwhile', async () => {
      await waitForGuestShell(GUEST);
      // 1 MiB/s: the 96 MiB guest would take over a minute, plenty of time to watch and abort.
      let settled = false;
      const migration = conn.domainMigrate(uuid, peerConn!, MIGRATE.LIVE, { uri: DATA_URI, bandwidth: 1 }).finally(() => (settled = true));
      migration.catch(() => undefined); // asserted below
      let stats = await conn.domainGetJobStats(uuid, 0);
      await until(
        async () => {
          stats = await conn.domainGetJobStats(uuid, 0);
          return settled || (stats.type === JOB.UNBOUNDED && Number(stats.params.memory_processed ?? 0) > 0);
        },
        'the migration to start moving memory',
        60_000,
        200,
      );
      expect(settled).toBe(false);
      expect(stats.params.operation).toBe(JOB_OPERATION.MIGRATION_OUT);
      expect(Number(stats.params.memory_total)).toBeGreaterThan(0);
      const info = await conn.domainGetJobInfo(uuid);
      expect(info.type).toBe(JOB.UNBOUNDED);
      expect(info.timeElapsed).toBeGreaterThan(0);

      await conn.domainAbortJob(uuid);
      const err = await rejection(migration);
      expect(err.code).toBe(OPERATION_ABORTED);
      // Still here, still running, and nothing left behind on the peer.
      expect((await conn.domainInfo(uuid)).state).toBe(STATE.RUNNING);
      // (libvirt keeps COMPLETED statistics only for migrations that succeeded: none here.)
      expect((await conn.domainGetJobStats(uuid, JOB_STATS.COMPLETED)).type).toBe(JOB.NONE);
      expect(await peerConn!.listAllDomains(0)).toEqual([]);
    });

    it('live-migrates the running guest under a new name; its kernel keeps running there', async () => {
      const before = await guestUptime(GUEST);
      const moved = await conn.domainMigrate(uuid, peerConn!, MIGRATE.LIVE | MIGRATE.PERSIST_DEST, {
        uri: DATA_URI,
        dname: `${GUEST}-moved`,
      });
      expect(moved).toMatchObject({ uuid, name: `${GUEST}-moved`, state: STATE.RUNNING, persistent: true });
      expect((await peerConn!.domainInfo(uuid)).state).toBe(STATE.RUNNING);
      // The source keeps its (now inactive) definition: no UNDEFINE_SOURCE.
      expect(await conn.domainInfo(uuid)).toMatchObject({ name: GUEST, state: STATE.SHUTOFF, persistent: true });
      const done = await conn.domainGetJobStats(uuid, JOB_STATS.COMPLETED);
      expect(done.type).toBe(JOB.COMPLETED);
      expect(done.params.operation).toBe(JOB_OPERATION.MIGRATION_OUT);

      // Same kernel, still counting, answering on the peer's pty.
      const pty = /<serial type='pty'>[\s\S]*?<source path='([^']+)'/.exec(await peerConn!.domainGetXMLDesc(uuid, 0))![1]!;
      const uptime = Number(/^(\d+(?:\.\d+)?)\s/m.exec(await ptyRun(pty, 'cat /proc/uptime'))![1]);
      expect(uptime).toBeGreaterThan(before);
    });

    it('migrates back with UNDEFINE_SOURCE, and offline (config only) with OFFLINE|PERSIST_DEST', async () => {
      // Back home, and the peer forgets it.
      await peerConn!.domainMigrate(uuid, conn, MIGRATE.LIVE | MIGRATE.PERSIST_DEST | MIGRATE.UNDEFINE_SOURCE, {
        uri: DATA_URI,
        dname: GUEST,
      });
      expect(await peerConn!.listAllDomains(0)).toEqual([]);
      expect(await conn.domainInfo(uuid)).toMatchObject({ name: GUEST, state: STATE.RUNNING });
      expect((await guestRun(GUEST, 'echo $((6*7))')).trim()).toBe('42');

      // OFFLINE moves only the definition, so it must persist it there.
      await conn.domainDestroy(uuid, 0);
      const transient = await rejection(conn.domainMigrate(uuid, peerConn!, MIGRATE.OFFLINE, null));
      expect(transient.code).toBe(ERR.OPERATION_INVALID);
      expect(transient.message).toMatch(/persistent/);
      const copied = await conn.domainMigrate(uuid, peerConn!, MIGRATE.OFFLINE | MIGRATE.PERSIST_DEST, null);
      expect(copied).toMatchObject({ uuid, name: GUEST, state: STATE.SHUTOFF, persistent: true });
      expect(await peerConn!.domainGetXMLDesc(uuid, 0)).toContain(`<name>${GUEST}</name>`);
      expect((await conn.domainInfo(uuid)).state).toBe(STATE.SHUTOFF);
    });
  });
});
