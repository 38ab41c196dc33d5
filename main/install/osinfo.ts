// The OS database: Debian's installed osinfo-db (/usr/share/osinfo/os), read
// with xmldom (as libosinfo itself would), never copied into the repo. Media
// detection asks `osinfo-detect` (libosinfo-bin), which knows every match rule.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import type { OsInfo } from '../../preload/contract';

export const OSINFO_OS_DIR = '/usr/share/osinfo/os';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** PCI ids (vendor/device) of the osinfo device entries that matter to the builder. */
const VIRTIO_NET = ['http://pcisig.com/pci/1af4/1000', 'http://pcisig.com/pci/1af4/1041'];
const VIRTIO_BLOCK = ['http://pcisig.com/pci/1af4/1001', 'http://pcisig.com/pci/1af4/1042'];
const VIRTIO_GPU = 'http://pcisig.com/pci/1af4/1050';
const QXL = 'http://pcisig.com/pci/1b36/0100';
const TPM_CRB = /tpm/i;

/** An OS entry as read, before inheritance (derives-from) fills it in. */
interface RawOs extends Pick<OsInfo, 'id' | 'name' | 'vendor' | 'version' | 'family' | 'distro' | 'releaseDate' | 'eolDate'> {
  shortIds: string[];
  derivesFrom: string[];
  devices: string[];
  /** arch -> resources, 'all' for every arch */
  minimum: Map<string, Resources>;
  recommended: Map<string, Resources>;
  firmware: { arch: string; type: string; supported: boolean }[];
}

interface Resources {
  ram?: number;
  cpus?: number;
  storage?: number;
}

function kids(parent: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).tagName === name) out.push(n as Element);
  }
  return out;
}

/** The untranslated text of the first child `name` (no xml:lang). */
function text(parent: Element, name: string): string {
  const el = kids(parent, name).find((e) => !e.getAttribute('xml:lang'));
  return el?.textContent?.trim() ?? '';
}

function num(parent: Element | undefined, name: string): number | undefined {
  if (!parent) return undefined;
  const t = text(parent, name);
  const n = Number(t);
  return t !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

function resources(os: Element, kind: 'minimum' | 'recommended'): Map<string, Resources> {
  const out = new Map<string, Resources>();
  for (const r of kids(os, 'resources')) {
    const el = kids(r, kind)[0];
    if (!el) continue;
    out.set(r.getAttribute('arch') || 'all', { ram: num(el, 'ram'), cpus: num(el, 'n-cpus'), storage: num(el, 'storage') });
  }
  return out;
}

/** Parses one osinfo-db file (it may hold several <os>). */
export function parseOsinfoXml(xml: string): RawOs[] {
  const doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (!root) return [];
  return kids(root as unknown as Element, 'os').map((os) => ({
    id: os.getAttribute('id') ?? '',
    shortIds: kids(os, 'short-id').map((e) => e.textContent?.trim() ?? '').filter(Boolean),
    name: text(os, 'name'),
    vendor: text(os, 'vendor'),
    version: text(os, 'version'),
    family: text(os, 'family'),
    distro: text(os, 'distro'),
    releaseDate: text(os, 'release-date'),
    eolDate: text(os, 'eol-date'),
    derivesFrom: [...kids(os, 'derives-from'), ...kids(os, 'clones')].map((e) => e.getAttribute('id') ?? '').filter(Boolean),
    devices: kids(os, 'devices').flatMap((d) => kids(d, 'device').map((e) => e.getAttribute('id') ?? '')),
    minimum: resources(os, 'minimum'),
    recommended: resources(os, 'recommended'),
    firmware: kids(os, 'firmware').map((f) => ({ arch: f.getAttribute('arch') ?? 'all', type: f.getAttribute('type') ?? '', supported: f.getAttribute('supported') !== 'false' })),
  }));
}

function pick(map: Map<string, Resources>, arch: string, key: keyof Resources): number | undefined {
  return map.get(arch)?.[key] ?? map.get('all')?.[key];
}

/**
 * Turns parsed entries into the contract's OsInfo, following `derives-from`
 * for what an entry leaves out (devices add up, resources and firmware are
 * inherited when absent), as libosinfo does.
 */
export function resolveOsList(raw: readonly RawOs[], arch = 'x86_64'): OsInfo[] {
  const byId = new Map(raw.map((r) => [r.id, r]));
  const chain = (r: RawOs): RawOs[] => {
    const seen = new Set<string>();
    const out: RawOs[] = [];
    const walk = (x: RawOs) => {
      if (seen.has(x.id)) return;
      seen.add(x.id);
      out.push(x);
      for (const p of x.derivesFrom) {
        const parent = byId.get(p);
        if (parent) walk(parent);
      }
    };
    walk(r);
    return out;
  };
  return raw
    .filter((r) => r.id && r.name)
    .map((r): OsInfo => {
      const line = chain(r);
      const first = <T>(f: (x: RawOs) => T | undefined): T | undefined => {
        for (const x of line) {
          const v = f(x);
          if (v !== undefined) return v;
        }
        return undefined;
      };
      const devices = new Set(line.flatMap((x) => x.devices));
      const firmware = first((x) => (x.firmware.length > 0 ? x.firmware.filter((f) => f.arch === arch || f.arch === 'all') : undefined)) ?? [];
      const efiSupported = firmware.some((f) => f.type === 'efi' && f.supported);
      const biosUnsupported = firmware.some((f) => f.type === 'bios' && !f.supported);
      const uefiRequired = efiSupported && biosUnsupported;
      const isWindows = r.family === 'winnt' || r.family === 'win9x';
      const ramMin = first((x) => pick(x.minimum, arch, 'ram'));
      const ramRec = first((x) => pick(x.recommended, arch, 'ram'));
      const cpusMin = first((x) => pick(x.minimum, arch, 'cpus'));
      const cpusRec = first((x) => pick(x.recommended, arch, 'cpus'));
      const storageMin = first((x) => pick(x.minimum, arch, 'storage'));
      const storageRec = first((x) => pick(x.recommended, arch, 'storage'));
      return {
        id: r.id,
        shortId: r.shortIds[0] ?? '',
        name: r.name,
        vendor: r.vendor,
        version: r.version,
        family: r.family,
        distro: r.distro,
        releaseDate: r.releaseDate,
        eolDate: r.eolDate,
        minimum: { memoryMiB: ramMin ? Math.round(ramMin / MiB) : null, vcpus: cpusMin ?? null, storageGiB: storageMin ? Math.ceil(storageMin / GiB) : null },
        recommended: {
          memoryMiB: ramRec ? Math.round(ramRec / MiB) : ramMin ? Math.round(ramMin / MiB) : null,
          vcpus: cpusRec ?? cpusMin ?? null,
          storageGiB: storageRec ? Math.ceil(storageRec / GiB) : storageMin ? Math.ceil(storageMin / GiB) : null,
        },
        virtioNet: VIRTIO_NET.some((d) => devices.has(d)),
        virtioBlock: VIRTIO_BLOCK.some((d) => devices.has(d)),
        video: devices.has(VIRTIO_GPU) ? 'virtio' : devices.has(QXL) ? 'qxl' : isWindows ? 'qxl' : 'vga',
        uefi: uefiRequired ? 'required' : efiSupported ? 'supported' : 'unknown',
        // osinfo-db of 2022 has no TPM device entry yet: an OS that refuses
        // BIOS and is Windows (11 and later) needs a TPM 2.0, as virt-install assumes.
        tpm: [...devices].some((d) => TPM_CRB.test(d)) || (isWindows && uefiRequired),
      };
    });
}

/** Newest release first, undated last, then by name. */
export function sortRecentFirst(list: OsInfo[]): OsInfo[] {
  return [...list].sort((a, b) => (b.releaseDate || '0').localeCompare(a.releaseDate || '0') || a.name.localeCompare(b.name));
}

/** The osinfo-db XML files under `dir` (install-script overlays left out). */
export function xmlFiles(dir: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      // win-10.d etc. hold install-script overlays, not OS entries
      if (!e.endsWith('.d')) out.push(...xmlFiles(p));
    } else if (e.endsWith('.xml')) out.push(p);
  }
  return out;
}

let cache: { dir: string; list: OsInfo[] } | undefined;

/** Every OS in the installed database, newest first; read once per process. */
export function loadOsList(dir = OSINFO_OS_DIR): OsInfo[] {
  if (cache?.dir === dir) return cache.list;
  const raw = xmlFiles(dir).flatMap((f) => {
    try {
      return parseOsinfoXml(readFileSync(f, 'utf8'));
    } catch {
      return [];
    }
  });
  const list = sortRecentFirst(resolveOsList(raw));
  cache = { dir, list };
  return list;
}

/** The generic profile virt-manager falls back to when no OS is known. */
export const GENERIC_OS: OsInfo = {
  id: 'http://libosinfo.org/linux/2022',
  shortId: 'linux2022',
  name: 'Generic Linux 2022',
  vendor: '',
  version: '2022',
  family: 'linux',
  distro: '',
  releaseDate: '',
  eolDate: '',
  minimum: { memoryMiB: null, vcpus: null, storageGiB: null },
  recommended: { memoryMiB: 1024, vcpus: 1, storageGiB: 20 },
  virtioNet: true,
  virtioBlock: true,
  video: 'virtio',
  uefi: 'supported',
  tpm: false,
};

export function findOs(id: string, list = loadOsList()): OsInfo | undefined {
  return list.find((o) => o.id === id || o.shortId === id);
}

/**
 * Parses osinfo-detect's plain output ("Media is an installer for OS 'Debian
 * 11 (x86_64)'"): the OS name without the arch suffix, or undefined.
 */
export function parseDetectOutput(out: string): { name: string; arch: string | null } | undefined {
  const m = /for OS '(.+?)'/.exec(out);
  if (!m) return undefined;
  const full = m[1]!;
  const a = /^(.*) \(([A-Za-z0-9_]+)\)$/.exec(full);
  return a ? { name: a[1]!, arch: a[2]! } : { name: full, arch: null };
}

/** Asks osinfo-detect about a local ISO (or, with type 'tree', an install tree URL). */
export function detectMedia(path: string, type: 'media' | 'tree' = 'media', timeoutMs = 30_000): Promise<OsInfo | null> {
  return new Promise((resolve, reject) => {
    execFile('osinfo-detect', ['-t', type, path], { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      const found = parseDetectOutput(stdout);
      if (found) {
        resolve(loadOsList().find((o) => o.name === found.name) ?? null);
        return;
      }
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('osinfo-detect is not installed (Debian package libosinfo-bin)'));
        return;
      }
      if (err && !/not bootable|not an installer|not recogni/i.test(stdout + stderr)) {
        reject(new Error((stderr || stdout || err.message).trim()));
        return;
      }
      resolve(null);
    });
  });
}
