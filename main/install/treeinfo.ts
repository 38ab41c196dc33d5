// An install tree's .treeinfo (Anaconda/productmd and SUSE trees): the
// family, version, arch and variant libosinfo matches against osinfo-db, and
// the kernel and initrd it names for an arch.

export interface TreeInfo {
  family: string;
  version: string;
  arch: string;
  variant: string;
  /** [images-<arch>] kernel/initrd, relative to the tree. */
  images: Map<string, { kernel?: string; initrd?: string }>;
}

/** INI sections → key → value; keys lower-cased, later duplicates win. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[([^\]]+)\]$/.exec(line);
    if (head) {
      const name = head[1]!.trim().toLowerCase();
      section = out.get(name) ?? new Map();
      out.set(name, section);
      continue;
    }
    const eq = line.indexOf('=');
    if (!section || eq < 0) continue;
    section.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return out;
}

/**
 * As libosinfo reads it: [general] first (every treeinfo has it, productmd's
 * 1.x for compatibility), then productmd's [release] and [tree]. undefined
 * when the text has neither a family nor any images: not a treeinfo.
 */
export function parseTreeInfo(text: string): TreeInfo | undefined {
  const ini = parseIni(text);
  const general = ini.get('general');
  const release = ini.get('release');
  const tree = ini.get('tree');
  const images = new Map<string, { kernel?: string; initrd?: string }>();
  for (const [name, keys] of ini) {
    const m = /^images-(.+)$/.exec(name);
    if (m) images.set(m[1]!, { kernel: keys.get('kernel'), initrd: keys.get('initrd') });
  }
  const family = general?.get('family') ?? release?.get('name') ?? '';
  if (family === '' && images.size === 0) return undefined;
  return {
    family,
    version: general?.get('version') ?? release?.get('version') ?? '',
    arch: general?.get('arch') ?? tree?.get('arch') ?? '',
    variant: general?.get('variant') ?? '',
    images,
  };
}

/** The kernel and initrd paths for an `arch` guest (a tree of another arch has none). */
export function treeInfoImages(info: TreeInfo, arch: string): { kernel: string; initrd: string } | undefined {
  const img = info.images.get(arch);
  return img?.kernel && img.initrd ? { kernel: img.kernel, initrd: img.initrd } : undefined;
}
