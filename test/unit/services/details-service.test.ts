import { describe, expect, it } from 'vitest';
import { ConnectionService } from '../../../main/services/connection-service';
import { DetailsService } from '../../../main/services/details-service';
import { DomainService } from '../../../main/services/domain-service';
import { silentLogger } from '../../../main/services/event-sink';
import { LibvirtError } from '../../../main/libvirt/libvirt-error';
import { FakeConnection, FakeHypervisor, RecordingSink, domainInfo } from '../fakes/fake-hypervisor';

const xmlOf = (name: string, uuid: string) => `<domain type='qemu'>
  <name>${name}</name>
  <uuid>${uuid}</uuid>
  <metadata><x:y xmlns:x="https://example.com/x">keep</x:y></metadata>
  <memory unit='MiB'>96</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices/>
</domain>`;

async function setup() {
  const hv = new FakeHypervisor();
  const off = domainInfo('off1', 1, 5);
  const on = domainInfo('on1', 2, 1);
  let conn!: FakeConnection;
  hv.hosts.set('test:///default', () => {
    conn = new FakeConnection('test:///default', [off, on]);
    conn.xmls.set(off.uuid, xmlOf('off1', off.uuid));
    conn.xmls.set(on.uuid, xmlOf('on1', on.uuid));
    return conn;
  });
  const svc = new ConnectionService(hv, new RecordingSink(), silentLogger);
  const { id } = await svc.open('test:///default');
  const details = new DetailsService(svc, new DomainService(svc));
  return { conn, details, off: { connectionId: id, uuid: off.uuid }, on: { connectionId: id, uuid: on.uuid } };
}

describe('details service', () => {
  it('applies vCPUs and memory with libvirt validation, keeping unknown metadata, and autostart apart', async () => {
    const { conn, details, off } = await setup();
    const r = await details.applyDetails(off, { vcpus: { current: 2, max: 2 }, memory: { currentMiB: 128, maxMiB: 128 }, autostart: true });
    expect(r.afterShutdown).toBe(false);
    expect(r.details).toMatchObject({ vcpus: { current: 2, max: 2 }, memory: { currentMiB: 128, maxMiB: 128 }, autostart: true });
    expect(conn.calls).toContain('defineXml 1');
    expect(conn.xmls.get(off.uuid)).toContain('<x:y xmlns:x="https://example.com/x">keep</x:y>');
    expect(conn.autostart.get(off.uuid)).toBe(true);
  });

  it('says edits of a running guest take effect after it shuts down, and refuses to rename it before changing anything', async () => {
    const { conn, details, on } = await setup();
    const r = await details.applyDetails(on, { memory: { currentMiB: 64, maxMiB: 96 } });
    expect(r.afterShutdown).toBe(true);
    const before = conn.xmls.get(on.uuid);
    await expect(details.applyDetails(on, { name: 'other', vcpus: { current: 4, max: 4 } })).rejects.toThrow(/Shut down on1 first/);
    expect(conn.xmls.get(on.uuid)).toBe(before);
  });

  it('renames a shut-off guest', async () => {
    const { conn, details, off } = await setup();
    await details.applyDetails(off, { name: 'renamed' });
    expect(conn.domains.get(off.uuid)!.name).toBe('renamed');
  });

  it('defines the XML tab only for the same UUID; libvirt refusals change nothing', async () => {
    const { conn, details, off, on } = await setup();
    await expect(details.defineXml(off, xmlOf('off1', on.uuid))).rejects.toThrow(/must keep off1's <uuid>/);
    const before = conn.xmls.get(off.uuid);
    const define = conn.defineXml.bind(conn);
    conn.defineXml = async (xml, flags) => {
      if (xml.includes('xyz')) throw new LibvirtError("XML error: unsupported configuration: unknown OS type 'xyz'", 27, 20, 2);
      return define(xml, flags);
    };
    await expect(details.defineXml(off, before!.replace('hvm', 'xyz'))).rejects.toMatchObject({ code: 'libvirt', message: 'Could not apply the XML of off1', detail: /unknown OS type/ });
    expect(conn.xmls.get(off.uuid)).toBe(before);
    const edited = before!.replace('<vcpu>1</vcpu>', '<vcpu>3</vcpu>');
    expect((await details.defineXml(off, edited)).details.vcpus.max).toBe(3);
  });

  it('reports a guest that vanished', async () => {
    const { conn, details, off } = await setup();
    conn.domains.delete(off.uuid);
    await expect(details.details(off)).rejects.toMatchObject({ code: 'not-found', message: 'off1 no longer exists' });
    await expect(details.applyDetails(off, { vcpus: { current: 1, max: 1 } })).rejects.toMatchObject({ code: 'not-found' });
  });
});
