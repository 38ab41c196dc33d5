// The manager window with many guests: launch, idle cost, memory, event latency.
// Browser mode (the Electron binary is not available everywhere); all our
// processes are counted: the server and every Chromium process.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { cpuSeconds, processTree, pssMb } from './proc-usage.mjs';
import { hostFile, ROOT, round } from './support.mjs';

const SIZES = (process.env.VIRTDESK_BENCH_SIZES ?? '10,100,1000').split(',').map(Number);
const IDLE_SECONDS = Number(process.env.VIRTDESK_BENCH_IDLE_SECONDS ?? 30);

function launchServer(uri) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'out/main/server.js'), '--connect', uri], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'vd-bench-config-')) },
  });
  const url = new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /serving at (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  return { child, t0, url };
}

async function browser() {
  return chromium.launch({
    executablePath: process.env.VIRTDESK_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
  });
}

const rows = (page) => page.locator('[role="treegrid"] [role="row"][aria-level="2"]');

/** Rows counted by the grid itself when it virtualizes (aria-rowcount), else in the DOM. */
async function renderedRows(page) {
  return page.evaluate(() => {
    const grid = document.querySelector('[role="treegrid"]');
    const declared = Number(grid?.getAttribute('aria-rowcount'));
    const inDom = document.querySelectorAll('[role="treegrid"] [role="row"][aria-level="2"]').length;
    return Number.isFinite(declared) && declared > 0 ? Math.max(declared - 1, inDom) : inDom;
  });
}

export async function* run() {
  const b = await browser();
  try {
    for (const n of SIZES) {
      const uri = `test://${hostFile(n)}`;
      const server = launchServer(uri);
      try {
        const page = await b.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(await server.url);
        await page.waitForFunction((want) => {
          const grid = document.querySelector('[role="treegrid"]');
          const declared = Number(grid?.getAttribute('aria-rowcount'));
          const inDom = document.querySelectorAll('[role="treegrid"] [role="row"][aria-level="2"]').length;
          return (Number.isFinite(declared) && declared - 1 >= want) || inDom >= want;
        }, n, { timeout: 60_000, polling: 'raf' });
        const launchMs = performance.now() - server.t0;
        yield { metric: 'launch_to_rows_ms', value: round(launchMs, 0), unit: 'ms', guests: n, rows: await renderedRows(page), ...(n === 1000 ? { target: '<= 900' } : {}) };

        if (n === Math.max(...SIZES)) {
          // Everything this bench started: the server and every Chromium process (not the bench itself).
          const pids = () => processTree([process.pid]).filter((p) => p !== process.pid);
          const c0 = cpuSeconds(pids());
          const t0 = performance.now();
          await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
          const pct = ((cpuSeconds(pids()) - c0) / ((performance.now() - t0) / 1000)) * 100;
          yield { metric: 'idle_cpu_pct', value: round(pct, 2), unit: '% of one core', guests: n, seconds: IDLE_SECONDS, ...(n === 1000 ? { target: '<= 3' } : {}) };
          yield { metric: 'memory_pss_mb', value: round(pssMb(pids()), 1), unit: 'MB', guests: n, processes: pids().length, ...(n === 1000 ? { target: '<= 220' } : {}) };
        }
        await page.close();
      } finally {
        server.child.kill('SIGTERM');
      }
    }
  } finally {
    await b.close();
  }
}
