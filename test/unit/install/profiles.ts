import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OsInfo } from '../../../preload/contract';
import type { DomainBuild } from '../../../main/install/domain-builder';
import { parseOsinfoXml, resolveOsList } from '../../../main/install/osinfo';

/** OS profiles from osinfo-db-shaped fixtures (test/unit/install/osinfo-fixture.xml), so the tests do not depend on the installed db version. */
export function fixtureOs(id: string): OsInfo {
  const raw = parseOsinfoXml(readFileSync(join(__dirname, 'osinfo-fixture.xml'), 'utf8'));
  const os = resolveOsList(raw).find((o) => o.id === id);
  if (!os) throw new Error(`no ${id} in the fixture`);
  return os;
}

const UUID = '6f1c2a52-8a4e-4d2a-9a39-3c1b0e7d4f10';

/** The handful of profiles the builder is checked against (expected/<name>.xml). */
export function profiles(): Record<string, DomainBuild> {
  const debian = fixtureOs('http://debian.org/debian/12');
  const win11 = fixtureOs('http://microsoft.com/win/11');
  return {
    'linux-virtio-q35': {
      name: 'debian12', uuid: UUID, os: debian, virtType: 'kvm', arch: 'x86_64', machine: null, memoryMiB: 2048, vcpus: 2, firmware: 'bios', tpm: false,
      boot: { kind: 'cdrom' }, installPhase: true,
      disks: [{ device: 'disk', source: { file: '/var/lib/libvirt/images/debian12.qcow2' }, format: 'qcow2' }, { device: 'cdrom', source: { file: '/isos/debian-12.iso' } }],
      network: { kind: 'network', name: 'default' },
    },
    'windows11-tpm-uefi': {
      name: 'win11', uuid: UUID, os: win11, virtType: 'kvm', arch: 'x86_64', machine: null, memoryMiB: 4096, vcpus: 2, firmware: 'efi', tpm: win11.tpm,
      boot: { kind: 'cdrom' }, installPhase: true,
      disks: [{ device: 'disk', source: { file: '/var/lib/libvirt/images/win11.qcow2' }, format: 'qcow2' }, { device: 'cdrom', source: { file: '/isos/Win11_English_x64.iso' } }],
      network: { kind: 'bridge', name: 'br0' },
    },
    'direct-kernel-boot': {
      name: 'tiny', uuid: UUID, os: null, virtType: 'qemu', arch: 'x86_64', machine: 'pc', memoryMiB: 96, vcpus: 1, firmware: 'bios', tpm: false,
      boot: { kind: 'kernel', kernel: '/boot/vmlinuz', initrd: '/boot/initrd.img', cmdline: 'console=ttyS0 quiet' },
      disks: [{ device: 'disk', source: { file: '/pool/tiny.qcow2' }, format: 'qcow2' }],
      network: { kind: 'none' },
    },
    pxe: {
      name: 'netboot', uuid: UUID, os: debian, virtType: 'qemu', arch: 'x86_64', machine: null, memoryMiB: 1024, vcpus: 1, firmware: 'bios', tpm: false,
      boot: { kind: 'network' }, disks: [{ device: 'disk', source: { file: '/pool/netboot.img' }, format: 'raw' }],
      network: { kind: 'direct', dev: 'eth0' },
    },
    import: {
      name: 'imported', uuid: UUID, os: debian, virtType: 'qemu', arch: 'x86_64', machine: null, memoryMiB: 512, vcpus: 1, firmware: 'bios', tpm: false,
      boot: { kind: 'hd' }, disks: [{ device: 'disk', source: { file: '/images/imported.qcow2' }, format: 'qcow2' }],
      network: { kind: 'user' },
    },
  };
}
