// The details view's edits on a real libvirtd: what `virsh dumpxml` shows afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainRef } from '../../preload/contract';
import { libvirt } from '../../main/libvirt';
import { ConnectionService } from '../../main/services/connection-service';
import { DetailsService } from '../../main/services/details-service';
import { DomainService } from '../../main/services/domain-service';
import { silentLogger } from '../../main/services/event-sink';
import { SYSTEM_URI, defineTinyGuest, removeGuest, requireSystem, virsh } from '../support/system-libvirt';

describe('details on qemu:///system', () => {
  beforeAll(() => requireSystem());
  const GUEST = 'vdtz-itest-details';
  const svc = new ConnectionService(libvirt, { emit() {} }, silentLogger);
  const details = new DetailsService(svc, new DomainService(svc));
  let ref: DomainRef;

  beforeAll(async () => {
    const uuid = defineTinyGuest(GUEST);
    // Something libvirt keeps that we do not model: another program's metadata.
    virsh('metadata', GUEST, '--config', '--uri', 'https://example.com/other', '--key', 'other', '--set', '<thing a="1">kept</thing>');
    const { id } = await svc.open(SYSTEM_URI);
    ref = { connectionId: id, uuid };
  });
  afterAll(async () => {
    removeGuest(GUEST);
    await svc.closeAll();
  });

  it('reads the tiny guest', async () => {
    const d = await details.details(ref);
    expect(d).toMatchObject({ name: GUEST, hypervisor: 'qemu', arch: 'x86_64', vcpus: { current: 1, max: 1 }, memory: { currentMiB: 96, maxMiB: 96 }, active: false, installPhase: false });
    expect(d.kernel?.kernel).toMatch(/vmlinuz$/);
    expect(d.devices.map((x) => x.kind)).toEqual(expect.arrayContaining(['serial', 'graphics', 'video']));
  });

  it('applies vCPUs, memory, boot order and autostart; dumpxml shows them and the rest is kept', async () => {
    const r = await details.applyDetails(ref, {
      vcpus: { current: 1, max: 2 },
      memory: { currentMiB: 100, maxMiB: 120 },
      boot: { order: ['network', 'hd'], menu: true },
      title: 'edited title',
      autostart: true,
    });
    expect(r.afterShutdown).toBe(false);
    const xml = virsh('dumpxml', '--inactive', GUEST);
    expect(xml).toMatch(/<vcpu placement='static' current='1'>2<\/vcpu>/);
    expect(xml).toContain("<memory unit='KiB'>122880</memory>");
    expect(xml).toContain("<currentMemory unit='KiB'>102400</currentMemory>");
    expect(xml).toMatch(/<boot dev='network'\/>\s*<boot dev='hd'\/>\s*<bootmenu enable='yes'\/>/);
    expect(xml).toContain('<title>edited title</title>');
    expect(xml).toMatch(/<other:thing xmlns:other="https:\/\/example.com\/other" a="1">kept<\/other:thing>|<other:thing xmlns:other='https:\/\/example.com\/other' a='1'>kept<\/other:thing>/);
    expect(xml).toMatch(/<kernel>.*vmlinuz<\/kernel>/);
    expect(virsh('dominfo', GUEST)).toMatch(/Autostart:\s+enable/);
    expect(r.details).toMatchObject({ vcpus: { current: 1, max: 2 }, memory: { currentMiB: 100, maxMiB: 120 }, autostart: true });
    await details.applyDetails(ref, { autostart: false });
    expect(virsh('dominfo', GUEST)).toMatch(/Autostart:\s+disable/);
  });

  it('refuses broken XML from the XML tab with libvirt’s error and leaves the definition as it was', async () => {
    const before = virsh('dumpxml', '--inactive', GUEST);
    const broken = before.replace('</os>', '</os><bogus-element/>').replace("<type arch='x86_64'", "<type arch='x86_64' bogus='1'");
    await expect(details.defineXml(ref, broken)).rejects.toMatchObject({ code: 'libvirt', detail: expect.stringMatching(/schema/i) });
    await expect(details.defineXml(ref, before.replace('</domain>', ''))).rejects.toMatchObject({ code: 'libvirt', detail: expect.stringMatching(/Premature end of data/) });
    expect(virsh('dumpxml', '--inactive', GUEST)).toBe(before);
    // A good edit goes through.
    const r = await details.defineXml(ref, before.replace('<title>edited title</title>', '<title>from the XML tab</title>'));
    expect(r.details.title).toBe('from the XML tab');
  });
});
