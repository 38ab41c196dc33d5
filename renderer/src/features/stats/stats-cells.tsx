import { memo } from 'react';
import { useAppStore } from '../../store/use-app-store';
import type { StatsColumn } from './stats-columns';
import { formatPct, formatRate } from './format';
import { Sparkline } from './sparkline';

function Cell({ children, column }: { children?: React.ReactNode; column: StatsColumn }) {
  return (
    <div role="gridcell" className={`cell cell-stats cell-${column}`}>
      {children}
    </div>
  );
}

/** A guest's graph cells for the visible columns; empty while it is not running. */
export const GuestStatsCells = memo(function GuestStatsCells({ domainKey }: { domainKey: string }) {
  const columns = useAppStore((s) => s.statsColumns);
  const entry = useAppStore((s) => s.guestStats[domainKey]);
  return (
    <>
      {columns.map((column) => {
        if (!entry) return <Cell key={column} column={column} />;
        const { latest: g, history: h } = entry;
        switch (column) {
          case 'guestCpu':
            return (
              <Cell key={column} column={column}>
                <Sparkline series={[h.cpu]} max={100} label={`CPU ${formatPct(g.cpuPct)}`} />
                <span className="stats-figure">{formatPct(g.cpuPct)}</span>
              </Cell>
            );
          case 'hostCpu':
            return (
              <Cell key={column} column={column}>
                <Sparkline series={[h.hostCpu]} max={100} label={`Host CPU ${formatPct(g.hostCpuPct)}`} />
                <span className="stats-figure">{formatPct(g.hostCpuPct)}</span>
              </Cell>
            );
          case 'memory':
            return (
              <Cell key={column} column={column}>
                {g.memPct === null ? null : (
                  <>
                    <Sparkline series={[h.mem]} max={100} label={`Memory ${formatPct(g.memPct)}`} />
                    <span className="stats-figure">{formatPct(g.memPct)}</span>
                  </>
                )}
              </Cell>
            );
          case 'disk':
            return (
              <Cell key={column} column={column}>
                {g.diskRdBps === null ? null : (
                  <Sparkline series={[h.diskRd, h.diskWr]} label={`Disk read ${formatRate(g.diskRdBps)}, write ${formatRate(g.diskWrBps)}`} />
                )}
              </Cell>
            );
          case 'network':
            return (
              <Cell key={column} column={column}>
                {g.netRxBps === null ? null : (
                  <Sparkline series={[h.netRx, h.netTx]} label={`Network received ${formatRate(g.netRxBps)}, sent ${formatRate(g.netTxBps)}`} />
                )}
              </Cell>
            );
        }
      })}
    </>
  );
});

/** A connection's own CPU and memory in the CPU and memory columns. */
export const HostStatsCells = memo(function HostStatsCells({ connectionId }: { connectionId: string }) {
  const columns = useAppStore((s) => s.statsColumns);
  const entry = useAppStore((s) => s.hostStats[connectionId]);
  return (
    <>
      {columns.map((column) => {
        if (!entry || column === 'disk' || column === 'network') return <Cell key={column} column={column} />;
        const { latest, history } = entry;
        if (column === 'memory') {
          return (
            <Cell key={column} column={column}>
              {latest.memPct === null ? null : (
                <>
                  <Sparkline series={[history.mem]} max={100} label={`Host memory ${formatPct(latest.memPct)}`} />
                  <span className="stats-figure">{formatPct(latest.memPct)}</span>
                </>
              )}
            </Cell>
          );
        }
        return (
          <Cell key={column} column={column}>
            <Sparkline series={[history.cpu]} max={100} label={`Host CPU ${formatPct(latest.cpuPct)}`} />
            <span className="stats-figure">{formatPct(latest.cpuPct)}</span>
          </Cell>
        );
      })}
    </>
  );
});
