// The tiny guest with virtio drivers (virtio_pci, virtio_blk, virtio_balloon),
// for tests where the guest has to see a hot-plugged disk or inflate a balloon.
//
// The stock initrd loads only the modules named in its /etc/modules (button,
// evdev). Rather than rebuild it (test/guest/.cache is shared), this appends a
// second cpio archive holding the extra modules and a longer /etc/modules: the
// kernel unpacks concatenated initramfs archives in order, later files
// replacing earlier ones, so /init then loads the drivers at boot. The modules
// come from the same kernel .deb build.sh used, so they match the kernel. The
// result is cached in the temp directory, keyed by the guest's build stamp.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const CACHE = join(__dirname, '..', 'guest', '.cache');
// The drivers wanted; their dependencies (the modules' own "depends=") come along.
const EXTRA = ['virtio_pci', 'virtio_blk', 'virtio_balloon'];
// Every module these may need, for the extraction from the .deb.
const CANDIDATES = ['virtio', 'virtio_ring', 'virtio_pci_legacy_dev', 'virtio_pci_modern_dev', ...EXTRA];

/** The "depends=" field of a .ko's .modinfo section. */
function dependsOf(ko: Buffer): string[] {
  const at = ko.indexOf('\0depends=');
  if (at < 0) return [];
  const end = ko.indexOf(0, at + 1);
  return ko.subarray(at + 9, end).toString().split(',').filter(Boolean);
}

/**
 * A directory with vmlinuz and an initrd.img that also loads the virtio drivers:
 * pass it as VD_GUEST_CACHE to tinyGuestXml. Built on first use (~5 s).
 */
export function virtioGuestCache(): string {
  const stamp = `${readFileSync(join(CACHE, 'stamp'), 'utf8')} ${EXTRA.join(',')} v2`;
  const dir = join(tmpdir(), `vdtd-virtio-guest-${createHash('sha256').update(stamp).digest('hex').slice(0, 12)}`);
  if (existsSync(join(dir, 'initrd.img'))) return dir;

  const work = mkdtempSync(join(tmpdir(), 'vdtd-virtio-build-'));
  try {
    const deb = readdirSync(join(CACHE, 'deb')).find((f) => f.startsWith('linux-image-') && f.endsWith('.deb'));
    if (!deb) throw new Error(`no linux-image .deb in ${CACHE}/deb (run test/guest/build.sh)`);
    const patterns = CANDIDATES.map((m) => `*/${m}.ko*`);
    execFileSync('sh', ['-c', `d="$1"; shift; dpkg-deb --fsys-tarfile "$0" | tar -x -C "$d" --wildcards "$@"`, join(CACHE, 'deb', deb), work, ...patterns]);
    const found = execFileSync('find', [work, '-name', '*.ko*'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const root = join(work, 'root');
    mkdirSync(join(root, 'lib', 'modules'), { recursive: true });
    mkdirSync(join(root, 'etc'));
    // Dependencies first, like build.sh's add_module.
    const order: string[] = [];
    const add = (m: string) => {
      if (order.includes(m)) return;
      const src = found.find((f) => f.endsWith(`/${m}.ko`));
      // build.sh decompresses .ko.xz/.zst; this kernel ships plain .ko, so only that is handled.
      if (!src) throw new Error(`guest-virtio: ${m}.ko not found (or compressed) in ${deb}`);
      const ko = readFileSync(src);
      for (const d of dependsOf(ko)) add(d);
      writeFileSync(join(root, 'lib', 'modules', `${m}.ko`), ko);
      order.push(m);
    };
    for (const m of EXTRA) add(m);
    const stockModules = execFileSync('sh', ['-c', 'gzip -dc "$0" 2>/dev/null | cpio -i --quiet --to-stdout etc/modules || cat "$0" | cpio -i --quiet --to-stdout etc/modules', join(CACHE, 'initrd.img')], {
      encoding: 'utf8',
    });
    writeFileSync(join(root, 'etc', 'modules'), `${stockModules.trim()}\n${order.join('\n')}\n`);
    const extra = execFileSync('sh', ['-c', 'cd "$0" && find lib etc | cpio -o -H newc --quiet -R 0:0', root], { maxBuffer: 64 << 20 });
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(CACHE, 'vmlinuz'), join(dir, 'vmlinuz'));
    writeFileSync(join(work, 'initrd.img'), Buffer.concat([readFileSync(join(CACHE, 'initrd.img')), extra]));
    renameSync(join(work, 'initrd.img'), join(dir, 'initrd.img')); // last: its presence means "complete"
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}
