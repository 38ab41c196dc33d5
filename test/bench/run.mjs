#!/usr/bin/env node
// `npm run bench`: one JSON line per metric on stdout ({"metric","value","unit",...}),
// everything else on stderr. Speed and memory targets live here, not in timed tests.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const suites = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const file of suites) {
  const mod = await import(pathToFileURL(join(here, file)).href);
  try {
    for await (const line of mod.run()) process.stdout.write(`${JSON.stringify(line)}\n`);
  } catch (err) {
    failed++;
    process.stderr.write(`bench ${file} failed: ${err instanceof Error ? err.stack : err}\n`);
  }
}
process.exit(failed ? 1 : 0);
