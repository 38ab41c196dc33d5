// New VM wizard and long-running jobs: DTOs and their validators. Kept in a
// file of its own so the rest of the contract changes by a few lines only.
import type { DomainRef } from './types';
import type { ErrorInfo } from './errors';

/** One OS of Debian's osinfo-db, with what drives the wizard's defaults. */
export interface OsInfo {
  /** osinfo id, e.g. "http://debian.org/debian/12". */
  id: string;
  /** e.g. "debian12": the name suggestion comes from it. */
  shortId: string;
  name: string;
  vendor: string;
  version: string;
  family: string;
  distro: string;
  /** ISO date or "" when unknown. */
  releaseDate: string;
  eolDate: string;
  minimum: OsResources;
  recommended: OsResources;
  /** Knows virtio network and block devices (else e1000 and SATA). */
  virtioNet: boolean;
  virtioBlock: boolean;
  video: 'virtio' | 'qxl' | 'vga';
  /** 'required': the OS refuses BIOS (Windows 11). */
  uefi: 'required' | 'supported' | 'unknown';
  /** Needs an emulated TPM 2.0 (Windows 11). */
  tpm: boolean;
}

export interface OsResources {
  memoryMiB: number | null;
  vcpus: number | null;
  storageGiB: number | null;
}

export interface GuestArchOption {
  arch: string;
  /** Machine types, the default one first. */
  machines: string[];
  /** 'kvm' where usable, 'qemu' (TCG) always on QEMU hosts. */
  virtTypes: string[];
}

export interface PoolOption {
  name: string;
  /** "" for the default pool that does not exist yet (it is created on first use). */
  uuid: string;
  type: string;
  active: boolean;
  /** Target path (dir pools). */
  path: string;
  capacityBytes: number;
  availableBytes: number;
}

export interface VolumeOption {
  pool: string;
  name: string;
  path: string;
  capacityBytes: number;
}

export type NetworkChoice =
  | { kind: 'network'; name: string }
  | { kind: 'bridge'; name: string }
  | { kind: 'direct'; dev: string }
  | { kind: 'user' }
  | { kind: 'none' };

export interface NetworkOption {
  choice: NetworkChoice;
  label: string;
  active: boolean;
}

/** What the wizard can offer on one connection. */
export interface InstallOptions {
  connectionId: string;
  /** Local files (ISO, kernel) can be browsed and inspected (osinfo-detect, qemu-img). */
  local: boolean;
  hostMemoryMiB: number;
  hostCpus: number;
  /** What running guests hold now (virt-manager's overcommit figures). */
  allocatedMemoryMiB: number;
  allocatedVcpus: number;
  arches: GuestArchOption[];
  /** Default arch of the host (x86_64 on x86 hosts). */
  defaultArch: string;
  /** The host offers UEFI firmware (domain capabilities list a loader). */
  uefi: boolean;
  /** An emulated TPM (swtpm) is there. */
  tpm: boolean;
  pools: PoolOption[];
  volumes: VolumeOption[];
  networks: NetworkOption[];
}

export type InstallSource =
  | { kind: 'iso'; path: string }
  | { kind: 'url'; url: string; kernelArgs: string }
  | { kind: 'pxe' }
  /** An existing image; VMDK and VDI are converted to qcow2 into `pool`. */
  | { kind: 'import'; path: string; pool: string }
  | { kind: 'manual' }
  | { kind: 'kernel'; kernel: string; initrd: string; args: string };

export type StorageChoice =
  | { kind: 'none' }
  | { kind: 'new'; pool: string; sizeMiB: number; format: 'qcow2' | 'raw'; sparse: boolean }
  | { kind: 'existing'; path: string };

export interface InstallSpec {
  connectionId: string;
  name: string;
  source: InstallSource;
  /** osinfo id; null: generic defaults. */
  osId: string | null;
  arch: string;
  /** null: the host's default for the arch. */
  machine: string | null;
  virtType: 'kvm' | 'qemu';
  memoryMiB: number;
  vcpus: number;
  storage: StorageChoice;
  network: NetworkChoice;
  firmware: 'bios' | 'efi';
  /** Define only, do not start ("Customize configuration before install"). */
  customize: boolean;
}

/** What a network install URL is (install.detectUrl). */
export type UrlDetection =
  /** An ISO image, attached as a network CD-ROM. */
  | { kind: 'iso'; os: null }
  /** An install tree: the guest boots its kernel and initrd (URLs) until the install run ends. */
  | { kind: 'tree'; os: OsInfo | null; kernel: string; initrd: string };

export interface InstallProblem {
  /** Which part of the spec: 'name', 'memory', 'vcpus', 'storage', 'source', ... */
  field: string;
  /** 'error' blocks creating; 'warning' is shown and allowed. */
  severity: 'error' | 'warning';
  message: string;
}

export interface InstallCheck {
  problems: InstallProblem[];
}

export interface JobStarted {
  jobId: string;
}

export interface JobProgress {
  jobId: string;
  /** What is happening, e.g. "Creating disk vdtw-a.qcow2". */
  step: string;
  /** 0–1 when known, else null (indeterminate). */
  fraction: number | null;
  /** Whether jobs.cancel works now. */
  cancellable: boolean;
}

export type JobFinished =
  | { jobId: string; ok: true; domain: DomainRef; name: string; started: boolean }
  | { jobId: string; ok: false; cancelled: boolean; error: ErrorInfo; rolledBack: string[] };

/** One disk-like device of a guest, as the Delete dialog lists it (DEL-03). */
export interface DomainStorageItem {
  /** vda, sda, hdc, or kernel / initrd. */
  target: string;
  device: 'disk' | 'cdrom' | 'floppy' | 'lun' | 'kernel' | 'initrd';
  path: string;
  /** Can be removed (a pool volume, or a local file). */
  deletable: boolean;
  /** Checked by default: writable disks that no other guest uses. */
  defaultChecked: boolean;
  /** Why it is unchecked or not deletable, for a tooltip. */
  note: string;
}

// ---- validators (the schema type lives in validate.ts; these are plain checks)

const CONTROL = /[\u0000-\u001f\u007f]/;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(o: Record<string, unknown>, keys: readonly string[]): string | undefined {
  const extra = Object.keys(o).filter((k) => !keys.includes(k));
  return extra.length > 0 ? `unexpected field ${extra[0]}` : undefined;
}

export function absolutePathProblem(v: unknown, what: string): string | undefined {
  if (typeof v !== 'string' || v === '') return `${what} must be a path`;
  if (v.length > 4096 || CONTROL.test(v)) return `${what} must be a path without control characters`;
  if (!v.startsWith('/')) return `${what} must be an absolute path`;
  return undefined;
}

export function installUrlProblem(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 4096 || CONTROL.test(v)) return 'the URL must be text without control characters';
  if (!/^(https?|ftp):\/\/[^\s/]+/i.test(v)) return 'the URL must start with http://, https:// or ftp://';
  return undefined;
}

export function archProblem(v: unknown): string | undefined {
  return typeof v === 'string' && /^[a-z0-9_]{1,16}$/.test(v) ? undefined : 'the architecture is not valid';
}

function textProblem(v: unknown, what: string, max = 1024): string | undefined {
  return typeof v === 'string' && v.length <= max && !CONTROL.test(v) ? undefined : `${what} must be text of at most ${max} characters`;
}

const SHORT_NAME = /^[A-Za-z0-9_.:+-]{1,64}$/;

export function networkChoiceProblem(v: unknown): string | undefined {
  if (!isObj(v)) return 'the network must be an object';
  switch (v.kind) {
    case 'network':
    case 'bridge':
      return onlyKeys(v, ['kind', 'name']) ?? (typeof v.name === 'string' && SHORT_NAME.test(v.name) ? undefined : 'the network name is not valid');
    case 'direct':
      return onlyKeys(v, ['kind', 'dev']) ?? (typeof v.dev === 'string' && SHORT_NAME.test(v.dev) ? undefined : 'the device name is not valid');
    case 'user':
    case 'none':
      return onlyKeys(v, ['kind']);
    default:
      return 'unknown network kind';
  }
}

function sourceProblem(v: unknown): string | undefined {
  if (!isObj(v)) return 'the source must be an object';
  switch (v.kind) {
    case 'iso':
      return onlyKeys(v, ['kind', 'path']) ?? absolutePathProblem(v.path, 'the ISO');
    case 'url':
      return onlyKeys(v, ['kind', 'url', 'kernelArgs']) ?? installUrlProblem(v.url) ?? textProblem(v.kernelArgs, 'kernel arguments');
    case 'pxe':
    case 'manual':
      return onlyKeys(v, ['kind']);
    case 'import':
      return onlyKeys(v, ['kind', 'path', 'pool']) ?? absolutePathProblem(v.path, 'the disk image') ?? (typeof v.pool === 'string' && SHORT_NAME.test(v.pool) ? undefined : 'the pool name is not valid');
    case 'kernel':
      return (
        onlyKeys(v, ['kind', 'kernel', 'initrd', 'args']) ??
        absolutePathProblem(v.kernel, 'the kernel') ??
        (v.initrd === '' ? undefined : absolutePathProblem(v.initrd, 'the initrd')) ??
        textProblem(v.args, 'kernel arguments')
      );
    default:
      return 'unknown install source';
  }
}

function storageProblem(v: unknown): string | undefined {
  if (!isObj(v)) return 'the storage must be an object';
  switch (v.kind) {
    case 'none':
      return onlyKeys(v, ['kind']);
    case 'existing':
      return onlyKeys(v, ['kind', 'path']) ?? absolutePathProblem(v.path, 'the disk');
    case 'new':
      if (onlyKeys(v, ['kind', 'pool', 'sizeMiB', 'format', 'sparse'])) return onlyKeys(v, ['kind', 'pool', 'sizeMiB', 'format', 'sparse']);
      if (typeof v.pool !== 'string' || !SHORT_NAME.test(v.pool)) return 'the pool name is not valid';
      if (typeof v.sizeMiB !== 'number' || !Number.isInteger(v.sizeMiB) || v.sizeMiB < 1 || v.sizeMiB > 1024 * 1024 * 1024) return 'the disk size must be a whole number of MiB, at least 1';
      if (v.format !== 'qcow2' && v.format !== 'raw') return 'the disk format must be qcow2 or raw';
      if (typeof v.sparse !== 'boolean') return 'sparse must be true or false';
      return undefined;
    default:
      return 'unknown storage kind';
  }
}

const SPEC_KEYS = ['connectionId', 'name', 'source', 'osId', 'arch', 'machine', 'virtType', 'memoryMiB', 'vcpus', 'storage', 'network', 'firmware', 'customize'];

/**
 * Shape only (types, ranges, paths): the name's rules and everything that
 * depends on the host are the install service's check.
 */
export function installSpecProblem(v: unknown): string | undefined {
  if (!isObj(v)) return 'the install spec must be an object';
  const keys = onlyKeys(v, SPEC_KEYS);
  if (keys) return keys;
  for (const k of SPEC_KEYS) if (!(k in v)) return `the install spec needs ${k}`;
  if (typeof v.connectionId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(v.connectionId)) return 'connection id must be a short identifier';
  if (typeof v.name !== 'string' || v.name.length > 256) return 'the name must be text';
  if (v.osId !== null && (typeof v.osId !== 'string' || v.osId.length > 256 || CONTROL.test(v.osId))) return 'the OS id must be text or null';
  if (typeof v.arch !== 'string' || !/^[a-z0-9_]{1,16}$/.test(v.arch)) return 'the architecture is not valid';
  if (v.machine !== null && (typeof v.machine !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(v.machine))) return 'the machine type is not valid';
  if (v.virtType !== 'kvm' && v.virtType !== 'qemu') return 'the virt type must be kvm or qemu';
  if (typeof v.memoryMiB !== 'number' || !Number.isInteger(v.memoryMiB) || v.memoryMiB < 1 || v.memoryMiB > 64 * 1024 * 1024) return 'memory must be a whole number of MiB';
  if (typeof v.vcpus !== 'number' || !Number.isInteger(v.vcpus) || v.vcpus < 1 || v.vcpus > 4096) return 'vCPUs must be a whole number from 1';
  if (v.firmware !== 'bios' && v.firmware !== 'efi') return 'firmware must be bios or efi';
  if (typeof v.customize !== 'boolean') return 'customize must be true or false';
  return sourceProblem(v.source) ?? storageProblem(v.storage) ?? networkChoiceProblem(v.network);
}

export function jobIdProblem(v: unknown): string | undefined {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(v) ? undefined : 'job id must be a short identifier';
}

export function storagePathListProblem(v: unknown): string | undefined {
  if (!Array.isArray(v)) return 'storage paths must be a list';
  if (v.length > 64) return 'at most 64 storage paths';
  for (const p of v) {
    const problem = absolutePathProblem(p, 'each storage path');
    if (problem) return problem;
  }
  return undefined;
}
