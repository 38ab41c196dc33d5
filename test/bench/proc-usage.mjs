// CPU time and PSS of a process tree, from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function children(pid) {
  const kids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return kids;
}

export function processTree(roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop();
    if (seen.has(pid)) continue;
    seen.add(pid);
    stack.push(...children(pid));
  }
  return [...seen];
}

/** utime + stime of the tree's live processes, in seconds. */
export function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** Sum of proportional set sizes, in MB. */
export function pssMb(pids) {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

/**
 * What a process is, for the memory breakdown: our server, or Chromium's
 * role for it (--type, the utility's service, the page renderer vs Chromium's
 * own UI renderer, which an Electron window would not have).
 */
export function processRole(pid) {
  try {
    // Chromium rewrites its argv into one space-separated string (setproctitle).
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    if (/server\.js( |$)/.test(cmd)) return 'server';
    const type = /--type=(\S+)/.exec(cmd)?.[1];
    if (!type) return 'browser';
    if (type === 'utility') return `utility:${/--utility-sub-type=([^.\s]+)/.exec(cmd)?.[1] ?? '?'}`;
    if (type === 'renderer' && cmd.includes('--top-chrome-webui')) return 'renderer:chromium-ui';
    return type;
  } catch {
    return 'gone';
  }
}

/** `value(pid)` by processRole, rounded to 0.1 (renderers each apart: the page's is the largest). */
function byRole(pids, value) {
  const out = {};
  for (const pid of pids) {
    const role = processRole(pid);
    let key = role;
    for (let i = 2; key in out; i++) key = `${role}#${i}`;
    out[key] = Math.round(value(pid) * 10) / 10;
  }
  return out;
}

/** PSS in MB by processRole. */
export function pssByRole(pids) {
  return byRole(pids, (pid) => pssMb([pid]));
}

/**
 * Measures the CPU `pids()` use over `seconds`, as % of one core: in all,
 * and by processRole (processes there at both ends).
 */
export async function cpuPctOver(pids, seconds) {
  const before = new Map(pids().map((pid) => [pid, cpuSeconds([pid])]));
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  const after = pids();
  const pct = (pid) => ((cpuSeconds([pid]) - (before.get(pid) ?? 0)) / elapsed) * 100;
  const total = after.reduce((sum, pid) => sum + pct(pid), 0);
  return { total, byProcess: byRole(after.filter((pid) => before.has(pid)), pct) };
}
