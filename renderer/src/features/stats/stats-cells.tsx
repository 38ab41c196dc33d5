import { memo } from 'react';
import type { GuestStatsEntry } from '../../store/stats-slice';
import { useAppStore } from '../../store/use-app-store';
import type { StatsColumn } from './stats-columns';
import { formatPct, formatRate } from './format';
import { Sparkline } from './sparkline';

/**
 * One graph cell's content for a guest; nothing while it is not running. In
 * a box placed absolutely in the cell, sized by it and contained: a layout
 * boundary, so the graph changing every second lays out this box alone, not
 * the row's grid (see .stat-box).
 */
export const GuestStatCell = memo(function GuestStatCell({ connectionId, uuid, column }: { connectionId: string; uuid: string; column: StatsColumn }) {
  const entry = useAppStore((s) => s.guestStats[connectionId]?.get(uuid));
  if (!entry) return null;
  const content = statContent(entry, column);
  return content === null ? null : <span className="stat-box">{content}</span>;
});

function statContent({ latest: g, history: h }: GuestStatsEntry, column: StatsColumn) {
  switch (column) {
    case 'guestCpu':
      return <Figure series={h.cpu} pct={g.cpuPct} what="CPU" />;
    case 'hostCpu':
      return <Figure series={h.hostCpu} pct={g.hostCpuPct} what="Host CPU" />;
    case 'memory':
      return g.memPct === null ? null : <Figure series={h.mem} pct={g.memPct} what="Memory" />;
    case 'disk':
      return g.diskRdBps === null ? null : (
        <Sparkline series={[h.diskRd, h.diskWr]} label={`Disk read ${formatRate(g.diskRdBps)}, write ${formatRate(g.diskWrBps)}`} />
      );
    case 'network':
      return g.netRxBps === null ? null : (
        <Sparkline series={[h.netRx, h.netTx]} label={`Network received ${formatRate(g.netRxBps)}, sent ${formatRate(g.netTxBps)}`} />
      );
  }
}

function Figure({ series, pct, what }: { series: Parameters<typeof Sparkline>[0]['series'][number]; pct: number; what: string }) {
  return (
    <>
      <Sparkline series={[series]} max={100} label={`${what} ${formatPct(pct)}`} />
      <span className="stats-figure" aria-hidden="true">
        {formatPct(pct)}
      </span>
    </>
  );
}

/** A connection's own CPU and memory use, on its row. */
export const HostStatsSummary = memo(function HostStatsSummary({ connectionId }: { connectionId: string }) {
  const entry = useAppStore((s) => s.hostStats[connectionId]);
  if (!entry) return null;
  const { latest, history } = entry;
  // The inner box is absolutely placed in a fixed-size outer one: a layout
  // boundary, so the graphs changing every second lay out this box alone
  // (a flex item cannot be one; without it, every tick laid out the page).
  return (
    <span className="host-stats">
      <span className="host-stats-inner">
        <Figure series={history.cpu} pct={latest.cpuPct} what="Host CPU" />
        {latest.memPct === null ? null : <Figure series={history.mem} pct={latest.memPct} what="Host memory" />}
      </span>
    </span>
  );
});
