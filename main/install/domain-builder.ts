// Builds a new guest's domain XML from the wizard's choices and the OS
// profile, with virt-install's defaults (FEATURES.md NEW-12): q35 with PCIe
// root ports on x86, virtio where the OS knows it, UEFI and a TPM for
// Windows 11, host-passthrough CPU under KVM, qemu-ga channel, RNG, tablet.
import type { NetworkChoice, OsInfo } from '../../preload/contract';
import { el, renderXml, type XmlNode } from './xml-writer';

export const LIBOSINFO_XMLNS = 'http://libosinfo.org/xmlns/libvirt/domain/1.0';
export const INSTALL_XMLNS = 'https://virtdesk.dev/xmlns/install/1';

export type DiskSource = { file: string } | { block: string } | { url: string };

export interface BuildDisk {
  device: 'disk' | 'cdrom';
  /** Absent: an empty CD-ROM drive (media ejected). */
  source?: DiskSource;
  /** Driver type: qcow2, raw, vmdk ... (CD-ROMs are raw). */
  format?: string;
}

export type BuildBoot =
  | { kind: 'cdrom' }
  | { kind: 'hd' }
  | { kind: 'network' }
  | { kind: 'kernel'; kernel: string; initrd: string; cmdline: string };

export interface DomainBuild {
  name: string;
  uuid?: string;
  /** OS profile; null: generic (virtio, VGA-less virtio GPU). */
  os: OsInfo | null;
  virtType: 'kvm' | 'qemu';
  arch: string;
  /** null: q35 on x86 for OSes that know virtio/PCIe, else pc. */
  machine: string | null;
  memoryMiB: number;
  vcpus: number;
  firmware: 'bios' | 'efi';
  /** Emulated TPM 2.0 (needs swtpm on the host). */
  tpm: boolean;
  boot: BuildBoot;
  disks: BuildDisk[];
  network: NetworkChoice;
  /**
   * Until the first shut-off: an install run stops instead of rebooting into
   * the media again, and the definition carries an install marker (see
   * install-finalize.ts) saying what to take out when it stops.
   */
  installPhase?: boolean;
  /** Files made for the install run only (downloaded kernels), removed after it. */
  scratch?: string[];
}

const X86 = new Set(['x86_64', 'i686']);

function isWindows(os: OsInfo | null): boolean {
  return os?.family === 'winnt' || os?.family === 'win9x';
}

/** virtio for disks/NICs when the OS knows it; generic (no OS) means a modern Linux. */
function virtio(os: OsInfo | null, what: 'block' | 'net'): boolean {
  if (!os) return true;
  return what === 'block' ? os.virtioBlock : os.virtioNet;
}

export function chooseMachine(b: Pick<DomainBuild, 'arch' | 'machine' | 'os'>): string | undefined {
  if (b.machine) return b.machine;
  if (!X86.has(b.arch)) return b.arch === 'aarch64' || b.arch === 'armv7l' || b.arch.startsWith('riscv') ? 'virt' : undefined;
  // Old OSes without virtio or PCIe drivers keep i440fx, as virt-install does.
  return !b.os || b.os.virtioBlock || b.os.virtioNet || isWindows(b.os) ? 'q35' : 'pc';
}

const TARGET_PREFIX: Record<string, string> = { virtio: 'vd', sata: 'sd', scsi: 'sd', ide: 'hd' };

function diskSource(s: DiskSource | undefined): { type: string; source?: XmlNode } {
  if (!s) return { type: 'file' };
  if ('file' in s) return { type: 'file', source: el('source', { file: s.file }) };
  if ('block' in s) return { type: 'block', source: el('source', { dev: s.block }) };
  const u = new URL(s.url);
  const protocol = u.protocol.replace(':', '');
  const port = u.port || (protocol === 'https' ? '443' : protocol === 'ftp' ? '21' : '80');
  return { type: 'network', source: el('source', { protocol, name: `${u.pathname}${u.search}` }, el('host', { name: u.hostname, port })) };
}

function interfaceXml(n: NetworkChoice, model: string): XmlNode | undefined {
  const m = el('model', { type: model });
  switch (n.kind) {
    case 'none':
      return undefined;
    case 'network':
      return el('interface', { type: 'network' }, el('source', { network: n.name }), m);
    case 'bridge':
      return el('interface', { type: 'bridge' }, el('source', { bridge: n.name }), m);
    case 'direct':
      return el('interface', { type: 'direct' }, el('source', { dev: n.dev, mode: 'bridge' }), m);
    case 'user':
      return el('interface', { type: 'user' }, m);
  }
}

/** The domain XML (a string ending in a newline). */
export function buildDomainXml(b: DomainBuild): string {
  const x86 = X86.has(b.arch);
  const win = isWindows(b.os);
  const machine = chooseMachine(b);
  const q35 = machine?.startsWith('q35') || machine?.startsWith('pc-q35');
  const blockVirtio = virtio(b.os, 'block');
  const diskBus = blockVirtio ? 'virtio' : q35 || !x86 ? 'sata' : 'ide';
  const cdromBus = q35 || !x86 ? 'sata' : 'ide';
  const netModel = virtio(b.os, 'net') ? 'virtio' : q35 ? 'e1000e' : 'e1000';
  const secureBoot = b.firmware === 'efi' && win && b.os?.uefi === 'required';

  const used = new Map<string, number>();
  const nextTarget = (bus: string) => {
    const prefix = TARGET_PREFIX[bus] ?? 'sd';
    const i = used.get(prefix) ?? 0;
    used.set(prefix, i + 1);
    return `${prefix}${String.fromCharCode(97 + i)}`;
  };
  let installMediaTarget: string | undefined;
  const disks = b.disks.map((d) => {
    const bus = d.device === 'cdrom' ? cdromBus : diskBus;
    const src = diskSource(d.source);
    const format = d.device === 'cdrom' ? 'raw' : (d.format ?? 'raw');
    const target = nextTarget(bus);
    if (d.device === 'cdrom' && d.source && installMediaTarget === undefined) installMediaTarget = target;
    return el(
      'disk',
      { type: src.type, device: d.device },
      el('driver', { name: 'qemu', type: format, discard: d.device === 'disk' && format === 'qcow2' ? 'unmap' : undefined }),
      src.source,
      el('target', { dev: target, bus }),
      d.device === 'cdrom' && el('readonly'),
    );
  });

  const boot = b.boot;
  const os = el(
    'os',
    { firmware: b.firmware === 'efi' ? 'efi' : undefined },
    el('type', { arch: b.arch, machine }, 'hvm'),
    secureBoot && el('firmware', undefined, el('feature', { enabled: 'yes', name: 'enrolled-keys' }), el('feature', { enabled: 'yes', name: 'secure-boot' })),
    boot.kind === 'kernel' && el('kernel', undefined, boot.kernel),
    boot.kind === 'kernel' && boot.initrd !== '' && el('initrd', undefined, boot.initrd),
    boot.kind === 'kernel' && boot.cmdline !== '' && el('cmdline', undefined, boot.cmdline),
    boot.kind === 'cdrom' && el('boot', { dev: 'cdrom' }),
    boot.kind === 'network' && el('boot', { dev: 'network' }),
    boot.kind !== 'kernel' && el('boot', { dev: 'hd' }),
  );

  const features = x86
    ? el(
        'features',
        undefined,
        el('acpi'),
        el('apic'),
        win &&
          el(
            'hyperv',
            { mode: 'custom' },
            el('relaxed', { state: 'on' }),
            el('vapic', { state: 'on' }),
            el('spinlocks', { state: 'on', retries: 8191 }),
          ),
        secureBoot && el('smm', { state: 'on' }),
      )
    : undefined;

  const cpu = b.virtType === 'kvm' && (x86 || b.arch === 'aarch64') ? el('cpu', { mode: 'host-passthrough', check: 'none', migratable: 'on' }) : undefined;

  const clock = x86
    ? el(
        'clock',
        { offset: win ? 'localtime' : 'utc' },
        el('timer', { name: 'rtc', tickpolicy: 'catchup' }),
        el('timer', { name: 'pit', tickpolicy: 'delay' }),
        el('timer', { name: 'hpet', present: 'no' }),
        win && el('timer', { name: 'hypervclock', present: 'yes' }),
      )
    : el('clock', { offset: 'utc' });

  const rootPorts: XmlNode[] = [];
  if (q35) {
    // libvirt numbers the first PCI controller 0, which on q35 must be the root complex itself.
    rootPorts.push(el('controller', { type: 'pci', index: 0, model: 'pcie-root' }));
    // virt-install adds enough root ports to hot-plug a few devices later.
    for (let i = 0; i < 4; i++) rootPorts.push(el('controller', { type: 'pci', model: 'pcie-root-port' }));
  }

  const video = b.os?.video ?? 'virtio';
  const devices = el(
    'devices',
    undefined,
    ...disks,
    el('controller', { type: 'usb', model: 'qemu-xhci', ports: 15 }),
    ...rootPorts,
    interfaceXml(b.network, netModel),
    el('serial', { type: 'pty' }, el('target', { port: 0 })),
    el('console', { type: 'pty' }, el('target', { type: 'serial', port: 0 })),
    el('channel', { type: 'unix' }, el('target', { type: 'virtio', name: 'org.qemu.guest_agent.0' })),
    el('input', { type: 'tablet', bus: 'usb' }),
    el('graphics', { type: 'vnc', port: -1, autoport: 'yes', listen: '127.0.0.1' }, el('listen', { type: 'address', address: '127.0.0.1' })),
    el('video', undefined, el('model', { type: video === 'virtio' && !x86 ? 'virtio' : video, heads: 1, primary: 'yes' })),
    b.tpm && el('tpm', { model: x86 ? 'tpm-crb' : 'tpm-tis' }, el('backend', { type: 'emulator', version: '2.0' })),
    el('memballoon', { model: 'virtio' }),
    el('rng', { model: 'virtio' }, el('backend', { model: 'random' }, '/dev/urandom')),
  );

  // What the first shut-off takes out: read back from the guest's own XML, so
  // edits made before it (customize) survive, and it outlives this process.
  const install =
    b.installPhase &&
    (b.boot.kind === 'cdrom' || b.boot.kind === 'kernel') &&
    el(
      'virtdesk-install:install',
      { 'xmlns:virtdesk-install': INSTALL_XMLNS, boot: b.boot.kind, media: b.boot.kind === 'cdrom' ? installMediaTarget : undefined },
      ...(b.scratch ?? []).map((path) => el('virtdesk-install:scratch', { path })),
    );

  const doc = el(
    'domain',
    { type: b.virtType },
    el('name', undefined, b.name),
    b.uuid !== undefined && el('uuid', undefined, b.uuid),
    (!!b.os || install) &&
      el(
        'metadata',
        undefined,
        !!b.os && el('libosinfo:libosinfo', { 'xmlns:libosinfo': LIBOSINFO_XMLNS }, el('libosinfo:os', { id: b.os!.id })),
        install,
      ),
    el('memory', { unit: 'MiB' }, b.memoryMiB),
    el('currentMemory', { unit: 'MiB' }, b.memoryMiB),
    el('vcpu', { placement: 'static' }, b.vcpus),
    os,
    features,
    cpu,
    clock,
    el('on_poweroff', undefined, 'destroy'),
    // During an install run a reboot stops the guest, so the install media can be taken out before it starts again.
    el('on_reboot', undefined, b.installPhase ? 'destroy' : 'restart'),
    el('on_crash', undefined, 'destroy'),
    x86 && el('pm', undefined, el('suspend-to-mem', { enabled: 'no' }), el('suspend-to-disk', { enabled: 'no' })),
    devices,
  );
  return renderXml(doc);
}
