// The layering rules of ARCHITECTURE.md §2, checked on the real source tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = join(dir, name);
    if (name === 'node_modules' || name === 'build' || name.startsWith('.')) continue;
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Every module specifier a file imports, with relative ones resolved to repo paths. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? m[4]!,
  );
  return specs.map((s) => (s.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), s)) : s));
}

function violations(files: string[], bad: (spec: string) => boolean): string[] {
  return files.flatMap((f) => imports(f).filter(bad).map((s) => `${f} imports ${s}`));
}

describe('layering', () => {
  it('the renderer imports only the contract of the other layers, never main or electron', () => {
    const bad = violations(sources('renderer/src'), (s) => s === 'electron' || s.startsWith('node:') || s.startsWith('main/') || (s.startsWith('preload/') && !s.startsWith('preload/contract')));
    expect(bad).toEqual([]);
  });

  it('the contract imports nothing outside itself', () => {
    const bad = violations(sources('preload/contract'), (s) => !s.startsWith('preload/contract'));
    expect(bad).toEqual([]);
  });

  it('main services, transports, libvirt and consoles never import electron, so server.ts runs in plain Node', () => {
    const files = sources('main').filter((f) => !f.startsWith('main/electron/') && f !== 'main/index.ts');
    expect(files.length).toBeGreaterThan(10);
    expect(violations(files, (s) => s === 'electron' || s.startsWith('main/electron'))).toEqual([]);
  });

  it('only main/libvirt touches the native binding', () => {
    const all = [...sources('main'), ...sources('preload'), ...sources('renderer/src')];
    const bad = violations(all.filter((f) => !f.startsWith('main/libvirt/')), (s) => /\.node$|libvirt\/native|addon-loader/.test(s));
    expect(bad).toEqual([]);
  });

  it('file names are kebab-case', () => {
    const all = [...sources('main'), ...sources('preload'), ...sources('renderer/src')];
    expect(all.filter((f) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z]+)+$/.test(f.split('/').pop()!))).toEqual([]);
  });
});
