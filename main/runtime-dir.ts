import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The app's private runtime folder (SSH control sockets live here): under
 * $XDG_RUNTIME_DIR when there is one, else a per-user folder in /tmp that must
 * be ours and 0700, so no other user can reach our SSH masters.
 */
export function runtimeDir(): string {
  const base = process.env.XDG_RUNTIME_DIR;
  const dir = base ? join(base, 'virtdesk') : join(tmpdir(), `virtdesk-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || (st.mode & 0o077) !== 0) {
    throw new Error(`${dir} must be a folder of yours that only you can read (mode 0700)`);
  }
  return dir;
}
