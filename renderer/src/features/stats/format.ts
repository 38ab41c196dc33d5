/** "12.3 %" */
export function formatPct(pct: number | null): string {
  return pct === null ? 'not reported' : `${pct.toFixed(pct >= 10 ? 0 : 1)} %`;
}

const RATE_UNITS = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s'];

/** Bytes per second in binary units, as virt-manager shows them: "0 B/s", "1.5 KiB/s". */
export function formatRate(bps: number | null): string {
  if (bps === null) return 'not sampled';
  let v = bps;
  let unit = 0;
  while (v >= 1024 && unit < RATE_UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  return `${unit === 0 ? Math.round(v) : v.toFixed(v >= 100 ? 0 : 1)} ${RATE_UNITS[unit]}`;
}
