// Downloads a tree's kernel and initrd for one install run, where the local
// hypervisor can read them: virt-install's /var/lib/libvirt/boot for
// qemu:///system, the user's cache for a session daemon.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { uriPath } from './default-pool';

export const SYSTEM_BOOT_DIR = '/var/lib/libvirt/boot';

export function bootDir(uri: string): string {
  if (uriPath(uri) === '/system') return SYSTEM_BOOT_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'virtdesk', 'boot');
}

/** A name no other install run uses: the guest's, a random part and the file's role. */
export function bootFileName(guest: string, role: 'vmlinuz' | 'initrd.img'): string {
  return `virtdesk-${guest.replace(/[^A-Za-z0-9_.+-]/g, '_')}-${randomBytes(4).toString('hex')}-${role}`;
}

export function ensureBootDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
}

/**
 * Streams `url` into `dest` (which must not exist), reporting bytes so far and
 * the total when the server says it; a failure or an abort leaves no file.
 */
export async function downloadTo(url: string, dest: string, signal: AbortSignal, onProgress: (done: number, total: number | null) => void): Promise<number> {
  const res = await fetch(url, { signal, redirect: 'follow' });
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`Downloading ${url} failed: HTTP ${res.status} ${res.statusText}`.trim());
  }
  const total = Number(res.headers.get('content-length')) || null;
  let done = 0;
  let last = 0;
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    done += chunk.length;
    if (done - last >= 1024 * 1024 || done === total) {
      last = done;
      onProgress(done, total);
    }
  });
  try {
    await pipeline(body, createWriteStream(dest, { flags: 'wx', mode: 0o644 }), { signal });
  } catch (err) {
    rmSync(dest, { force: true });
    throw err;
  }
  if (total !== null && done !== total) {
    rmSync(dest, { force: true });
    throw new Error(`Downloading ${url} stopped after ${done} of ${total} bytes`);
  }
  onProgress(done, total);
  return done;
}
