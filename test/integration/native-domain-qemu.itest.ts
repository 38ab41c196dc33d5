// Domain calls of the native binding (api/domain.d.ts) on qemu:///system with
// the tiny TCG guest, booted once and carried through the file's tests in
// order (each test leaves the guest in the state the next one expects).
// The test driver's side: native-domain.itest.ts.
import { Socket } from 'node:net';
import { fstatSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibvirt, type LibvirtConnection } from '../../main/libvirt/connection';
import { requireSystem, SYSTEM_URI, waitForGuestShell } from '../support/system-libvirt';
import { defineGuestXml, editXml, removeDomGuest, tinyGuestXml } from '../support/dom-guests';
import { guestBootId, guestRun, guestUptime } from '../support/guest-shell';
import {
  AFFECT,
  DEFINE,
  ERR,
  IFADDR_SRC,
  JOB,
  JOB_OPERATION,
  JOB_STATS,
  LIST,
  MEM,
  METADATA,
  REBOOT,
  SHUTDOWN,
  START,
  STATE,
  UNDEFINE,
  VCPU,
  VIRTDESK_NS,
  XML,
  rejection,
  until,
} from '../support/domain-flags';

describe('domain calls on qemu:///system with the tiny guest', () => {
  beforeAll(() => requireSystem());
  const GUEST = 'vdtd-main';
  const VNC_PASSWORD = 'vdsecret'; // VNC allows 8 characters
  let conn: LibvirtConnection;
  let uuid: string;

  beforeAll(async () => {
    // Stock tiny guest plus: a VNC password (for XML SECURE), room for a second vCPU.
    let xml = tinyGuestXml(GUEST);
    xml = editXml(xml, "<graphics type='vnc' port='-1'", `<graphics type='vnc' passwd='${VNC_PASSWORD}' port='-1'`);
    xml = editXml(xml, "<vcpu placement='static'>1</vcpu>", "<vcpu placement='static' current='1'>2</vcpu>");
    uuid = defineGuestXml(GUEST, xml);
    conn = await openLibvirt(SYSTEM_URI);
  });

  afterAll(async () => {
    await conn?.close();
    removeDomGuest(GUEST);
    removeDomGuest(`${GUEST}-renamed`);
  });

  it('looks the guest up by name, and by id once running', async () => {
    const byName = await conn.domainLookupByName(GUEST);
    expect(byName).toMatchObject({ uuid, name: GUEST, id: -1, state: STATE.SHUTOFF, persistent: true, title: 'virtdesk test guest' });
    expect((await rejection(conn.domainLookupByName('vdtd-nonexistent'))).code).toBe(ERR.NO_DOMAIN);
  });

  it('starts it paused with START_PAUSED, then finds it by id', async () => {
    await conn.domainCreate(uuid, START.PAUSED);
    const info = await conn.domainInfo(uuid);
    expect(info.state).toBe(STATE.PAUSED);
    expect(info.id).toBeGreaterThan(0);
    expect(await conn.domainLookupByID(info.id)).toMatchObject({ uuid, name: GUEST, state: STATE.PAUSED });
    expect((await conn.domainGetInfo(uuid)).state).toBe(STATE.PAUSED);
    await conn.domainResume(uuid);
    expect((await conn.domainGetInfo(uuid)).state).toBe(STATE.RUNNING);
  });

  it('returns live, INACTIVE, SECURE and MIGRATABLE XML', async () => {
    const live = await conn.domainGetXMLDesc(uuid, 0);
    expect(live).toMatch(/^<domain type='qemu' id='\d+'>/);
    expect(live).toMatch(/<graphics type='vnc' port='59\d\d'/); // the port actually bound
    expect(live).toContain("<alias name='serial0'/>");
    expect(live).not.toContain(VNC_PASSWORD);

    const inactive = await conn.domainGetXMLDesc(uuid, XML.INACTIVE);
    expect(inactive).toMatch(/^<domain type='qemu'>/);
    expect(inactive).toContain("port='-1'");
    expect(inactive).not.toContain('<alias ');

    expect(await conn.domainGetXMLDesc(uuid, XML.SECURE)).toContain(`passwd='${VNC_PASSWORD}'`);
    expect(await conn.domainGetXMLDesc(uuid, XML.SECURE | XML.INACTIVE)).toContain(`passwd='${VNC_PASSWORD}'`);

    // MIGRATABLE: what another host may be given: no id, no aliases, no
    // implicit devices (the i440fx's pci-root controller, the PS/2 keyboard).
    const migratable = await conn.domainGetXMLDesc(uuid, XML.MIGRATABLE);
    expect(migratable).toMatch(/^<domain type='qemu'>/);
    expect(live).toContain("model='pci-root'");
    expect(migratable).not.toContain("model='pci-root'");
    expect(live).toContain("<input type='keyboard' bus='ps2'>");
    expect(migratable).not.toContain("<input type='keyboard'");
    expect(migratable).not.toContain('<alias ');
  });

  it('reads virDomainGetInfo of the running guest, with CPU time advancing', async () => {
    const first = await conn.domainGetInfo(uuid);
    expect(first).toMatchObject({ state: STATE.RUNNING, maxMem: 96 * 1024, memory: 96 * 1024, nrVirtCpu: 1 });
    await new Promise((r) => setTimeout(r, 500));
    const second = await conn.domainGetInfo(uuid);
    expect(typeof second.cpuTime).toBe('number');
    expect(second.cpuTime as number).toBeGreaterThan(first.cpuTime as number);
  });

  it('suspends and resumes: CPU time stands still while paused', async () => {
    await conn.domainSuspend(uuid);
    try {
      expect((await conn.domainGetInfo(uuid)).state).toBe(STATE.PAUSED);
      // The kernel accounts thread CPU time in 10 ms ticks: the tick a vCPU was
      // in when it stopped can land just after the pause (seen once in CI: +10 ms).
      await new Promise((r) => setTimeout(r, 100));
      const paused = await conn.domainGetInfo(uuid);
      await new Promise((r) => setTimeout(r, 300));
      expect((await conn.domainGetInfo(uuid)).cpuTime).toBe(paused.cpuTime);
    } finally {
      // Whatever happened above, the guest runs for the tests after this one.
      await conn.domainResume(uuid);
    }
    expect((await conn.domainGetInfo(uuid)).state).toBe(STATE.RUNNING);
    expect((await rejection(conn.domainResume(uuid))).code).toBe(ERR.OPERATION_INVALID); // not paused
  });

  it('opens a socket to the guest VNC server with domainOpenGraphicsFD', async () => {
    const fd = await conn.domainOpenGraphicsFD(uuid, 0, 0);
    expect(Number.isInteger(fd)).toBe(true);
    expect(fstatSync(fd).isSocket()).toBe(true);
    const socket = new Socket({ fd, readable: true, writable: true });
    const banner = await new Promise<string>((resolve, reject) => {
      let got = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        got = Buffer.concat([got, chunk]);
        if (got.length >= 12) resolve(got.subarray(0, 12).toString('latin1'));
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error('no RFB banner within 10 s')), 10_000);
    });
    socket.destroy(); // closes the fd
    expect(banner).toBe('RFB 003.008\n');
    // Only graphics device 0 exists (QEMU reports it as an internal error).
    const noSuch = await rejection(conn.domainOpenGraphicsFD(uuid, 1, 0));
    expect(noSuch.code).toBe(ERR.INTERNAL_ERROR);
    expect(noSuch.message).toMatch(/No graphics backend with index 1/);
    // The fd we were given is really ours: after destroy() it is closed.
    expect(() => fstatSync(fd)).toThrow();
  });

  it('reports no job and no addresses for the network-less guest; ARP/agent as the host allows', async () => {
    const job = await conn.domainGetJobInfo(uuid);
    expect(job.type).toBe(JOB.NONE);
    expect(await conn.domainGetJobStats(uuid, 0)).toEqual({ type: JOB.NONE, params: {} });
    const abort = await rejection(conn.domainAbortJob(uuid));
    expect(abort.code).toBe(ERR.OPERATION_INVALID);
    expect(abort.message).toMatch(/no job/);

    expect(await conn.domainInterfaceAddresses(uuid, IFADDR_SRC.LEASE)).toEqual([]);
    const agent = await rejection(conn.domainInterfaceAddresses(uuid, IFADDR_SRC.AGENT));
    expect(agent.code).toBe(ERR.ARGUMENT_UNSUPPORTED);
    expect(agent.message).toMatch(/guest agent is not configured/);
    // ARP reads the host's neighbour table over netlink. On a normal host this
    // is [] for a guest without NICs; gVisor's netlink answers with a message
    // libvirt rejects ("wrong nlmsg len"), which must arrive as a libvirt error.
    const arp = await conn.domainInterfaceAddresses(uuid, IFADDR_SRC.ARP).catch((e: Error) => e);
    if (arp instanceof Error) expect(arp.message).toMatch(/nlmsg/);
    else expect(arp).toEqual([]);
  });

  it('hot-plugs a second vCPU that the guest kernel then sees', async () => {
    await waitForGuestShell(GUEST);
    expect((await guestRun(GUEST, 'cat /sys/devices/system/cpu/present')).trim()).toBe('0');
    await conn.domainSetVcpusFlags(uuid, 2, AFFECT.LIVE);
    expect(await conn.domainGetVcpusFlags(uuid, AFFECT.LIVE)).toBe(2);
    expect(await conn.domainGetVcpusFlags(uuid, AFFECT.CONFIG)).toBe(1); // live only
    expect((await conn.domainGetInfo(uuid)).nrVirtCpu).toBe(2);
    await until(async () => (await guestRun(GUEST, 'cat /sys/devices/system/cpu/present')).trim() === '0-1', 'the guest to see cpu1', 20_000, 500);
    expect((await rejection(conn.domainSetVcpusFlags(uuid, 3, AFFECT.LIVE))).code).toBe(ERR.INVALID_ARG); // above maximum
    // VCPU_GUEST asks the guest agent, which this guest does not have.
    expect((await rejection(conn.domainGetVcpusFlags(uuid, AFFECT.LIVE | VCPU.GUEST))).code).toBe(ERR.ARGUMENT_UNSUPPORTED);
  });

  it('refuses live memory changes without a balloon, and the maximum of a running guest', async () => {
    const err = await rejection(conn.domainSetMemoryFlags(uuid, 64 * 1024, AFFECT.LIVE));
    expect(err.code).toBe(ERR.OPERATION_INVALID);
    expect(err.message).toMatch(/balloon/);
    expect((await rejection(conn.domainSetMaxMemory(uuid, 128 * 1024))).code).toBe(ERR.OPERATION_INVALID);
  });

  it('reboots through the ACPI power button (a fake reboot: same QEMU, new kernel)', async () => {
    const { id } = await conn.domainInfo(uuid);
    const before = await guestBootId(GUEST);
    // The guest agent mode needs an agent.
    expect((await rejection(conn.domainReboot(uuid, REBOOT.GUEST_AGENT))).code).toBe(ERR.ARGUMENT_UNSUPPORTED);
    await conn.domainReboot(uuid, REBOOT.ACPI_POWER_BTN);
    await until(async () => {
      await waitForGuestShell(GUEST, 30_000).catch(() => undefined);
      return (await guestBootId(GUEST).catch(() => before)) !== before;
    }, 'the guest to boot again', 180_000, 1000); // a TCG boot on a loaded 2-core CI machine
    expect(await conn.domainInfo(uuid)).toMatchObject({ state: STATE.RUNNING, id }); // same process
  }, 240_000);

  it('resets the guest (no guest cooperation): the kernel starts over', async () => {
    await waitForGuestShell(GUEST);
    await guestRun(GUEST, 'touch /tmp/vdtd-before-reset');
    await conn.domainReset(uuid);
    await waitForGuestShell(GUEST);
    // /tmp is a tmpfs: a real reset forgets it.
    expect(await guestRun(GUEST, 'ls /tmp/vdtd-before-reset 2>&1')).toMatch(/No such file/);
    expect((await conn.domainInfo(uuid)).state).toBe(STATE.RUNNING);
  });

  it('managed-saves on its own thread: the connection keeps answering, with job progress', async () => {
    await waitForGuestShell(GUEST);
    const uptimeBefore = await guestUptime(GUEST);
    let saveDone = 0;
    const t0 = Date.now();
    const save = conn.domainManagedSave(uuid, 0).then(() => (saveDone = Date.now()));
    // Queued on the same connection right after the save: must not wait for it.
    // (A call that takes no domain lock in libvirtd, which the save holds at times.)
    expect(await conn.getHostname()).toBeTruthy();
    const listDone = Date.now();
    expect(saveDone).toBe(0);

    const progress: Array<{ type: number; operation: unknown; processed: unknown }> = [];
    while (saveDone === 0) {
      const stats = await conn.domainGetJobStats(uuid, 0).catch(() => null);
      if (stats && saveDone === 0) progress.push({ type: stats.type, operation: stats.params.operation, processed: stats.params.memory_processed });
      await new Promise((r) => setTimeout(r, 50));
    }
    await save;
    expect(listDone - t0).toBeLessThan(saveDone - t0);
    // At least one answer while the save was running, describing the save.
    const running = progress.filter((p) => p.type === JOB.UNBOUNDED);
    expect(running.length).toBeGreaterThan(0);
    expect(running[0]!.operation).toBe(JOB_OPERATION.SAVE);

    const completed = await conn.domainGetJobStats(uuid, JOB_STATS.COMPLETED);
    expect(completed.type).toBe(JOB.COMPLETED);
    expect(completed.params.operation).toBe(JOB_OPERATION.SAVE);
    expect(completed.params.memory_total).toBe(completed.params.data_total);

    expect(await conn.domainHasManagedSaveImage(uuid)).toBe(true);
    expect(await conn.domainInfo(uuid)).toMatchObject({ state: STATE.SHUTOFF, hasManagedSave: true });
    expect((await conn.listAllDomains(LIST.MANAGEDSAVE)).map((d) => d.uuid)).toContain(uuid);

    // Undefining would orphan the image: refused without UNDEFINE_MANAGED_SAVE.
    const undefine = await rejection(conn.domainUndefine(uuid, 0));
    expect(undefine.code).toBe(ERR.OPERATION_INVALID);
    expect(undefine.message).toMatch(/managed save/);

    // Starting restores the saved RAM: the same kernel keeps counting.
    await conn.domainCreate(uuid, 0);
    expect(await conn.domainHasManagedSaveImage(uuid)).toBe(false);
    await waitForGuestShell(GUEST);
    expect(await guestUptime(GUEST)).toBeGreaterThanOrEqual(uptimeBefore);
  });

  it('starts with FORCE_BOOT past a managed save image, discarding it', async () => {
    await conn.domainManagedSave(uuid, 0);
    await conn.domainCreate(uuid, START.FORCE_BOOT | START.PAUSED);
    expect(await conn.domainHasManagedSaveImage(uuid)).toBe(false);
    // A restore would resume the saved (running) state; a fresh boot honours START_PAUSED.
    expect((await conn.domainInfo(uuid)).state).toBe(STATE.PAUSED);
    await conn.domainResume(uuid);
  });

  it('shuts down through the ACPI power button; the guest agent mode is refused', async () => {
    // Still booting from the FORCE_BOOT start above.
    await waitForGuestShell(GUEST);
    expect((await rejection(conn.domainShutdown(uuid, SHUTDOWN.GUEST_AGENT))).code).toBe(ERR.ARGUMENT_UNSUPPORTED);
    await conn.domainShutdown(uuid, SHUTDOWN.ACPI_POWER_BTN);
    await until(async () => (await conn.domainInfo(uuid)).state === STATE.SHUTOFF, 'the guest to power off', 60_000);
  });

  it('removes a managed save image, so the next start is a cold boot', async () => {
    // A paused guest saves as well (and needs no boot first).
    await conn.domainCreate(uuid, START.PAUSED);
    await conn.domainManagedSave(uuid, 0);
    expect(await conn.domainHasManagedSaveImage(uuid)).toBe(true);
    await conn.domainManagedSaveRemove(uuid);
    expect(await conn.domainHasManagedSaveImage(uuid)).toBe(false);
    expect((await conn.domainInfo(uuid)).hasManagedSave).toBe(false);
    expect((await rejection(conn.domainManagedSave(uuid, 0))).code).toBe(ERR.OPERATION_INVALID); // not running
  });

  it('destroys an AUTODESTROY guest when the connection that started it closes', async () => {
    const starter = await openLibvirt(SYSTEM_URI);
    await starter.domainCreate(uuid, START.AUTODESTROY | START.PAUSED);
    expect((await conn.domainInfo(uuid)).state).toBe(STATE.PAUSED);
    await starter.close();
    await until(async () => (await conn.domainInfo(uuid)).state === STATE.SHUTOFF, 'the guest to be destroyed', 20_000);
  });

  it('changes the persistent memory and vCPU configuration of the stopped guest', async () => {
    await conn.domainSetMaxMemory(uuid, 128 * 1024);
    await conn.domainSetMemoryFlags(uuid, 80 * 1024, AFFECT.CONFIG);
    expect(await conn.domainGetInfo(uuid)).toMatchObject({ maxMem: 128 * 1024, memory: 80 * 1024 });
    // MEM_MAXIMUM through the flags call is the same as setMaxMemory.
    await conn.domainSetMemoryFlags(uuid, 112 * 1024, AFFECT.CONFIG | MEM.MAXIMUM);
    const xml = await conn.domainGetXMLDesc(uuid, XML.INACTIVE);
    expect(xml).toContain("<memory unit='KiB'>114688</memory>");
    expect(xml).toContain("<currentMemory unit='KiB'>81920</currentMemory>");

    expect(await conn.domainGetVcpusFlags(uuid, AFFECT.CONFIG | VCPU.MAXIMUM)).toBe(2);
    await conn.domainSetVcpusFlags(uuid, 3, AFFECT.CONFIG | VCPU.MAXIMUM);
    await conn.domainSetVcpusFlags(uuid, 2, AFFECT.CONFIG);
    expect(await conn.domainGetVcpusFlags(uuid, AFFECT.CONFIG | VCPU.MAXIMUM)).toBe(3);
    expect(await conn.domainGetVcpusFlags(uuid, AFFECT.CONFIG)).toBe(2);
    expect(await conn.domainGetXMLDesc(uuid, XML.INACTIVE)).toContain("<vcpu placement='static' current='2'>3</vcpu>");
    // LIVE on a stopped guest is refused.
    expect((await rejection(conn.domainSetVcpusFlags(uuid, 1, AFFECT.LIVE))).code).toBe(ERR.OPERATION_INVALID);
  });

  it('keeps TITLE, DESCRIPTION and our ELEMENT metadata, live and persistent separately', async () => {
    expect(await conn.domainGetMetadata(uuid, METADATA.TITLE, null, 0)).toBe('virtdesk test guest');
    await conn.domainSetMetadata(uuid, METADATA.TITLE, 'Tiny guest', null, null, AFFECT.CONFIG);
    await conn.domainSetMetadata(uuid, METADATA.DESCRIPTION, 'for vdtd tests', null, null, AFFECT.CONFIG);
    await conn.domainSetMetadata(uuid, METADATA.ELEMENT, '<prefs console="vnc"/>', 'virtdesk', VIRTDESK_NS, AFFECT.CONFIG);
    expect((await conn.domainInfo(uuid)).title).toBe('Tiny guest');
    expect(await conn.domainGetMetadata(uuid, METADATA.DESCRIPTION, null, 0)).toBe('for vdtd tests');
    expect(await conn.domainGetMetadata(uuid, METADATA.ELEMENT, VIRTDESK_NS, 0)).toBe('<prefs console="vnc"/>');
    // Persisted in the domain's own XML under our prefix.
    expect(await conn.domainGetXMLDesc(uuid, XML.INACTIVE)).toContain(`<virtdesk:prefs xmlns:virtdesk="${VIRTDESK_NS}" console="vnc"/>`);

    // Running: a LIVE-only change leaves the persistent definition alone.
    await conn.domainCreate(uuid, START.PAUSED);
    await conn.domainSetMetadata(uuid, METADATA.ELEMENT, '<prefs console="serial"/>', 'virtdesk', VIRTDESK_NS, AFFECT.LIVE);
    expect(await conn.domainGetMetadata(uuid, METADATA.ELEMENT, VIRTDESK_NS, AFFECT.LIVE)).toBe('<prefs console="serial"/>');
    expect(await conn.domainGetMetadata(uuid, METADATA.ELEMENT, VIRTDESK_NS, AFFECT.CONFIG)).toBe('<prefs console="vnc"/>');
    await conn.domainDestroy(uuid, 0);
    expect(await conn.domainGetMetadata(uuid, METADATA.ELEMENT, VIRTDESK_NS, 0)).toBe('<prefs console="vnc"/>');

    await conn.domainSetMetadata(uuid, METADATA.ELEMENT, null, null, VIRTDESK_NS, AFFECT.CONFIG);
    expect((await rejection(conn.domainGetMetadata(uuid, METADATA.ELEMENT, VIRTDESK_NS, 0))).code).toBe(ERR.NO_DOMAIN_METADATA);
  });

  it('renames the stopped guest and refuses to rename it while running', async () => {
    await conn.domainRename(uuid, `${GUEST}-renamed`, 0);
    expect(await conn.domainInfo(uuid)).toMatchObject({ name: `${GUEST}-renamed`, persistent: true });
    expect((await rejection(conn.domainLookupByName(GUEST))).code).toBe(ERR.NO_DOMAIN);
    await conn.domainRename(uuid, GUEST, 0);
    expect((await conn.domainLookupByName(GUEST)).uuid).toBe(uuid);
    await conn.domainCreate(uuid, START.PAUSED);
    expect((await rejection(conn.domainRename(uuid, `${GUEST}-renamed`, 0))).code).toBe(ERR.OPERATION_INVALID);
    await conn.domainDestroy(uuid, 0);
  });

  it('sets autostart, visible to listAllDomains(AUTOSTART)', async () => {
    expect(await conn.domainGetAutostart(uuid)).toBe(false);
    await conn.domainSetAutostart(uuid, true);
    try {
      expect(await conn.domainGetAutostart(uuid)).toBe(true);
      expect((await conn.listAllDomains(LIST.AUTOSTART)).map((d) => d.uuid)).toContain(uuid);
      expect((await conn.listAllDomains(LIST.NO_AUTOSTART)).map((d) => d.uuid)).not.toContain(uuid);
    } finally {
      await conn.domainSetAutostart(uuid, false);
    }
    expect(await conn.domainGetAutostart(uuid)).toBe(false);
  });

  it('defines with VALIDATE on QEMU, and passes undefine flags through to libvirt', async () => {
    const bad = editXml(tinyGuestXml('vdtd-define'), '</devices>', '<bogus/></devices>');
    expect((await rejection(conn.domainDefineXMLFlags(bad, DEFINE.VALIDATE))).code).toBe(ERR.XML_INVALID_SCHEMA);
    const defined = await conn.domainDefineXMLFlags(tinyGuestXml('vdtd-define'), DEFINE.VALIDATE);
    try {
      expect(defined).toMatchObject({ name: 'vdtd-define', state: STATE.SHUTOFF, persistent: true });
      // Contradictory pairs are refused by libvirt, proving the flags arrive.
      expect((await rejection(conn.domainUndefine(defined.uuid, UNDEFINE.NVRAM | UNDEFINE.KEEP_NVRAM))).message).toMatch(/nvram/);
      expect((await rejection(conn.domainUndefine(defined.uuid, UNDEFINE.TPM | UNDEFINE.KEEP_TPM))).message).toMatch(/TPM/);
      // Without UEFI firmware or a TPM (none on this host) these are accepted no-ops.
      await conn.domainUndefine(defined.uuid, UNDEFINE.NVRAM | UNDEFINE.KEEP_TPM | UNDEFINE.SNAPSHOTS_METADATA | UNDEFINE.MANAGED_SAVE);
      expect((await rejection(conn.domainInfo(defined.uuid))).code).toBe(ERR.NO_DOMAIN);
    } finally {
      removeDomGuest('vdtd-define');
    }
  });
});
