// Reads what the New VM wizard needs from capabilities, domain capabilities,
// pool and domain XML. Read-only helpers: nothing here writes XML back.
import { DOMParser, type Element } from '@xmldom/xmldom';
import type { GuestArchOption } from '../../../preload/contract';

function parse(xml: string): Element {
  let problem: string | undefined;
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') problem ??= String(msg);
    },
  }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement as unknown as Element | null;
  if (!root || problem) throw new Error(`malformed XML: ${problem ?? 'no root element'}`);
  return root;
}

function kids(parent: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).tagName === name) out.push(n as Element);
  }
  return out;
}

function kid(parent: Element | undefined, ...path: string[]): Element | undefined {
  let cur = parent;
  for (const p of path) {
    if (!cur) return undefined;
    cur = kids(cur, p)[0];
  }
  return cur;
}

const ARCH_PRIORITY = ['x86_64', 'i686', 'aarch64', 'armv7l', 'ppc64', 'ppc64le', 'riscv64', 's390x'];

export interface HostCaps {
  hostArch: string;
  arches: GuestArchOption[];
}

/** virConnectGetCapabilities: the hvm guest arches with their machines (canonical default first) and virt types. */
export function parseCapabilities(xml: string): HostCaps {
  const root = parse(xml);
  const hostArch = kid(root, 'host', 'cpu', 'arch')?.textContent?.trim() ?? '';
  const byArch = new Map<string, GuestArchOption>();
  for (const g of kids(root, 'guest')) {
    if (kid(g, 'os_type')?.textContent?.trim() !== 'hvm') continue;
    const a = kid(g, 'arch');
    const arch = a?.getAttribute('name');
    if (!a || !arch) continue;
    const machines: string[] = [];
    let preferred: string | undefined;
    for (const m of kids(a, 'machine')) {
      const name = m.textContent?.trim() ?? '';
      if (!name) continue;
      if (m.getAttribute('canonical') && !preferred) preferred = name;
      if (m.getAttribute('deprecated') !== 'yes') machines.push(name);
    }
    const sorted = [...new Set(machines)].sort((x, y) => y.localeCompare(x, undefined, { numeric: true }));
    // q35 first on x86 (virt-install's default), else the canonical alias
    const first = arch === 'x86_64' || arch === 'i686' ? (sorted.includes('q35') ? 'q35' : preferred) : preferred;
    const ordered = first ? [first, ...sorted.filter((m) => m !== first)] : sorted;
    const virtTypes = kids(a, 'domain')
      .map((d) => d.getAttribute('type') ?? '')
      .filter(Boolean);
    const entry = byArch.get(arch) ?? { arch, machines: [], virtTypes: [] };
    entry.machines = [...new Set([...entry.machines, ...ordered])];
    entry.virtTypes = [...new Set([...entry.virtTypes, ...virtTypes])].sort((x, y) => (x === 'kvm' ? -1 : y === 'kvm' ? 1 : 0));
    byArch.set(arch, entry);
  }
  const rank = (a: string) => {
    if (a === hostArch) return -1;
    const i = ARCH_PRIORITY.indexOf(a);
    return i < 0 ? 100 : i;
  };
  return { hostArch, arches: [...byArch.values()].sort((x, y) => rank(x.arch) - rank(y.arch) || x.arch.localeCompare(y.arch)) };
}

export interface DomainCapsSummary {
  uefi: boolean;
  tpmEmulator: boolean;
}

/** virConnectGetDomainCapabilities: UEFI offered (firmware auto-selection or an OVMF/AAVMF loader) and swtpm. */
export function parseDomainCapabilities(xml: string): DomainCapsSummary {
  const root = parse(xml);
  const os = kid(root, 'os');
  const enumValues = (parent: Element | undefined, name: string) =>
    parent ? kids(parent, 'enum').filter((e) => e.getAttribute('name') === name).flatMap((e) => kids(e, 'value').map((v) => v.textContent?.trim() ?? '')) : [];
  const loaderValues = kids(kid(os, 'loader') ?? ({} as Element), 'value').map((v) => v.textContent?.trim() ?? '');
  const uefi = enumValues(os, 'firmware').includes('efi') || loaderValues.some((p) => /OVMF|AAVMF|edk2|ovmf/i.test(p));
  const tpm = kid(root, 'devices', 'tpm');
  const tpmEmulator = tpm?.getAttribute('supported') === 'yes' && enumValues(tpm, 'backendModel').includes('emulator');
  return { uefi, tpmEmulator };
}

/** A pool's type and target path. */
export function parsePoolXml(xml: string): { type: string; path: string } {
  const root = parse(xml);
  return { type: root.getAttribute('type') ?? '', path: kid(root, 'target', 'path')?.textContent?.trim() ?? '' };
}

export interface DomainDiskRef {
  target: string;
  device: 'disk' | 'cdrom' | 'floppy' | 'lun' | 'kernel' | 'initrd';
  path: string;
  readonly: boolean;
  shareable: boolean;
}

/** The paths of a domain's disks (file/block sources, pool volumes as pool+volume), kernel and initrd. */
export function parseDomainStorage(xml: string): { disks: DomainDiskRef[]; volumes: { target: string; pool: string; volume: string; device: DomainDiskRef['device']; readonly: boolean; shareable: boolean }[] } {
  const root = parse(xml);
  const disks: DomainDiskRef[] = [];
  const volumes: { target: string; pool: string; volume: string; device: DomainDiskRef['device']; readonly: boolean; shareable: boolean }[] = [];
  for (const d of kids(kid(root, 'devices') ?? ({} as Element), 'disk')) {
    const device = (d.getAttribute('device') ?? 'disk') as DomainDiskRef['device'];
    const target = kid(d, 'target')?.getAttribute('dev') ?? '';
    const src = kid(d, 'source');
    const readonly = kids(d, 'readonly').length > 0;
    const shareable = kids(d, 'shareable').length > 0;
    if (!src) continue;
    const file = src.getAttribute('file') || src.getAttribute('dev');
    if (file) disks.push({ target, device, path: file, readonly, shareable });
    else if (src.getAttribute('pool') && src.getAttribute('volume')) volumes.push({ target, device, pool: src.getAttribute('pool')!, volume: src.getAttribute('volume')!, readonly, shareable });
  }
  const os = kid(root, 'os');
  const kernel = kid(os, 'kernel')?.textContent?.trim();
  const initrd = kid(os, 'initrd')?.textContent?.trim();
  if (kernel) disks.push({ target: 'kernel', device: 'kernel', path: kernel, readonly: true, shareable: false });
  if (initrd) disks.push({ target: 'initrd', device: 'initrd', path: initrd, readonly: true, shareable: false });
  return { disks, volumes };
}
