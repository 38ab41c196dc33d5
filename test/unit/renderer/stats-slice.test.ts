import { describe, expect, it } from 'vitest';
import { STATS_HISTORY, guestStatsColumns, type GuestStats, type StatsSample } from '../../../preload/contract';
import { createAppStore } from '../../../renderer/src/store';
import { guestStatsOf } from '../../../renderer/src/store/stats-slice';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const guest = (n: number, cpuPct: number): GuestStats => ({
  uuid: uuid(n), cpuPct, hostCpuPct: cpuPct / 2, memPct: 40, diskRdBps: 1, diskWrBps: 2, netRxBps: null, netTxBps: null,
});
const sample = (connectionId: string, guests: GuestStats[], at = 0): StatsSample => ({ connectionId, at, host: { cpuPct: 10, memPct: 20 }, guests: guestStatsColumns(guests) });

describe('stats in the store', () => {
  it('keeps the last STATS_HISTORY samples per guest, oldest first', () => {
    const store = createAppStore();
    for (let i = 0; i < STATS_HISTORY + 5; i++) store.getState().applyEvents([{ name: 'stats.sample', payload: sample('c1', [guest(1, i)]) }]);
    const e = guestStatsOf(store.getState(), { connectionId: 'c1', uuid: uuid(1) })!;
    expect(e.latest.cpuPct).toBe(STATS_HISTORY + 4);
    expect(e.history.cpu.length).toBe(STATS_HISTORY);
    expect(e.history.cpu.at(0)).toBe(5);
    expect(e.history.cpu.at(STATS_HISTORY - 1)).toBe(STATS_HISTORY + 4);
    expect(e.history.netRx.max()).toBe(0); // a switched-off group reads as zero in the graph
  });

  it('drops a guest that stopped, and leaves other connections alone', () => {
    const store = createAppStore();
    store.getState().applyEvents([
      { name: 'stats.sample', payload: sample('c1', [guest(1, 5), guest(2, 6)]) },
      { name: 'stats.sample', payload: sample('c2', [guest(1, 7)]) },
      { name: 'stats.sample', payload: sample('c1', [guest(2, 8)]) },
    ]);
    const { guestStats } = store.getState();
    expect(Object.fromEntries(Object.entries(guestStats).map(([c, m]) => [c, [...m.keys()]]))).toEqual({ c1: [uuid(2)], c2: [uuid(1)] });
    // Guest 2 kept its history through the sample that dropped guest 1.
    expect(guestStats.c1!.get(uuid(2))!.history.cpu.length).toBe(2);
    expect(store.getState().hostStats.c1!.history.cpu.length).toBe(2);
  });

  it('forgets the figures of a connection that disconnects or goes away', () => {
    const store = createAppStore();
    store.getState().applyEvents([
      { name: 'stats.sample', payload: sample('c1', [guest(1, 5)]) },
      { name: 'stats.sample', payload: sample('c2', [guest(1, 5)]) },
      { name: 'connections.changed', payload: { id: 'c1', uri: 'qemu:///system', label: 'x', saved: false, autoconnect: false, state: { kind: 'disconnected', reason: 'gone' } } },
      { name: 'connections.removed', payload: { connectionId: 'c2' } },
    ]);
    expect(store.getState().guestStats).toEqual({});
    expect(store.getState().hostStats).toEqual({});
  });
});

describe('stats samples on the wire', () => {
  it('go column-wise, with a whole column null when no guest has the figure, and convert back unchanged', async () => {
    const { guestStatsRows } = await import('../../../preload/contract');
    const rows: GuestStats[] = [
      { uuid: 'a', cpuPct: 1, hostCpuPct: 0.5, memPct: 40, diskRdBps: null, diskWrBps: null, netRxBps: 10, netTxBps: 0 },
      { uuid: 'b', cpuPct: 2, hostCpuPct: 1, memPct: null, diskRdBps: null, diskWrBps: null, netRxBps: 0, netTxBps: 5 },
    ];
    const cols = guestStatsColumns(rows);
    expect(cols).toEqual({ uuid: ['a', 'b'], cpuPct: [1, 2], hostCpuPct: [0.5, 1], memPct: [40, null], diskRdBps: null, diskWrBps: null, netRxBps: [10, 0], netTxBps: [0, 5] });
    expect(guestStatsRows(cols)).toEqual(rows);
    expect(guestStatsRows(guestStatsColumns([]))).toEqual([]);
  });
});
