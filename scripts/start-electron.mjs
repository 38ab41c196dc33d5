#!/usr/bin/env node
// `npm start`: launches the built app in Electron. Finds the binary the way the
// `electron` package does (ELECTRON_OVERRIDE_DIST_PATH, else its dist/), but never
// tries to download it: when it is missing we say so and point to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'node_modules', 'electron');
let exe = 'electron';
try {
  exe = readFileSync(join(pkgDir, 'path.txt'), 'utf8').trim() || exe;
} catch {
  /* binary never installed: path.txt is written by its download */
}
const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
  ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, exe)
  : join(pkgDir, 'dist', exe);

if (!existsSync(binary)) {
  console.error(
    `The Electron binary is not installed (looked for ${binary}), so the desktop window cannot open here; run \`npm run web\` to use Virtdesk in a browser instead.`,
  );
  process.exit(1);
}

// Build only once we know there is something to run it in.
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const child = spawn(binary, [join(root, 'out', 'main', 'index.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
