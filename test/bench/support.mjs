import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function loadAddon() {
  return createRequire(import.meta.url)(join(ROOT, 'main/libvirt/native/build/Release/virtdesk_libvirt.node'));
}

/** A generated test-driver host with `n` guests, cached under test-results/bench. */
export function hostFile(n) {
  const dir = join(ROOT, 'test-results', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `host-${n}.xml`);
  if (!existsSync(file)) execFileSync(process.execPath, [join(ROOT, 'test/fixtures/generate-host.mjs'), String(n), file]);
  return file;
}

/** Records the longest gap between ticks of a 1 ms timer until stopped. */
export function stallMeter() {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return max;
    },
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
