// The typed binding against a real libvirtd with the tiny QEMU (TCG) guest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN_EVENT, libvirt, type HypervisorConnection, type LifecycleEvent } from '../../main/libvirt';
import { SYSTEM_URI, defineTinyGuest, removeGuest, requireSystem, waitForGuestShell } from '../support/system-libvirt';

const GUEST = 'vd-itest-guest';

describe('qemu:///system with the tiny guest', () => {
  beforeAll(() => requireSystem());
  let conn: HypervisorConnection;
  let uuid: string;
  const events: LifecycleEvent[] = [];

  beforeAll(async () => {
    uuid = defineTinyGuest(GUEST);
    conn = await libvirt.open(SYSTEM_URI);
    await conn.onDomainLifecycle((e) => {
      if (e.uuid === uuid) events.push(e);
    });
  });

  afterAll(async () => {
    await conn?.close();
    removeGuest(GUEST);
  });

  const waitForEvent = async (event: number) => {
    for (let i = 0; i < 300 && !events.some((e) => e.event === event); i++) await new Promise((r) => setTimeout(r, 100));
    expect(events.map((e) => e.event)).toContain(event);
  };

  it('lists the defined guest as shut off', async () => {
    const d = (await conn.listDomains()).find((x) => x.uuid === uuid);
    expect(d).toMatchObject({ name: GUEST, state: 5, id: -1, persistent: true });
  });

  it('starts it and hears the STARTED event', async () => {
    await conn.start(uuid);
    await waitForEvent(DOMAIN_EVENT.STARTED);
    const info = await conn.domainInfo(uuid);
    expect(info.state).toBe(1);
    expect(info.id).toBeGreaterThan(0);
  });

  it('reads its live XML: TCG, direct kernel boot, pty serial, VNC on loopback', async () => {
    const xml = await conn.domainXml(uuid);
    expect(xml).toContain(`<name>${GUEST}</name>`);
    expect(xml).toMatch(/<domain type=['"]qemu['"] id=['"]\d+['"]/);
    expect(xml).toMatch(/<kernel>[^<]+vmlinuz<\/kernel>/);
    expect(xml).toMatch(/<serial type=['"]pty['"]>/);
    expect(xml).toMatch(/<graphics type=['"]vnc['"] port=['"]\d+['"][^>]*listen=['"]127\.0\.0\.1['"]/);
  });

  it('pauses and resumes it, with events', async () => {
    await conn.suspend(uuid);
    await waitForEvent(DOMAIN_EVENT.SUSPENDED);
    expect((await conn.domainInfo(uuid)).state).toBe(3);
    await conn.resume(uuid);
    await waitForEvent(DOMAIN_EVENT.RESUMED);
  });

  it('shuts it down through ACPI once it has booted, and hears STOPPED', async () => {
    await waitForGuestShell(GUEST);
    await conn.shutdown(uuid);
    await waitForEvent(DOMAIN_EVENT.STOPPED);
    expect((await conn.domainInfo(uuid)).state).toBe(5);
  });

  it('reports a libvirt refusal with its code and message', async () => {
    const err = await conn.suspend(uuid).catch((e) => e);
    expect(err.name).toBe('LibvirtError');
    expect(err.code).toBe(55); // VIR_ERR_OPERATION_INVALID: domain is not running
    expect(err.message).toMatch(/not running/);
  });
});
