import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Electron executable, found as the `electron` package would, without loading that package. */
export function electronBinary(): string | undefined {
  const pkg = join(__dirname, '..', '..', 'node_modules', 'electron');
  let exe = 'electron';
  try {
    exe = readFileSync(join(pkg, 'path.txt'), 'utf8').trim() || exe;
  } catch {
    /* never downloaded */
  }
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = dist ? join(dist, exe) : join(pkg, 'dist', exe);
  return existsSync(path) ? path : undefined;
}
