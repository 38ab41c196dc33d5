// Per-guest figures to the column-wise wire form of a stats sample and back.
import type { GuestStats, GuestStatsColumns, StatsColumn } from './types';

type OptionalFigure = 'memPct' | 'diskRdBps' | 'diskWrBps' | 'netRxBps' | 'netTxBps';

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

/** Guest i of a sample (field by field: the renderer calls this for every guest on every tick). */
export function guestStatsAt(c: GuestStatsColumns, i: number): GuestStats {
  return {
    uuid: c.uuid[i]!,
    cpuPct: c.cpuPct[i]!,
    hostCpuPct: c.hostCpuPct[i]!,
    memPct: c.memPct?.[i] ?? null,
    diskRdBps: c.diskRdBps?.[i] ?? null,
    diskWrBps: c.diskWrBps?.[i] ?? null,
    netRxBps: c.netRxBps?.[i] ?? null,
    netTxBps: c.netTxBps?.[i] ?? null,
  };
}

/** Every guest of a sample, in order. */
export function guestStatsRows(c: GuestStatsColumns): GuestStats[] {
  return c.uuid.map((_, i) => guestStatsAt(c, i));
}
