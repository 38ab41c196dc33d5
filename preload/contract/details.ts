// The guest details view (virt-manager's DET-* pages): what main reads from the
// guest's inactive XML, and the edits the form sends back. Plain DTOs and checks.

/** Boot devices as <os><boot dev=…> names them. */
export type BootDev = 'hd' | 'cdrom' | 'network' | 'fd';
export const BOOT_DEVS: readonly BootDev[] = ['hd', 'cdrom', 'network', 'fd'];

/** One device of the guest, for the left list and its (read-only) page. */
export interface DeviceDetails {
  /** Stable within one read: `disk0`, `interface1`, `graphics0`, … */
  id: string;
  /** The element name: disk, interface, graphics, serial, video, tpm, … */
  kind: string;
  /** What the list shows, e.g. "VirtIO Disk 1", "NIC :52:54:00", "Display VNC". */
  label: string;
  /** Label/value rows for its page. */
  fields: { label: string; value: string }[];
}

export interface DomainDetails {
  name: string;
  uuid: string;
  title: string;
  description: string;
  /** <domain type>: kvm, qemu, test, … */
  hypervisor: string;
  arch: string;
  machine: string;
  /** "BIOS", "UEFI" or the loader path. */
  firmware: string;
  /** libosinfo metadata id (e.g. http://debian.org/debian/12), "" when unknown. */
  osId: string;
  /** Running or paused: form edits change the persistent config only. */
  active: boolean;
  persistent: boolean;
  /** The definition carries the install marker (customize: Begin/Cancel Installation). */
  installPhase: boolean;
  autostart: boolean;
  vcpus: { current: number; max: number };
  memory: { currentMiB: number; maxMiB: number };
  boot: {
    /** The boot devices in order, enabled ones first; disabled ones after. */
    order: { dev: BootDev; enabled: boolean }[];
    menu: boolean;
    /** 'per-device': the guest uses <boot order> on its devices, so edits write those. */
    style: 'os' | 'per-device';
  };
  /** Direct kernel boot, when the guest has one. */
  kernel: { kernel: string; initrd: string; cmdline: string } | null;
  devices: DeviceDetails[];
  /** The whole inactive XML, for the XML tab. */
  xml: string;
}

/** What Apply changes; absent fields are left as they are. */
export interface DetailsPatch {
  name?: string;
  title?: string;
  description?: string;
  vcpus?: { current: number; max: number };
  memory?: { currentMiB: number; maxMiB: number };
  /** The enabled boot devices, in order. */
  boot?: { order: BootDev[]; menu: boolean };
  kernel?: { kernel: string; initrd: string; cmdline: string };
  autostart?: boolean;
}

export interface DetailsApplied {
  details: DomainDetails;
  /** The guest runs: the XML edits apply from its next start. */
  afterShutdown: boolean;
}

export const MAX_VCPUS = 4096;
/** 16 TiB. */
export const MAX_MEMORY_MIB = 16 * 1024 * 1024;
export const MAX_TITLE_LENGTH = 1000;
export const MAX_DESCRIPTION_LENGTH = 65536;
export const MAX_DOMAIN_XML_LENGTH = 1024 * 1024;

const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function extraKey(o: Record<string, unknown>, keys: readonly string[]): string | undefined {
  const extra = Object.keys(o).find((k) => !keys.includes(k));
  return extra === undefined ? undefined : `unexpected field ${extra}`;
}

function wholeIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function pathOrEmpty(v: unknown, what: string): string | undefined {
  if (typeof v !== 'string' || v.length > 4096 || CONTROL.test(v)) return `${what} must be a path without control characters`;
  if (v !== '' && !v.startsWith('/')) return `${what} must be an absolute path (or empty)`;
  return undefined;
}

/** Why `v` is not a valid DetailsPatch, or undefined. */
export function detailsPatchProblem(v: unknown, nameProblem: (n: unknown) => string | undefined): string | undefined {
  if (!isObj(v)) return 'the changes must be an object';
  const extra = extraKey(v, ['name', 'title', 'description', 'vcpus', 'memory', 'boot', 'kernel', 'autostart']);
  if (extra) return extra;
  if (v.name !== undefined) {
    const p = nameProblem(v.name);
    if (p) return p;
  }
  if (v.title !== undefined) {
    if (typeof v.title !== 'string' || v.title.length > MAX_TITLE_LENGTH) return `the title must be text of at most ${MAX_TITLE_LENGTH} characters`;
    if (CONTROL.test(v.title)) return 'the title must be one line, without control characters';
  }
  if (v.description !== undefined) {
    if (typeof v.description !== 'string' || v.description.length > MAX_DESCRIPTION_LENGTH) return `the description must be text of at most ${MAX_DESCRIPTION_LENGTH} characters`;
    if (CONTROL_BUT_LINES.test(v.description)) return 'the description cannot contain control characters';
  }
  if (v.vcpus !== undefined) {
    const c = v.vcpus;
    if (!isObj(c) || extraKey(c, ['current', 'max']) || !('current' in c) || !('max' in c)) return 'vCPUs take exactly current and max';
    if (!wholeIn(c.max, 1, MAX_VCPUS)) return `the maximum vCPUs must be a whole number from 1 to ${MAX_VCPUS}`;
    if (!wholeIn(c.current, 1, MAX_VCPUS)) return `the current vCPUs must be a whole number from 1 to ${MAX_VCPUS}`;
    if (c.current > c.max) return 'the current vCPUs cannot be more than the maximum';
  }
  if (v.memory !== undefined) {
    const m = v.memory;
    if (!isObj(m) || extraKey(m, ['currentMiB', 'maxMiB']) || !('currentMiB' in m) || !('maxMiB' in m)) return 'memory takes exactly currentMiB and maxMiB';
    if (!wholeIn(m.maxMiB, 1, MAX_MEMORY_MIB)) return `the maximum memory must be a whole number of MiB from 1 to ${MAX_MEMORY_MIB}`;
    if (!wholeIn(m.currentMiB, 1, MAX_MEMORY_MIB)) return `the current memory must be a whole number of MiB from 1 to ${MAX_MEMORY_MIB}`;
    if (m.currentMiB > m.maxMiB) return 'the current memory cannot be more than the maximum';
  }
  if (v.boot !== undefined) {
    const b = v.boot;
    if (!isObj(b) || extraKey(b, ['order', 'menu']) || !Array.isArray(b.order)) return 'boot takes exactly order (a list) and menu';
    if (typeof b.menu !== 'boolean') return 'the boot menu must be true or false';
    for (const d of b.order) if (!BOOT_DEVS.includes(d as BootDev)) return `unknown boot device ${String(d)}`;
    if (new Set(b.order).size !== b.order.length) return 'a boot device cannot repeat';
  }
  if (v.kernel !== undefined) {
    const k = v.kernel;
    if (!isObj(k) || extraKey(k, ['kernel', 'initrd', 'cmdline']) || !('kernel' in k) || !('initrd' in k) || !('cmdline' in k)) return 'kernel takes exactly kernel, initrd and cmdline';
    const p = pathOrEmpty(k.kernel, 'the kernel') ?? pathOrEmpty(k.initrd, 'the initrd');
    if (p) return p;
    if (typeof k.cmdline !== 'string' || k.cmdline.length > 4096 || CONTROL.test(k.cmdline)) return 'the kernel arguments must be one line of at most 4096 characters';
    if (k.kernel === '' && k.initrd !== '') return 'an initrd needs a kernel';
  }
  if (v.autostart !== undefined && typeof v.autostart !== 'boolean') return 'autostart must be true or false';
  return undefined;
}

/** Why `v` cannot be a domain definition to apply from the XML tab, or undefined (libvirt checks the rest). */
export function domainXmlTextProblem(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.trim() === '') return 'the XML cannot be empty';
  if (v.length > MAX_DOMAIN_XML_LENGTH) return `the XML is longer than ${MAX_DOMAIN_XML_LENGTH} characters`;
  if (v.includes('\u0000')) return 'the XML contains a NUL character';
  return undefined;
}
