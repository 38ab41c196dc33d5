import { STATS_HISTORY, guestStatsAt, type DomainRef, type GuestStats, type HostStats, type StatsSample, type StatsSettings } from '../../../preload/contract';
import type { SliceCreator } from './types';

/**
 * A fixed window of one series, oldest first, mutated in place. History is the
 * one deliberately mutable thing in the store: copying 120 samples of seven
 * series for every guest on every tick would cost more than the rest of the
 * UI. Entries around it are replaced on each sample, which is what triggers
 * renders; the series are read during those renders.
 */
export class Series {
  private readonly data = new Float32Array(STATS_HISTORY);
  private start = 0;
  private count = 0;

  push(value: number): void {
    this.data[(this.start + this.count) % STATS_HISTORY] = value;
    if (this.count < STATS_HISTORY) this.count++;
    else this.start = (this.start + 1) % STATS_HISTORY;
  }

  get length(): number {
    return this.count;
  }

  /** i = 0 is the oldest kept sample. */
  at(i: number): number {
    return this.data[(this.start + i) % STATS_HISTORY]!;
  }

  max(): number {
    let m = 0;
    for (let i = 0; i < this.count; i++) m = Math.max(m, this.at(i));
    return m;
  }
}

export interface GuestHistory {
  cpu: Series;
  hostCpu: Series;
  mem: Series;
  diskRd: Series;
  diskWr: Series;
  netRx: Series;
  netTx: Series;
}

export interface GuestStatsEntry {
  latest: GuestStats;
  history: GuestHistory;
}

export interface HostStatsEntry {
  latest: HostStats;
  history: { cpu: Series; mem: Series };
}

export interface StatsData {
  /**
   * Running guests with at least one sample: by connection, then by UUID. A
   * sample replaces its connection's map only, so a tick costs what that
   * host has, whatever the others have (see guestStatsOf).
   */
  guestStats: Readonly<Record<string, ReadonlyMap<string, GuestStatsEntry>>>;
  hostStats: Readonly<Record<string, HostStatsEntry>>;
  /** null until main said (stats.settings). */
  statsSettings: StatsSettings | null;
}

export interface StatsSlice extends StatsData {
  statsSettingsLoaded(settings: StatsSettings): void;
}

const newGuestHistory = (): GuestHistory => ({
  cpu: new Series(),
  hostCpu: new Series(),
  mem: new Series(),
  diskRd: new Series(),
  diskWr: new Series(),
  netRx: new Series(),
  netTx: new Series(),
});

/** One guest's figures and history, if it is running and has been sampled. */
export function guestStatsOf(s: StatsData, ref: DomainRef): GuestStatsEntry | undefined {
  return s.guestStats[ref.connectionId]?.get(ref.uuid);
}

/** A sample replaces the connection's guest entries: guests that stopped drop out with their history. */
export function applySample(s: StatsData, sample: StatsSample): StatsData {
  const before = s.guestStats[sample.connectionId];
  const c = sample.guests;
  const entries = new Map<string, GuestStatsEntry>();
  for (let i = 0; i < c.uuid.length; i++) {
    const g = guestStatsAt(c, i);
    const history = before?.get(g.uuid)?.history ?? newGuestHistory();
    history.cpu.push(g.cpuPct);
    history.hostCpu.push(g.hostCpuPct);
    history.mem.push(g.memPct ?? 0);
    history.diskRd.push(g.diskRdBps ?? 0);
    history.diskWr.push(g.diskWrBps ?? 0);
    history.netRx.push(g.netRxBps ?? 0);
    history.netTx.push(g.netTxBps ?? 0);
    // A new entry object: what tells a row's selector that its figures changed.
    entries.set(g.uuid, { latest: g, history });
  }
  const hostHistory = s.hostStats[sample.connectionId]?.history ?? { cpu: new Series(), mem: new Series() };
  hostHistory.cpu.push(sample.host.cpuPct);
  hostHistory.mem.push(sample.host.memPct ?? 0);
  return {
    ...s,
    guestStats: { ...s.guestStats, [sample.connectionId]: entries },
    hostStats: { ...s.hostStats, [sample.connectionId]: { latest: sample.host, history: hostHistory } },
  };
}

/** A connection that went away or disconnected takes its figures with it. */
export function dropConnectionStats(s: StatsData, connectionId: string): StatsData {
  if (!(connectionId in s.hostStats) && !(connectionId in s.guestStats)) return s;
  const { [connectionId]: _guests, ...guestStats } = s.guestStats;
  const { [connectionId]: _host, ...hostStats } = s.hostStats;
  return { ...s, guestStats, hostStats };
}

export const createStatsSlice: SliceCreator<StatsSlice> = (set) => ({
  guestStats: {},
  hostStats: {},
  statsSettings: null,
  statsSettingsLoaded: (settings) => set({ statsSettings: settings }),
});
