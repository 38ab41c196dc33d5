// Reads the details view's summary (virt-manager's Overview, CPUs, Memory,
// Boot Options and device pages) from a guest's inactive XML.
import type { Element } from '@xmldom/xmldom';
import { BOOT_DEVS, type BootDev, type DeviceDetails, type DomainDetails } from '../../../preload/contract';
import { attr, child, children, parseDomainXml, scaledMiB, text } from './xml-dom';

const LIBOSINFO_XMLNS = 'http://libosinfo.org/xmlns/libvirt/domain/1.0';

/** What the details view needs besides the XML: state and autostart come from other calls. */
export interface DetailsState {
  active: boolean;
  persistent: boolean;
  autostart: boolean;
  installPhase: boolean;
}

/** The boot device kind a <disk>/<interface> stands for, for per-device <boot order>. */
export function bootDevOf(e: Element): BootDev | undefined {
  if (e.localName === 'interface') return 'network';
  if (e.localName !== 'disk') return undefined;
  const device = e.getAttribute('device') || 'disk';
  if (device === 'cdrom') return 'cdrom';
  if (device === 'floppy') return 'fd';
  return device === 'disk' || device === 'lun' ? 'hd' : undefined;
}

/** The devices that can carry <boot order>, in document order. */
export function bootableDevices(domain: Element): Element[] {
  const devices = child(domain, 'devices');
  if (!devices) return [];
  return [...children(devices, 'disk'), ...children(devices, 'interface')].filter((e) => bootDevOf(e) !== undefined);
}

function bootOrder(domain: Element): DomainDetails['boot'] {
  const os = child(domain, 'os');
  const menu = attr(child(os!, 'bootmenu'), 'enable') === 'yes';
  const present = new Set<BootDev>();
  for (const d of bootableDevices(domain)) present.add(bootDevOf(d)!);
  const perDevice = bootableDevices(domain)
    .map((e) => ({ dev: bootDevOf(e)!, order: Number(attr(child(e, 'boot'), 'order')) }))
    .filter((x) => x.order > 0)
    .sort((a, b) => a.order - b.order);
  let enabled: BootDev[];
  let style: 'os' | 'per-device' = 'os';
  if (perDevice.length > 0) {
    style = 'per-device';
    enabled = [...new Set(perDevice.map((x) => x.dev))];
  } else {
    enabled = [...new Set(children(os!, 'boot').map((b) => b.getAttribute('dev') as BootDev).filter((d) => BOOT_DEVS.includes(d)))];
  }
  // virt-manager lists the usual three even without such a device; a floppy only when there is one.
  const offered = BOOT_DEVS.filter((d) => d !== 'fd' || present.has('fd') || enabled.includes('fd'));
  return {
    order: [...enabled.map((dev) => ({ dev, enabled: true })), ...offered.filter((d) => !enabled.includes(d)).map((dev) => ({ dev, enabled: false }))],
    menu,
    style,
  };
}

function firmwareOf(os: Element | undefined): string {
  const fw = attr(os, 'firmware');
  if (fw === 'efi') return 'UEFI';
  const loader = os ? child(os, 'loader') : undefined;
  if (loader && text(loader).trim()) return /ovmf|edk2|efi/i.test(text(loader)) ? `UEFI (${text(loader).trim()})` : text(loader).trim();
  return 'BIOS';
}

function osIdOf(domain: Element): string {
  const metadata = child(domain, 'metadata');
  if (!metadata) return '';
  for (let n = metadata.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const e = n as Element;
    if (e.namespaceURI === LIBOSINFO_XMLNS && e.localName === 'libosinfo') {
      for (let m = e.firstChild; m; m = m.nextSibling) if (m.nodeType === 1 && (m as Element).localName === 'os') return (m as Element).getAttribute('id') ?? '';
    }
  }
  return '';
}

function sourceOf(e: Element): string {
  const s = child(e, 'source');
  if (!s) return '';
  for (const a of ['file', 'dev', 'dir', 'volume', 'network', 'bridge', 'path', 'name']) {
    const v = s.getAttribute(a);
    if (v) return a === 'volume' ? `${attr(s, 'pool')}/${v}` : v;
  }
  const host = child(s, 'host');
  return host ? `${attr(s, 'protocol')}://${attr(host, 'name')}${attr(host, 'port') ? `:${attr(host, 'port')}` : ''}/${attr(s, 'name')}` : '';
}

const BUS_LABEL: Record<string, string> = { virtio: 'VirtIO', sata: 'SATA', scsi: 'SCSI', ide: 'IDE', usb: 'USB', fdc: 'Floppy' };
const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

function deviceOf(e: Element, index: number): DeviceDetails {
  const kind = e.localName ?? 'device';
  const id = `${kind}${index}`;
  const fields: { label: string; value: string }[] = [];
  const add = (label: string, value: string) => {
    if (value) fields.push({ label, value });
  };
  let label = cap(kind);
  switch (kind) {
    case 'disk': {
      const device = attr(e, 'device') || 'disk';
      const target = child(e, 'target');
      const bus = attr(target, 'bus');
      label = `${BUS_LABEL[bus] ?? cap(bus)} ${device === 'cdrom' ? 'CDROM' : device === 'floppy' ? 'Floppy' : 'Disk'} ${attr(target, 'dev')}`.trim();
      add('Device type', device);
      add('Bus', bus);
      add('Target', attr(target, 'dev'));
      add('Source', sourceOf(e) || '(empty)');
      add('Format', attr(child(e, 'driver'), 'type'));
      if (child(e, 'readonly')) add('Read-only', 'yes');
      if (child(e, 'shareable')) add('Shareable', 'yes');
      break;
    }
    case 'interface': {
      const mac = attr(child(e, 'mac'), 'address');
      label = `NIC ${mac ? mac.slice(-6) : index}`;
      add('Type', attr(e, 'type'));
      add('Source', sourceOf(e));
      add('Model', attr(child(e, 'model'), 'type'));
      add('MAC address', mac);
      break;
    }
    case 'graphics':
      label = `Display ${attr(e, 'type').toUpperCase()}`;
      add('Type', attr(e, 'type'));
      add('Listen', attr(e, 'listen') || attr(child(e, 'listen'), 'address'));
      add('Port', attr(e, 'autoport') === 'yes' ? 'Auto' : attr(e, 'port'));
      break;
    case 'serial':
    case 'console':
    case 'channel':
    case 'parallel':
      label = `${cap(kind)} ${attr(child(e, 'target'), 'port') || attr(child(e, 'target'), 'name') || index}`;
      add('Type', attr(e, 'type'));
      add('Target type', attr(child(e, 'target'), 'type'));
      add('Source', sourceOf(e));
      break;
    case 'video':
      label = `Video ${attr(child(e, 'model'), 'type').toUpperCase()}`.trim();
      add('Model', attr(child(e, 'model'), 'type'));
      add('VRAM (KiB)', attr(child(e, 'model'), 'vram'));
      add('Heads', attr(child(e, 'model'), 'heads'));
      break;
    case 'tpm':
      label = 'TPM';
      add('Model', attr(e, 'model'));
      add('Backend', attr(child(e, 'backend'), 'type'));
      add('Version', attr(child(e, 'backend'), 'version'));
      break;
    case 'controller':
      label = `Controller ${attr(e, 'type')} ${attr(e, 'index')}`.trim();
      add('Type', attr(e, 'type'));
      add('Model', attr(e, 'model'));
      break;
    case 'input':
      label = `${cap(attr(e, 'type'))} ${attr(e, 'bus')}`.trim();
      add('Type', attr(e, 'type'));
      add('Bus', attr(e, 'bus'));
      break;
    default:
      add('Type', attr(e, 'type'));
      add('Model', attr(e, 'model') || attr(child(e, 'model'), 'type'));
  }
  return { id, kind, label, fields };
}

/** The summary of `xml` (the guest's inactive definition); throws on XML that is not a domain. */
export function parseDomainDetails(xml: string, state: DetailsState): DomainDetails {
  const domain = parseDomainXml(xml).documentElement!;
  const os = child(domain, 'os');
  const type = os ? child(os, 'type') : undefined;
  const vcpu = child(domain, 'vcpu');
  const max = Number(text(vcpu).trim()) || 1;
  const current = Number(attr(vcpu, 'current')) || max;
  const maxMiB = scaledMiB(child(domain, 'memory'));
  const currentMiB = scaledMiB(child(domain, 'currentMemory')) || maxMiB;
  const kernelEl = os ? child(os, 'kernel') : undefined;
  const devicesEl = child(domain, 'devices');
  const counts = new Map<string, number>();
  const devices = (devicesEl ? children(devicesEl) : []).map((e) => {
    const n = counts.get(e.localName!) ?? 0;
    counts.set(e.localName!, n + 1);
    return deviceOf(e, n);
  });
  return {
    name: text(child(domain, 'name')),
    uuid: text(child(domain, 'uuid')),
    title: text(child(domain, 'title')),
    description: text(child(domain, 'description')),
    hypervisor: attr(domain, 'type'),
    arch: attr(type, 'arch'),
    machine: attr(type, 'machine'),
    firmware: firmwareOf(os),
    osId: osIdOf(domain),
    active: state.active,
    persistent: state.persistent,
    installPhase: state.installPhase,
    autostart: state.autostart,
    vcpus: { current, max },
    memory: { currentMiB, maxMiB },
    boot: os ? bootOrder(domain) : { order: [], menu: false, style: 'os' },
    kernel: kernelEl ? { kernel: text(kernelEl), initrd: text(child(os!, 'initrd')), cmdline: text(child(os!, 'cmdline')) } : null,
    devices,
    xml,
  };
}
