// The install trees osinfo-db knows (<tree> of each <os>): where each OS's
// tree lives, what its .treeinfo says, or, for trees without one (Debian,
// Ubuntu), where the kernel and initrd are. Read from the installed
// database, like the OS list (osinfo.ts).
import { readFileSync } from 'node:fs';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { OSINFO_OS_DIR, xmlFiles } from './osinfo';

export interface OsTree {
  osId: string;
  /** The OS's codenames (bullseye, jammy): how a mirror's path names the release. */
  codenames: string[];
  arch: string;
  url: string;
  kernel?: string;
  initrd?: string;
  /** Patterns (regular expressions, as libosinfo matches them). */
  treeinfo?: { family: string; version: string; arch: string; variant: string };
}

function kids(parent: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).tagName === name) out.push(n as Element);
  return out;
}

function text(parent: Element, name: string): string {
  return kids(parent, name)[0]?.textContent?.trim() ?? '';
}

/** The trees of every <os> in one osinfo-db file. */
export function parseOsTrees(xml: string): OsTree[] {
  const root = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml').documentElement;
  if (!root) return [];
  const out: OsTree[] = [];
  for (const os of kids(root as unknown as Element, 'os')) {
    const osId = os.getAttribute('id') ?? '';
    const codenames = kids(os, 'codename').map((e) => e.textContent?.trim().toLowerCase() ?? '').filter(Boolean);
    for (const t of kids(os, 'tree')) {
      const ti = kids(t, 'treeinfo')[0];
      out.push({
        osId,
        codenames,
        arch: t.getAttribute('arch') ?? 'all',
        url: text(t, 'url'),
        kernel: text(t, 'kernel') || undefined,
        initrd: text(t, 'initrd') || undefined,
        treeinfo: ti ? { family: text(ti, 'family'), version: text(ti, 'version'), arch: text(ti, 'arch'), variant: text(ti, 'variant') } : undefined,
      });
    }
  }
  return out;
}

let cache: { dir: string; trees: OsTree[] } | undefined;

export function loadOsTrees(dir = OSINFO_OS_DIR): OsTree[] {
  if (cache?.dir === dir) return cache.trees;
  const trees = xmlFiles(dir).flatMap((f) => {
    try {
      return parseOsTrees(readFileSync(f, 'utf8'));
    } catch {
      return [];
    }
  });
  cache = { dir, trees };
  return trees;
}

/**
 * libosinfo matches treeinfo fields as regular expressions; anchored here, so
 * Fedora "3" does not claim Fedora 37. An invalid pattern matches literally.
 */
function fieldMatches(pattern: string, value: string): boolean {
  if (pattern === '') return true;
  if (pattern.toLowerCase() === value.toLowerCase()) return true;
  try {
    return new RegExp(`^(?:${pattern})$`, 'i').test(value);
  } catch {
    return false;
  }
}

/** The osinfo OS whose tree a .treeinfo describes, or undefined. */
export function matchTreeInfo(trees: readonly OsTree[], info: { family: string; version: string; arch: string; variant: string }): string | undefined {
  const hit = (t: OsTree, withVariant: boolean) =>
    !!t.treeinfo &&
    t.treeinfo.family !== '' &&
    fieldMatches(t.treeinfo.family, info.family) &&
    fieldMatches(t.treeinfo.version, info.version) &&
    (info.arch === '' || fieldMatches(t.treeinfo.arch, info.arch)) &&
    (!withVariant || info.variant === '' || fieldMatches(t.treeinfo.variant, info.variant));
  return (trees.find((t) => hit(t, true)) ?? trees.find((t) => hit(t, false)))?.osId;
}

function pathSegments(url: string): string[] {
  try {
    return new URL(url).pathname.split('/').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * The osinfo trees (of `arch`) the URL is: the same URL, or a mirror of it —
 * the path ends with the tree's path from its release directory on
 * (at least `dists/bullseye/main/installer-amd64`), or the path names the OS's
 * codename. Best match first.
 */
export function matchTreeUrl(trees: readonly OsTree[], url: string, arch: string): OsTree[] {
  const segs = pathSegments(url);
  const lower = segs.map((s) => s.toLowerCase());
  const scored: { t: OsTree; score: number }[] = [];
  for (const t of trees) {
    if (t.arch !== arch && t.arch !== 'all') continue;
    const tsegs = pathSegments(t.url).map((s) => s.toLowerCase());
    let score = 0;
    if (tsegs.length > 0) {
      // Common tail of the two paths: a mirror keeps the layout under its own prefix.
      let n = 0;
      while (n < tsegs.length && n < lower.length && tsegs[tsegs.length - 1 - n] === lower[lower.length - 1 - n]) n++;
      if (n === tsegs.length || n >= 4) score = 100 + n;
    }
    // "Jammy Jellyfish" is named jammy in paths
    if (score === 0 && t.codenames.some((c) => lower.includes(c.split(' ')[0]!))) score = 50;
    if (score > 0) scored.push({ t, score });
  }
  return scored.sort((a, b) => b.score - a.score).map((s) => s.t);
}

/** Distinct kernel/initrd layouts osinfo-db lists for trees of `arch` without a .treeinfo. */
export function kernelLayouts(trees: readonly OsTree[], arch: string): { kernel: string; initrd: string }[] {
  const seen = new Set<string>();
  const out: { kernel: string; initrd: string }[] = [];
  for (const t of trees) {
    if ((t.arch !== arch && t.arch !== 'all') || !t.kernel || !t.initrd) continue;
    const key = `${t.kernel}\n${t.initrd}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ kernel: t.kernel, initrd: t.initrd });
  }
  return out;
}
