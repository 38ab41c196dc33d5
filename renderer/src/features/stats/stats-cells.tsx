import { memo } from 'react';
import { useAppStore } from '../../store/use-app-store';
import type { StatsColumn } from './stats-columns';
import { formatPct, formatRate } from './format';
import { Sparkline } from './sparkline';

/** One graph cell's content for a guest; nothing while it is not running. */
export const GuestStatCell = memo(function GuestStatCell({ connectionId, uuid, column }: { connectionId: string; uuid: string; column: StatsColumn }) {
  const entry = useAppStore((s) => s.guestStats[connectionId]?.get(uuid));
  if (!entry) return null;
  const { latest: g, history: h } = entry;
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
});

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
  return (
    <span className="host-stats">
      <Figure series={history.cpu} pct={latest.cpuPct} what="Host CPU" />
      {latest.memPct === null ? null : <Figure series={history.mem} pct={latest.memPct} what="Host memory" />}
    </span>
  );
});
