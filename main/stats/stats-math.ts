// virt-manager's formulas (FEATURES.md §7.3), from two consecutive samples.

/** The raw counters we keep from one bulk-stats record (or a per-guest fallback). */
export interface GuestCounters {
  /** Total CPU time, ns (cpu.time). */
  cpuTimeNs: number;
  /** vcpu.current (at least 1). */
  vcpus: number;
  /** balloon.current, KiB (what the guest has). */
  memCurrentKiB: number;
  /** balloon.unused, KiB, when the guest reports it (virtio balloon with stats). */
  memUnusedKiB?: number;
  /** balloon.rss, KiB: what the guest's process holds on the host (QEMU). */
  memRssKiB?: number;
  /** balloon.maximum, KiB. */
  memMaxKiB?: number;
  /** Sums over block.N.{rd,wr}.bytes and net.N.{rx,tx}.bytes. */
  diskRdBytes: number;
  diskWrBytes: number;
  netRxBytes: number;
  netTxBytes: number;
}

export interface GuestRates {
  /** Guest CPU %: of its own vCPUs (0–100). */
  cpuPct: number;
  /** Host CPU %: of all host CPUs (0–100). */
  hostCpuPct: number;
  /**
   * Memory in use %: the guest's own view (current − unused) when its balloon
   * reports it; else what its process touched on the host (RSS, as Cockpit
   * shows); else current of maximum (virt-manager's fallback); null when none is known.
   */
  memPct: number | null;
  diskRdBps: number;
  diskWrBps: number;
  netRxBps: number;
  netTxBps: number;
}

const clampPct = (x: number) => (Number.isFinite(x) ? Math.min(100, Math.max(0, x)) : 0);
/** A counter that went backwards (guest restarted, device removed) reads as zero, not negative. */
const rate = (now: number, before: number, seconds: number) => (now >= before && seconds > 0 ? (now - before) / seconds : 0);

/** Our record keys: 'cpu.time' → number etc.; reads what a bulk-stats record carries. */
export function countersFromParams(params: Readonly<Record<string, unknown>>): GuestCounters | undefined {
  const num = (k: string): number | undefined => {
    const v = params[k];
    return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
  };
  const cpuTimeNs = num('cpu.time');
  if (cpuTimeNs === undefined) return undefined; // driver without bulk CPU stats: caller falls back
  const sum = (prefix: string, countKey: string, suffix: string) => {
    let total = 0;
    const n = num(countKey) ?? 0;
    for (let i = 0; i < n; i++) total += num(`${prefix}.${i}.${suffix}`) ?? 0;
    return total;
  };
  const counters: GuestCounters = {
    cpuTimeNs,
    vcpus: Math.max(1, num('vcpu.current') ?? 1),
    memCurrentKiB: num('balloon.current') ?? 0,
    diskRdBytes: sum('block', 'block.count', 'rd.bytes'),
    diskWrBytes: sum('block', 'block.count', 'wr.bytes'),
    netRxBytes: sum('net', 'net.count', 'rx.bytes'),
    netTxBytes: sum('net', 'net.count', 'tx.bytes'),
  };
  const unused = num('balloon.unused');
  if (unused !== undefined) counters.memUnusedKiB = unused;
  const rss = num('balloon.rss');
  if (rss !== undefined) counters.memRssKiB = rss;
  const max = num('balloon.maximum');
  if (max !== undefined) counters.memMaxKiB = max;
  return counters;
}

/** The counters of a driver without bulk stats (virDomainGetInfo): no disk or network figures. */
export function countersFromInfo(info: { cpuTimeNs: number; vcpus: number; memoryKiB: number; maxMemKiB: number }): GuestCounters {
  return {
    cpuTimeNs: info.cpuTimeNs,
    vcpus: Math.max(1, info.vcpus),
    memCurrentKiB: info.memoryKiB,
    memMaxKiB: info.maxMemKiB,
    diskRdBytes: 0,
    diskWrBytes: 0,
    netRxBytes: 0,
    netTxBytes: 0,
  };
}

export function memoryPct(c: GuestCounters): number | null {
  if (c.memCurrentKiB <= 0) return null;
  if (c.memUnusedKiB !== undefined) return clampPct(((c.memCurrentKiB - c.memUnusedKiB) / c.memCurrentKiB) * 100);
  if (c.memRssKiB !== undefined) return clampPct((c.memRssKiB / c.memCurrentKiB) * 100);
  if (c.memMaxKiB !== undefined && c.memMaxKiB > 0) return clampPct((c.memCurrentKiB / c.memMaxKiB) * 100);
  return null;
}

export function guestRates(before: GuestCounters, now: GuestCounters, seconds: number, hostCpus: number): GuestRates {
  const cpuNsPerSec = rate(now.cpuTimeNs, before.cpuTimeNs, seconds);
  return {
    cpuPct: clampPct((cpuNsPerSec / 1e9 / now.vcpus) * 100),
    hostCpuPct: clampPct((cpuNsPerSec / 1e9 / Math.max(1, hostCpus)) * 100),
    memPct: memoryPct(now),
    diskRdBps: rate(now.diskRdBytes, before.diskRdBytes, seconds),
    diskWrBps: rate(now.diskWrBytes, before.diskWrBytes, seconds),
    netRxBps: rate(now.netRxBytes, before.netRxBytes, seconds),
    netTxBps: rate(now.netTxBytes, before.netTxBytes, seconds),
  };
}

/** A fixed-size history of one series; the oldest sample falls off. */
export class RingBuffer {
  private readonly data: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.data = new Float64Array(capacity);
  }

  push(value: number): void {
    this.data[(this.start + this.count) % this.capacity] = value;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Oldest first. */
  toArray(): number[] {
    const out = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.data[(this.start + i) % this.capacity]!;
    return out;
  }

  get length(): number {
    return this.count;
  }
}
