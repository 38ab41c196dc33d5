import { guestStatsColumns, type ConnectionInfo, type GuestStats, type HostStats, type StatsSample, type StatsSettings } from '../../preload/contract';
import { DEFAULT_STATS_SETTINGS } from '../../preload/contract';
import type { HypervisorConnection, NodeCpuTimes } from '../libvirt';
import type { ConnectionService } from '../services/connection-service';
import type { EventSink, Logger } from '../services/event-sink';
import { countersFromInfo, countersFromParams, guestRates, type GuestCounters } from './stats-math';

// virDomainStatsTypes
const STATS_STATE = 1;
const STATS_CPU_TOTAL = 2;
const STATS_BALLOON = 4;
const STATS_VCPU = 8;
const STATS_INTERFACE = 16;
const STATS_BLOCK = 32;

export interface StatsTimers {
  now(): number;
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: StatsTimers = {
  now: () => Date.now(),
  setTimeout: (cb, ms) => {
    const t = setTimeout(cb, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Samples one connection on its own timer chain: a slow host delays only its
 * own next tick (ticks never overlap), never another host's. One bulk
 * GetAllDomainStats per tick; drivers whose bulk stats carry no CPU time (the
 * test driver returns only the state) fall back to one GetInfo per running
 * guest, as virt-manager does.
 */
class ConnectionSampler {
  private timer: unknown = null;
  private stopped = false;
  private perGuest = false;
  private hostCpus = 1;
  private hostMemKiB = 0;
  private readonly previous = new Map<string, { at: number; counters: GuestCounters }>();
  private previousHostCpu: NodeCpuTimes | undefined;
  private hostCpuUnsupported = false;
  private hostMemUnsupported = false;

  constructor(
    private readonly connectionId: string,
    private readonly conn: HypervisorConnection,
    private readonly service: StatsService,
  ) {}

  start(): void {
    void this.conn
      .nodeSummary()
      .then((n) => {
        this.hostCpus = Math.max(1, n.cpus);
        this.hostMemKiB = n.memoryKiB;
      })
      .catch(() => undefined)
      .finally(() => this.tick());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.service.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** New settings: sample now rather than after the old interval (up to a minute). A tick in flight reschedules itself. */
  kick(): void {
    if (this.stopped || this.timer === null) return;
    this.service.timers.clearTimeout(this.timer);
    this.timer = this.service.timers.setTimeout(() => void this.tick(), 0);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    const startedAt = this.service.timers.now();
    try {
      const sample = await this.sample(startedAt);
      if (!this.stopped) this.service.publish(sample);
    } catch (err) {
      if (!this.stopped) this.service.log.warn(`stats of ${this.conn.uri}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.stopped) return;
    const intervalMs = this.service.settings.intervalSec * 1000;
    const elapsed = this.service.timers.now() - startedAt;
    this.timer = this.service.timers.setTimeout(() => void this.tick(), Math.max(0, intervalMs - elapsed));
  }

  private async sample(at: number): Promise<StatsSample> {
    const settings = this.service.settings;
    const [counters, hostCpu, hostMem] = await Promise.all([this.guestCounters(settings), this.hostCpuTimes(), this.hostMemPct()]);
    const guests: GuestStats[] = [];
    const seen = new Set<string>();
    for (const [uuid, now] of counters) {
      seen.add(uuid);
      const before = this.previous.get(uuid);
      this.previous.set(uuid, { at, counters: now });
      if (!before) continue; // a rate needs two samples
      const r = guestRates(before.counters, now, (at - before.at) / 1000, this.hostCpus);
      guests.push({
        uuid,
        cpuPct: round1(r.cpuPct),
        hostCpuPct: round1(r.hostCpuPct),
        memPct: settings.memory && r.memPct !== null ? round1(r.memPct) : null,
        diskRdBps: settings.disk && !this.perGuest ? Math.round(r.diskRdBps) : null,
        diskWrBps: settings.disk && !this.perGuest ? Math.round(r.diskWrBps) : null,
        netRxBps: settings.network && !this.perGuest ? Math.round(r.netRxBps) : null,
        netTxBps: settings.network && !this.perGuest ? Math.round(r.netTxBps) : null,
      });
    }
    // Guests that stopped: their counters restart from zero when they run again.
    for (const uuid of this.previous.keys()) if (!seen.has(uuid)) this.previous.delete(uuid);

    let cpuPct: number;
    if (hostCpu && this.previousHostCpu) {
      const busy = hostCpu.busyNs - this.previousHostCpu.busyNs;
      const total = hostCpu.totalNs - this.previousHostCpu.totalNs;
      cpuPct = total > 0 ? Math.min(100, Math.max(0, (busy / total) * 100)) : 0;
    } else {
      // No host counters (or the first tick): what its guests use of it.
      cpuPct = Math.min(100, guests.reduce((sum, g) => sum + g.hostCpuPct, 0));
    }
    if (hostCpu) this.previousHostCpu = hostCpu;
    let memPct = hostMem;
    if (memPct === null && this.hostMemKiB > 0) {
      // virt-manager's fallback: the memory the running guests have, of the host's.
      let used = 0;
      for (const c of counters.values()) used += c.memCurrentKiB;
      memPct = Math.min(100, (used / this.hostMemKiB) * 100);
    }
    const host: HostStats = { cpuPct: round1(cpuPct), memPct: memPct === null ? null : round1(memPct) };
    return { connectionId: this.connectionId, at, host, guests: guestStatsColumns(guests) };
  }

  private async guestCounters(settings: StatsSettings): Promise<Map<string, GuestCounters>> {
    const out = new Map<string, GuestCounters>();
    if (!this.perGuest) {
      let mask = STATS_STATE | STATS_CPU_TOTAL | STATS_VCPU | STATS_BALLOON;
      if (settings.disk) mask |= STATS_BLOCK;
      if (settings.network) mask |= STATS_INTERFACE;
      try {
        const records = await this.conn.allDomainStats(mask);
        let withCpu = 0;
        for (const r of records) {
          const c = countersFromParams(r.params);
          if (c) {
            out.set(r.uuid, c);
            withCpu++;
          }
        }
        if (records.length === 0 || withCpu > 0) return out;
      } catch (err) {
        this.service.log.info(`${this.conn.uri} has no bulk stats (${err instanceof Error ? err.message : String(err)}); asking each guest`);
      }
      this.perGuest = true;
    }
    const running = this.service.runningGuests(this.connectionId);
    if (running.length === 0) return out;
    const infos = await this.conn.domainCounters(running);
    infos.forEach((info, i) => {
      if (info) out.set(running[i]!, countersFromInfo(info));
    });
    return out;
  }

  private async hostCpuTimes(): Promise<NodeCpuTimes | undefined> {
    if (this.hostCpuUnsupported) return undefined;
    try {
      return await this.conn.nodeCpuTimes();
    } catch {
      this.hostCpuUnsupported = true;
      return undefined;
    }
  }

  private async hostMemPct(): Promise<number | null> {
    if (this.hostMemUnsupported) return null;
    try {
      const m = await this.conn.nodeMemory();
      return m.totalKiB > 0 ? Math.min(100, Math.max(0, ((m.totalKiB - m.availableKiB) / m.totalKiB) * 100)) : null;
    } catch {
      this.hostMemUnsupported = true;
      return null;
    }
  }
}

export interface SettingsPersistence {
  load(): StatsSettings | undefined;
  save(settings: StatsSettings): void;
}

/**
 * Live statistics of every connected host, published as 'stats.sample'
 * events. History (STATS_HISTORY samples) is the renderer's: main keeps only
 * the previous counters it needs for rates.
 */
export class StatsService {
  private readonly samplers = new Map<string, { conn: HypervisorConnection; sampler: ConnectionSampler }>();
  private current: StatsSettings;
  private readonly unsubscribe: () => void;
  readonly timers: StatsTimers;

  constructor(
    private readonly connections: ConnectionService,
    private readonly sink: EventSink,
    readonly log: Logger,
    private readonly persistence?: SettingsPersistence,
    timers: StatsTimers = realTimers,
  ) {
    this.timers = timers;
    this.current = persistence?.load() ?? DEFAULT_STATS_SETTINGS;
    this.unsubscribe = connections.onStateChange((info) => this.follow(info));
    for (const info of connections.list()) this.follow(info);
  }

  get settings(): StatsSettings {
    return this.current;
  }

  configure(settings: StatsSettings): StatsSettings {
    this.current = { ...settings };
    try {
      this.persistence?.save(this.current);
    } catch (err) {
      this.log.error(`could not save the stats settings: ${String(err)}`);
    }
    for (const { sampler } of this.samplers.values()) sampler.kick();
    return this.current;
  }

  publish(sample: StatsSample): void {
    this.sink.emit('stats.sample', sample);
  }

  runningGuests(connectionId: string): string[] {
    return this.connections
      .domains(connectionId)
      .filter((d) => d.id !== null)
      .map((d) => d.uuid);
  }

  stop(): void {
    this.unsubscribe();
    for (const { sampler } of this.samplers.values()) sampler.stop();
    this.samplers.clear();
  }

  private follow(info: ConnectionInfo): void {
    const running = this.samplers.get(info.id);
    if (info.state.kind !== 'connected') {
      running?.sampler.stop();
      this.samplers.delete(info.id);
      return;
    }
    let conn: HypervisorConnection;
    try {
      conn = this.connections.connection(info.id);
    } catch {
      return;
    }
    if (running?.conn === conn) return;
    running?.sampler.stop();
    const sampler = new ConnectionSampler(info.id, conn, this);
    this.samplers.set(info.id, { conn, sampler });
    sampler.start();
  }
}
