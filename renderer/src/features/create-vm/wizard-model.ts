// The New VM wizard's state and rules, without React: defaults from the OS,
// which steps apply, what each step needs, and the spec sent to main.
import { domainNameProblem, type InstallOptions, type InstallSpec, type NetworkChoice, type OsInfo } from '../../../../preload/contract';

export type SourceKind = InstallSpec['source']['kind'];
export type StorageMode = 'new' | 'existing' | 'none';

export interface WizardState {
  connectionId: string;
  method: SourceKind;
  isoPath: string;
  url: string;
  kernelArgs: string;
  importPath: string;
  kernel: string;
  initrd: string;
  kernelCmdline: string;
  arch: string;
  machine: string;
  virtType: 'kvm' | 'qemu';
  autoDetect: boolean;
  os: OsInfo | null;
  osSearch: string;
  showAllOs: boolean;
  memoryMiB: number;
  vcpus: number;
  storageMode: StorageMode;
  pool: string;
  size: number;
  sizeUnit: 'MiB' | 'GiB';
  format: 'qcow2' | 'raw';
  sparse: boolean;
  existingPath: string;
  name: string;
  nameEdited: boolean;
  network: string;
  firmware: 'bios' | 'efi';
  customize: boolean;
}

export const METHOD_LABELS: Record<SourceKind, string> = {
  iso: 'Local install media (ISO image or CD-ROM)',
  url: 'Network install (HTTP, HTTPS or FTP)',
  pxe: 'Network boot (PXE)',
  import: 'Import existing disk image',
  manual: 'Manual install',
  kernel: 'Direct kernel boot',
};

export const STEP_TITLES = ['Installation method', 'Install source and operating system', 'Memory and CPU', 'Storage', 'Name, network and finish'] as const;

/** Network choices travel through a <select> as strings. */
export function networkKey(n: NetworkChoice): string {
  switch (n.kind) {
    case 'network':
    case 'bridge':
      return `${n.kind}:${n.name}`;
    case 'direct':
      return `direct:${n.dev}`;
    default:
      return n.kind;
  }
}

export function networkFromKey(key: string): NetworkChoice {
  const [kind, ...rest] = key.split(':');
  const name = rest.join(':');
  if (kind === 'network' || kind === 'bridge') return { kind, name };
  if (kind === 'direct') return { kind, dev: name };
  if (kind === 'user') return { kind: 'user' };
  return { kind: 'none' };
}

export function initialState(connectionId: string, options?: InstallOptions): WizardState {
  const arch = options?.arches.find((a) => a.arch === options.defaultArch) ?? options?.arches[0];
  const net = options?.networks.find((n) => n.active && n.choice.kind === 'network' && n.choice.name === 'default') ?? options?.networks.find((n) => n.active && n.choice.kind !== 'none');
  return {
    connectionId,
    method: 'iso',
    isoPath: '',
    url: '',
    kernelArgs: '',
    importPath: '',
    kernel: '',
    initrd: '',
    kernelCmdline: 'console=ttyS0',
    arch: arch?.arch ?? 'x86_64',
    machine: '',
    virtType: arch?.virtTypes[0] === 'kvm' ? 'kvm' : 'qemu',
    autoDetect: true,
    os: null,
    osSearch: '',
    showAllOs: false,
    memoryMiB: 1024,
    vcpus: 1,
    storageMode: 'new',
    pool: options?.pools.find((p) => p.name === 'default')?.name ?? options?.pools[0]?.name ?? 'default',
    size: 20,
    sizeUnit: 'GiB',
    format: 'qcow2',
    sparse: true,
    existingPath: '',
    name: '',
    nameEdited: false,
    network: net ? networkKey(net.choice) : 'none',
    firmware: 'bios',
    customize: false,
  };
}

/** Applies an OS's recommended memory, vCPUs, disk size and firmware (NEW-09/10/12). */
export function applyOs(s: WizardState, os: OsInfo | null, options: InstallOptions | undefined): WizardState {
  const memory = os?.recommended.memoryMiB ?? 1024;
  const hostMem = options?.hostMemoryMiB ?? Infinity;
  const cpus = os?.recommended.vcpus ?? 1;
  return {
    ...s,
    os,
    memoryMiB: Math.min(memory, hostMem),
    vcpus: Math.min(cpus, options?.hostCpus ?? cpus),
    size: os?.recommended.storageGiB ?? 20,
    sizeUnit: 'GiB',
    firmware: os?.uefi === 'required' && options?.uefi ? 'efi' : s.firmware === 'efi' && !options?.uefi ? 'bios' : s.firmware,
  };
}

/** Step 4 (storage) is skipped for imports, as in virt-manager. */
export function stepApplies(step: number, s: WizardState): boolean {
  return !(step === 4 && s.method === 'import');
}

export function sizeMiB(s: WizardState): number {
  return Math.round(s.sizeUnit === 'GiB' ? s.size * 1024 : s.size);
}

/** What keeps the user on a step, or undefined. */
export function stepProblem(step: number, s: WizardState, options: InstallOptions | undefined): string | undefined {
  const abs = (p: string, what: string) => (p.trim() === '' ? `Choose ${what}` : p.startsWith('/') ? undefined : `${what[0]!.toUpperCase()}${what.slice(1)} must be an absolute path`);
  switch (step) {
    case 1:
      if (!options) return 'The host’s options are still loading';
      return undefined;
    case 2:
      if (s.method === 'iso') return abs(s.isoPath, 'the ISO image');
      if (s.method === 'url') return /^(https?|ftp):\/\/\S+$/i.test(s.url.trim()) ? undefined : 'Enter the URL of the install media (http://, https:// or ftp://)';
      if (s.method === 'import') return abs(s.importPath, 'the disk image');
      if (s.method === 'kernel') return abs(s.kernel, 'the kernel') ?? (s.initrd.trim() === '' ? undefined : abs(s.initrd, 'the initrd'));
      return undefined;
    case 3:
      if (!Number.isInteger(s.memoryMiB) || s.memoryMiB < 16) return 'Memory must be a whole number of MiB, at least 16';
      if (!Number.isInteger(s.vcpus) || s.vcpus < 1) return 'vCPUs must be a whole number, at least 1';
      return undefined;
    case 4:
      if (s.storageMode === 'new') {
        if (!(s.size > 0) || sizeMiB(s) < 1) return 'The disk size must be more than 0';
        if (!s.pool) return 'Choose a storage pool';
      }
      if (s.storageMode === 'existing') return abs(s.existingPath, 'the existing disk');
      return undefined;
    case 5:
      return domainNameProblem(s.name) ? `Invalid name: ${domainNameProblem(s.name)}` : undefined;
  }
  return undefined;
}

/**
 * virt-manager's overcommit warning, from what the host said when the wizard
 * opened: allocated (running guests) next to physical totals.
 */
export function overcommitWarnings(s: WizardState, o: InstallOptions | undefined): string[] {
  if (!o) return [];
  const out: string[] = [];
  if (s.memoryMiB > o.hostMemoryMiB) out.push(`${s.memoryMiB} MiB is more than the host's physical memory (${o.hostMemoryMiB} MiB).`);
  else if (o.allocatedMemoryMiB + s.memoryMiB > o.hostMemoryMiB)
    out.push(`Memory overcommit: running guests have ${o.allocatedMemoryMiB} MiB of the host's ${o.hostMemoryMiB} MiB; with this guest ${o.allocatedMemoryMiB + s.memoryMiB} MiB.`);
  if (s.vcpus > o.hostCpus) out.push(`${s.vcpus} vCPUs is more than the host's ${o.hostCpus} CPUs.`);
  else if (o.allocatedVcpus + s.vcpus > o.hostCpus) out.push(`CPU overcommit: running guests have ${o.allocatedVcpus} vCPUs on the host's ${o.hostCpus} CPUs; with this guest ${o.allocatedVcpus + s.vcpus}.`);
  return out;
}

export function toSpec(s: WizardState): InstallSpec {
  const source: InstallSpec['source'] = (() => {
    switch (s.method) {
      case 'iso':
        return { kind: 'iso', path: s.isoPath.trim() };
      case 'url':
        return { kind: 'url', url: s.url.trim(), kernelArgs: s.kernelArgs };
      case 'pxe':
        return { kind: 'pxe' };
      case 'import':
        return { kind: 'import', path: s.importPath.trim(), pool: s.pool || 'default' };
      case 'manual':
        return { kind: 'manual' };
      case 'kernel':
        return { kind: 'kernel', kernel: s.kernel.trim(), initrd: s.initrd.trim(), args: s.kernelCmdline };
    }
  })();
  const storage: InstallSpec['storage'] =
    s.method === 'import' || s.storageMode === 'none'
      ? { kind: 'none' }
      : s.storageMode === 'existing'
        ? { kind: 'existing', path: s.existingPath.trim() }
        : { kind: 'new', pool: s.pool, sizeMiB: sizeMiB(s), format: s.format, sparse: s.sparse };
  return {
    connectionId: s.connectionId,
    name: s.name,
    source,
    osId: s.os?.id ?? null,
    arch: s.arch,
    machine: s.machine || null,
    virtType: s.virtType,
    memoryMiB: s.memoryMiB,
    vcpus: s.vcpus,
    storage,
    network: networkFromKey(s.network),
    firmware: s.firmware,
    customize: s.customize,
  };
}

/** The OS list as the picker shows it: search over name, short id and vendor; supported releases unless "show all". */
export function filterOsList(list: readonly OsInfo[], search: string, showAll: boolean, now = Date.now()): OsInfo[] {
  const q = search.trim().toLowerCase();
  const today = new Date(now).toISOString().slice(0, 10);
  const tenYearsAgo = new Date(now - 10 * 365 * 86400_000).toISOString().slice(0, 10);
  return list.filter((o) => {
    if (q && !`${o.name} ${o.shortId} ${o.vendor}`.toLowerCase().includes(q)) return false;
    if (showAll) return true;
    if (o.eolDate && o.eolDate < today) return false;
    return !o.releaseDate || o.releaseDate >= tenYearsAgo;
  });
}

export function suggestName(os: OsInfo | null, taken: readonly string[]): string {
  const base = (os?.shortId || 'generic').replace(/[^A-Za-z0-9_.-]/g, '');
  const set = new Set(taken);
  if (!set.has(base)) return base;
  for (let i = 2; ; i++) if (!set.has(`${base}-${i}`)) return `${base}-${i}`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}
