import { describe, expect, it } from 'vitest';
import { parseDomainDetails } from '../../../main/libvirt/xml/domain-details';
import { applyDetailsPatch } from '../../../main/libvirt/xml/domain-edit';

const STATE = { active: false, persistent: true, autostart: false, installPhase: false };

/** A guest with things we do not model: another program's metadata, qemu: passthrough, a comment, unknown elements. */
const GUEST = `<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>web1</name>
  <uuid>6a7d7c1e-0000-4000-8000-000000000001</uuid>
  <title>Web server</title>
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0"><libosinfo:os id="http://debian.org/debian/12"/></libosinfo:libosinfo>
    <other:thing xmlns:other="https://example.com/other"><other:keep a="1">text</other:keep></other:thing>
  </metadata>
  <memory unit='GiB'>2</memory>
  <currentMemory unit='KiB'>1048576</currentMemory>
  <vcpu placement='static' current='2'>4</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
    <boot dev='cdrom'/>
    <boot dev='hd'/>
    <bootmenu enable='yes' timeout='3000'/>
  </os>
  <!-- hand-made -->
  <cpu mode='host-passthrough'><topology sockets='1' dies='1' cores='4' threads='1'/></cpu>
  <futurething level='9'/>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/web1.qcow2'/>
      <target dev='vda' bus='virtio'/>
      <serial>abc</serial>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:12:34:56'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <serial type='pty'><target port='0'/></serial>
    <graphics type='vnc' port='-1' autoport='yes'/>
    <video><model type='virtio' heads='1'/></video>
    <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
  </devices>
  <qemu:commandline><qemu:arg value='-no-hpet'/></qemu:commandline>
</domain>`;

/** What must survive any edit. */
function expectPreserved(xml: string): void {
  expect(xml).toContain('<other:thing xmlns:other="https://example.com/other"><other:keep a="1">text</other:keep></other:thing>');
  expect(xml).toContain('<libosinfo:os id="http://debian.org/debian/12"/>');
  expect(xml).toContain('<!-- hand-made -->');
  expect(xml).toContain('<futurething level="9"/>');
  expect(xml).toContain('<qemu:commandline><qemu:arg value="-no-hpet"/></qemu:commandline>');
  expect(xml).toContain('<serial>abc</serial>');
  expect(xml).toContain('<rng model="virtio"><backend model="random">/dev/urandom</backend></rng>');
  expect(xml).toContain('<cpu mode="host-passthrough">');
}

describe('reading the details of a guest', () => {
  it('reads the overview, CPUs, memory, boot options and devices', () => {
    const d = parseDomainDetails(GUEST, STATE);
    expect(d).toMatchObject({
      name: 'web1',
      uuid: '6a7d7c1e-0000-4000-8000-000000000001',
      title: 'Web server',
      description: '',
      hypervisor: 'kvm',
      arch: 'x86_64',
      machine: 'pc-q35-7.2',
      firmware: 'UEFI',
      osId: 'http://debian.org/debian/12',
      vcpus: { current: 2, max: 4 },
      memory: { currentMiB: 1024, maxMiB: 2048 },
      kernel: null,
      boot: {
        style: 'os',
        menu: true,
        order: [
          { dev: 'cdrom', enabled: true },
          { dev: 'hd', enabled: true },
          { dev: 'network', enabled: false },
        ],
      },
    });
    expect(d.devices.map((x) => x.label)).toEqual(['VirtIO Disk vda', 'SATA CDROM sda', 'NIC :34:56', 'Serial 0', 'Display VNC', 'Video VIRTIO', 'TPM', 'Rng']);
    expect(d.devices[0]!.fields).toEqual([
      { label: 'Device type', value: 'disk' },
      { label: 'Bus', value: 'virtio' },
      { label: 'Target', value: 'vda' },
      { label: 'Source', value: '/var/lib/libvirt/images/web1.qcow2' },
      { label: 'Format', value: 'qcow2' },
    ]);
    expect(d.devices[2]!.fields).toContainEqual({ label: 'MAC address', value: '52:54:00:12:34:56' });
    expect(d.devices[2]!.fields).toContainEqual({ label: 'Source', value: 'default' });
    expect(d.xml).toBe(GUEST);
  });

  it('reads per-device boot order and direct kernel boot', () => {
    const xml = GUEST.replace("<boot dev='cdrom'/>\n    <boot dev='hd'/>", "<kernel>/k</kernel><initrd>/i</initrd><cmdline>console=ttyS0</cmdline>").replace(
      "<model type='virtio'/>",
      "<model type='virtio'/><boot order='1'/>",
    );
    const d = parseDomainDetails(xml, STATE);
    expect(d.kernel).toEqual({ kernel: '/k', initrd: '/i', cmdline: 'console=ttyS0' });
    expect(d.boot.style).toBe('per-device');
    expect(d.boot.order[0]).toEqual({ dev: 'network', enabled: true });
  });

  it('refuses what is not a domain', () => {
    expect(() => parseDomainDetails('<network/>', STATE)).toThrow(/Not a domain definition/);
  });
});

describe('editing a guest from the details view', () => {
  it('changes vCPUs (and the topology with them), nothing else', () => {
    const xml = applyDetailsPatch(GUEST, { vcpus: { current: 8, max: 8 } });
    expect(xml).toContain('<vcpu placement="static">8</vcpu>');
    expect(xml).toContain('<topology sockets="2" dies="1" cores="4" threads="1"/>');
    expectPreserved(xml);
    expect(parseDomainDetails(xml, STATE).vcpus).toEqual({ current: 8, max: 8 });
    const fewer = applyDetailsPatch(GUEST, { vcpus: { current: 1, max: 3 } });
    expect(fewer).toContain('<vcpu placement="static" current="1">3</vcpu>');
    expect(fewer).toContain('<topology sockets="3" dies="1" cores="1" threads="1"/>');
  });

  it('changes memory in KiB, nothing else', () => {
    const xml = applyDetailsPatch(GUEST, { memory: { currentMiB: 200, maxMiB: 300 } });
    expect(xml).toContain('<memory unit="KiB">307200</memory>');
    expect(xml).toContain('<currentMemory unit="KiB">204800</currentMemory>');
    expectPreserved(xml);
    expect(parseDomainDetails(xml, STATE).memory).toEqual({ currentMiB: 200, maxMiB: 300 });
  });

  it('writes <os><boot dev> in the chosen order, and the boot menu', () => {
    const xml = applyDetailsPatch(GUEST, { boot: { order: ['network', 'hd'], menu: false } });
    expect(xml).toMatch(/<type arch="x86_64" machine="pc-q35-7.2">hvm<\/type>\s*<boot dev="network"\/><boot dev="hd"\/>\s*<bootmenu enable="no" timeout="3000"\/>/);
    expect(xml).not.toContain('dev="cdrom"');
    expectPreserved(xml);
    expect(parseDomainDetails(xml, STATE).boot.order).toEqual([
      { dev: 'network', enabled: true },
      { dev: 'hd', enabled: true },
      { dev: 'cdrom', enabled: false },
    ]);
  });

  it('keeps per-device <boot order> when the guest uses it', () => {
    const perDevice = GUEST.replace("<boot dev='cdrom'/>\n    <boot dev='hd'/>\n", '').replace("<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='virtio'/><boot order='1'/>");
    const xml = applyDetailsPatch(perDevice, { boot: { order: ['cdrom', 'hd'], menu: true } });
    expect(xml).toMatch(/<target dev="sda" bus="sata"\/><boot order="1"\/>/);
    expect(xml).toMatch(/<target dev="vda" bus="virtio"\/><boot order="2"\/>/);
    expect(xml).not.toMatch(/<boot dev=/);
    expect(parseDomainDetails(xml, STATE).boot.order.slice(0, 2)).toEqual([
      { dev: 'cdrom', enabled: true },
      { dev: 'hd', enabled: true },
    ]);
    expectPreserved(xml);
  });

  it('sets and removes title and description', () => {
    const xml = applyDetailsPatch(GUEST, { title: 'Front <end>', description: 'line 1\nline 2 & more' });
    expect(xml).toContain('<title>Front &lt;end&gt;</title>');
    expect(xml).toMatch(/<\/title>\s*<description>line 1\nline 2 &amp; more<\/description>/);
    expectPreserved(xml);
    const d = parseDomainDetails(xml, STATE);
    expect([d.title, d.description]).toEqual(['Front <end>', 'line 1\nline 2 & more']);
    const cleared = applyDetailsPatch(xml, { title: '', description: '' });
    expect(cleared).not.toContain('<title>');
    expect(cleared).not.toContain('<description>');
    expectPreserved(cleared);
  });

  it('edits direct kernel boot fields, and removes an empty initrd', () => {
    const kernelGuest = GUEST.replace("<boot dev='cdrom'/>", '<kernel>/old/k</kernel><initrd>/old/i</initrd><cmdline>quiet</cmdline><boot dev="cdrom"/>');
    const xml = applyDetailsPatch(kernelGuest, { kernel: { kernel: '/new/k', initrd: '', cmdline: 'console=ttyS0' } });
    expect(xml).toContain('<kernel>/new/k</kernel><cmdline>console=ttyS0</cmdline>');
    expect(xml).not.toContain('<initrd>');
    expectPreserved(xml);
  });

  it('changes nothing for an empty patch but the quoting style', () => {
    const xml = applyDetailsPatch(GUEST, {});
    expect(parseDomainDetails(xml, STATE)).toEqual({ ...parseDomainDetails(GUEST, STATE), xml });
    expectPreserved(xml);
  });
});
