#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it. Prepares what the real tests need
// (native binding, tiny guest, a running libvirtd), runs type-check, unit,
// integration and end-to-end tests, and closes with "N passed, N failed"
// counted from the runners' own JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`
const wants = (suite) => only.length === 0 || only.includes(suite);

const tally = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(cmd, args, opts = {}) {
  process.stdout.write(`\n$ ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts, env: { ...process.env, ...opts.env } });
  return r.status === 0;
}

/** A check (type-check) counts either way; a setup step counts only when it fails. */
function step(name, ok, { check = false } = {}) {
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (!ok) tally.failed++;
  else if (check) tally.passed++;
}

function countVitest(file, name) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    tally.passed += r.numPassedTests;
    // A file that fails to load fails no single test but must still count.
    const broken = r.success === false && r.numFailedTests === 0 ? Math.max(1, r.numFailedTestSuites) : 0;
    tally.failed += r.numFailedTests + broken;
    tally.skipped += r.numPendingTests + r.numTodoTests;
    lines.push(`${r.success ? 'ok  ' : 'FAIL'} ${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
    // CI keeps only the tail of the log, so name each failure next to the tally.
    for (const suite of r.testResults ?? []) {
      const where = relative(root, suite.name);
      if (suite.status === 'failed' && !suite.assertionResults?.some((t) => t.status === 'failed')) {
        lines.push(`       ✗ ${where}: ${firstLine(suite.message)}`);
      }
      for (const t of suite.assertionResults ?? []) {
        if (t.status === 'failed') lines.push(`       ✗ ${where} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
      }
    }
  } catch {
    step(`${name} (no report: the runner did not finish)`, false);
  }
}

function firstLine(text) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  return (plain.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 300);
}

/** Titles of the unexpected results in Playwright's nested JSON suites. */
function playwrightFailures(suites, titles) {
  const out = [];
  for (const suite of suites) {
    const path = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const error = test.results?.at(-1)?.error?.message;
        out.push(`${[...path, spec.title].join(' › ')}: ${firstLine(error)}`);
      }
    }
    out.push(...playwrightFailures(suite.suites ?? [], path));
  }
  return out;
}

function countPlaywright(file) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const s = report.stats;
    tally.passed += s.expected + s.flaky;
    tally.failed += s.unexpected;
    tally.skipped += s.skipped;
    lines.push(`${s.unexpected === 0 ? 'ok  ' : 'FAIL'} e2e: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
    for (const failed of playwrightFailures(report.suites ?? [], [])) lines.push(`       ✗ ${failed}`);
  } catch {
    step('e2e (no report: the runner did not finish)', false);
  }
}

const addon = join(root, 'main/libvirt/native/build/Release/virtdesk_libvirt.node');
if (!existsSync(addon)) step('native build', run('npm', ['run', 'build:native']));

let startedDaemon = false;
const needsSystem = wants('integration') || wants('e2e');
if (needsSystem) {
  step('tiny guest build', run('bash', ['test/guest/build.sh']));
  const up = spawnSync('virsh', ['-c', 'qemu:///system', 'uri'], { stdio: 'ignore' }).status === 0;
  if (!up) {
    startedDaemon = run('bash', ['scripts/libvirtd.sh', 'start']);
    step('libvirtd start', startedDaemon);
  }
}

try {
  if (wants('typecheck')) step('type-check', run('npm', ['run', '--silent', 'typecheck']), { check: true });
  if (wants('unit')) {
    run('npx', ['vitest', 'run', '--config', 'vitest.config.mts', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'unit.json')}`]);
    countVitest(join(reports, 'unit.json'), 'unit');
  }
  if (wants('integration')) {
    run('npx', ['vitest', 'run', '--config', 'vitest.config.mts', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'integration.json')}`]);
    countVitest(join(reports, 'integration.json'), 'integration');
  }
  if (wants('e2e')) {
    if (run('npm', ['run', '--silent', 'build'])) {
      run('npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts'], {
        env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'e2e.json') },
      });
      countPlaywright(join(reports, 'e2e.json'));
    } else step('build for e2e', false);
  }
} finally {
  if (startedDaemon) run('bash', ['scripts/libvirtd.sh', 'stop']);
}

process.stdout.write(`\n${lines.join('\n')}\n`);
if (tally.skipped) process.stdout.write(`(${tally.skipped} skipped: see the reports above for why)\n`);
process.stdout.write(`${tally.passed} passed, ${tally.failed} failed\n`);
process.exit(tally.failed === 0 ? 0 : 1);
