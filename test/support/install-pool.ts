import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_URI, removeGuest, virsh } from './system-libvirt';

export const TINY_KERNEL = join(__dirname, '..', 'guest', '.cache', 'vmlinuz');
export const TINY_INITRD = join(__dirname, '..', 'guest', '.cache', 'initrd.img');

/** A `vdtw-` dir pool under a fresh temp dir, started; remove() undoes it all. */
export interface TempPool {
  name: string;
  dir: string;
  remove(): void;
}

export function createTempPool(name: string): TempPool {
  removePool(name);
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  virsh('pool-define-as', name, 'dir', '--target', dir);
  virsh('pool-start', name);
  return {
    name,
    dir,
    remove() {
      removePool(name);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Deletes a pool's volumes, stops and undefines it; never throws. */
export function removePool(name: string): void {
  const vols = spawnSync('virsh', ['-c', SYSTEM_URI, 'vol-list', name], { encoding: 'utf8' });
  if (vols.status === 0) {
    for (const v of volumeNames(vols.stdout)) spawnSync('virsh', ['-c', SYSTEM_URI, 'vol-delete', v, '--pool', name], { stdio: 'ignore' });
  }
  spawnSync('virsh', ['-c', SYSTEM_URI, 'pool-destroy', name], { stdio: 'ignore' });
  spawnSync('virsh', ['-c', SYSTEM_URI, 'pool-undefine', name], { stdio: 'ignore' });
}

export function poolVolumes(name: string): string[] {
  virsh('pool-refresh', name);
  return volumeNames(virsh('vol-list', name));
}

/** Names from `virsh vol-list` (Debian 12's virsh has no --name there): the first column after the header. */
function volumeNames(out: string): string[] {
  return out
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean)
    .sort();
}

/** Names of every guest on qemu:///system. */
export function allGuests(): string[] {
  return virsh('list', '--all', '--name').split('\n').map((l) => l.trim()).filter(Boolean);
}

/** Removes a guest and its NVRAM; never throws. */
export function removeGuestFully(name: string): void {
  removeGuest(name);
  spawnSync('virsh', ['-c', SYSTEM_URI, 'undefine', '--nvram', name], { stdio: 'ignore' });
}

/**
 * A bootable ISO (El Torito, no emulation) whose volume ID is `volumeId`:
 * enough for osinfo-detect when the OS's media rule is the volume ID alone.
 */
export function makeIso(path: string, volumeId: string): void {
  const root = mkdtempSync(join(tmpdir(), 'vdtw-isoroot-'));
  try {
    execFileSync('bash', ['-c', 'head -c 2048 /dev/zero > "$1/boot.img" && echo virtdesk > "$1/README"', '_', root]);
    execFileSync('xorriso', ['-as', 'mkisofs', '-V', volumeId, '-b', 'boot.img', '-no-emul-boot', '-o', path, root], { stdio: 'ignore' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Debian 11's netinst media rule in osinfo-db is just `<volume-id>Debian 11.\d+.\d+ amd64 n</volume-id>`. */
export const DEBIAN11_VOLUME_ID = 'Debian 11.5.0 amd64 n';
