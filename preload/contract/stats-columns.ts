// Per-guest figures to the column-wise wire form of a stats sample and back.
import type { GuestStats, GuestStatsColumns, StatsColumn } from './types';

type OptionalFigure = 'memPct' | 'diskRdBps' | 'diskWrBps' | 'netRxBps' | 'netTxBps';
const OPTIONAL: readonly OptionalFigure[] = ['memPct', 'diskRdBps', 'diskWrBps', 'netRxBps', 'netTxBps'];

export function guestStatsColumns(rows: readonly GuestStats[]): GuestStatsColumns {
  const column = (k: OptionalFigure): StatsColumn => (rows.some((g) => g[k] !== null) ? rows.map((g) => g[k]) : null);
  return {
    uuid: rows.map((g) => g.uuid),
    cpuPct: rows.map((g) => g.cpuPct),
    hostCpuPct: rows.map((g) => g.hostCpuPct),
    memPct: column('memPct'),
    diskRdBps: column('diskRdBps'),
    diskWrBps: column('diskWrBps'),
    netRxBps: column('netRxBps'),
    netTxBps: column('netTxBps'),
  };
}

/** Guest i of a sample. */
export function guestStatsAt(c: GuestStatsColumns, i: number): GuestStats {
  const g: GuestStats = { uuid: c.uuid[i]!, cpuPct: c.cpuPct[i]!, hostCpuPct: c.hostCpuPct[i]!, memPct: null, diskRdBps: null, diskWrBps: null, netRxBps: null, netTxBps: null };
  for (const k of OPTIONAL) g[k] = c[k]?.[i] ?? null;
  return g;
}

/** Every guest of a sample, in order. */
export function guestStatsRows(c: GuestStatsColumns): GuestStats[] {
  return c.uuid.map((_, i) => guestStatsAt(c, i));
}
