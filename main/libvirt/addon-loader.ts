import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NativeAddon } from './native/addon';

const ADDON_RELATIVE = join('native', 'build', 'Release', 'virtdesk_libvirt.node');

/**
 * Finds the compiled addon whether we run from sources (Vitest), from the
 * bundle in out/main, or from a packaged app (asar-unpacked).
 */
export function findAddon(startDir: string): string | undefined {
  const override = process.env.VIRTDESK_LIBVIRT_ADDON;
  if (override) return override;
  let dir = startDir;
  for (let i = 0; i < 6; i++) {
    for (const candidate of [
      join(dir, ADDON_RELATIVE),
      join(dir, 'main', 'libvirt', ADDON_RELATIVE),
      join(dir, 'app.asar.unpacked', 'main', 'libvirt', ADDON_RELATIVE),
    ]) {
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

let cached: NativeAddon | undefined;

export function loadAddon(): NativeAddon {
  if (cached) return cached;
  const path = findAddon(__dirname);
  if (!path) {
    throw new Error(
      'The libvirt binding is not built (virtdesk_libvirt.node not found). Run `npm run build:native` (needs libvirt-dev).',
    );
  }
  cached = createRequire(__filename)(path) as NativeAddon;
  return cached;
}
