import { describe, expect, it } from 'vitest';
import { guestStatsColumns, type DomainSummary, type StatsSample } from '../../../preload/contract';
import { createAppStore } from '../../../renderer/src/store';
import { selectGrid } from '../../../renderer/src/store/list-slice';
import { sortKeys } from '../../../renderer/src/store/list-model';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const dom = (n: number, name: string, state: DomainSummary['state'] = 'running'): DomainSummary => ({
  connectionId: 'c1', uuid: uuid(n), name, title: '', id: state === 'running' ? n : null, state, persistent: true,
  description: '', tags: [], metadataLoaded: true,
});

describe('sorting the list', () => {
  it('sorts by a value, nulls last both ways, ties in the given order', () => {
    const domains = { a: dom(1, 'a'), b: dom(2, 'b'), c: dom(3, 'c'), d: dom(4, 'd') };
    const v: Record<string, number | null> = { a: 5, b: null, c: 9, d: 5 };
    const sort = (descending: boolean) => sortKeys(['a', 'b', 'c', 'd'], domains, { column: 'x', descending, value: (k) => v[k]! });
    expect(sort(false)).toEqual(['a', 'd', 'c', 'b']);
    expect(sort(true)).toEqual(['c', 'a', 'd', 'b']);
  });

  it('a header click sorts figures busiest first, then the other way, then back to name order; samples re-sort', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().applyEvents([
      { name: 'snapshot.connections', payload: [{ id: 'c1', uri: 'qemu:///system', label: 'x', saved: false, autoconnect: false, state: { kind: 'connected', hostname: 'h', libvirtVersion: '9' } }] },
      { name: 'domains.listed', payload: { connectionId: 'c1', domains: [dom(1, 'alpha'), dom(2, 'beta'), dom(3, 'gamma', 'shutoff')] } },
    ]);
    const sample = (a: number, b: number): StatsSample => ({
      connectionId: 'c1', at: 0, host: { cpuPct: 1, memPct: 1 },
      guests: guestStatsColumns([
        { uuid: uuid(1), cpuPct: a, hostCpuPct: a, memPct: 1, diskRdBps: 0, diskWrBps: 0, netRxBps: 0, netTxBps: 0 },
        { uuid: uuid(2), cpuPct: b, hostCpuPct: b, memPct: 1, diskRdBps: 0, diskWrBps: 0, netRxBps: 0, netTxBps: 0 },
      ]),
    });
    s().applyEvents([{ name: 'stats.sample', payload: sample(10, 50) }]);
    const names = () => selectGrid(s()).visibleKeys.map((k) => s().domains[k]!.name);
    s().sortBy('guestCpu');
    expect(names()).toEqual(['beta', 'alpha', 'gamma']);
    s().applyEvents([{ name: 'stats.sample', payload: sample(80, 50) }]);
    expect(names()).toEqual(['alpha', 'beta', 'gamma']);
    s().sortBy('guestCpu');
    expect(s().sort).toEqual({ column: 'guestCpu', descending: false });
    expect(names()).toEqual(['beta', 'alpha', 'gamma']); // the guest without figures stays last
    s().sortBy('guestCpu');
    expect(s().sort).toBeNull();
    s().sortBy('name');
    s().sortBy('name');
    expect(names()).toEqual(['gamma', 'beta', 'alpha']);
  });
});
