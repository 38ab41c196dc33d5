import { describe, expect, it } from 'vitest';
import { guestStatsRows, type StatsSample } from '../../../preload/contract';
import { ConnectionService } from '../../../main/services/connection-service';
import { silentLogger } from '../../../main/services/event-sink';
import { StatsService, type StatsTimers } from '../../../main/stats/stats-service';
import { FakeConnection, FakeHypervisor, RecordingSink, domainInfo, flush } from '../fakes/fake-hypervisor';

/** Timers the test advances by hand: one pending tick per connection. */
class ManualTimers implements StatsTimers {
  t = 1_000_000;
  pending: { at: number; cb: () => void }[] = [];
  now = () => this.t;
  setTimeout = (cb: () => void, ms: number) => {
    const entry = { at: this.t + ms, cb };
    this.pending.push(entry);
    return entry;
  };
  clearTimeout = (h: unknown) => {
    this.pending = this.pending.filter((p) => p !== h);
  };
  async advance(ms: number) {
    this.t += ms;
    const due = this.pending.filter((p) => p.at <= this.t);
    this.pending = this.pending.filter((p) => p.at > this.t);
    for (const p of due) p.cb();
    for (let i = 0; i < 5; i++) await flush();
  }
}

const web = domainInfo('web', 1, 1);
const db = domainInfo('db', 2, 1);
const off = domainInfo('off', 3, 5);

async function setup(configure: (c: FakeConnection) => void) {
  const hv = new FakeHypervisor();
  hv.hosts.set('qemu:///system', () => {
    const c = new FakeConnection('qemu:///system', [web, db, off]);
    configure(c);
    return c;
  });
  const sink = new RecordingSink();
  const conns = new ConnectionService(hv, sink, silentLogger);
  const timers = new ManualTimers();
  const stats = new StatsService(conns, sink, silentLogger, undefined, timers);
  await conns.open('qemu:///system');
  for (let i = 0; i < 5; i++) await flush();
  const samples = () => sink.named('stats.sample') as StatsSample[];
  return { hv, conn: hv.opened[0]!, stats, timers, samples, conns };
}

const bulk = (cpuNs: number, rd: number, rx: number) => ({
  'state.state': 1,
  'cpu.time': cpuNs,
  'vcpu.current': 2,
  'balloon.current': 1_000_000,
  'balloon.unused': 250_000,
  'block.count': 1,
  'block.0.rd.bytes': rd,
  'block.0.wr.bytes': 0,
  'net.count': 1,
  'net.0.rx.bytes': rx,
  'net.0.tx.bytes': 0,
});

describe('StatsService', () => {
  it('turns two bulk samples into rates by the formulas of virt-manager', async () => {
    const { conn, timers, samples } = await setup((c) => {
      c.stats.set(web.uuid, bulk(0, 0, 0));
      c.nodeCpu = { busyNs: 0, totalNs: 0 };
      c.nodeMem = { totalKiB: 8_000_000, availableKiB: 6_000_000 };
    });
    // First tick: counters only, no rates yet.
    expect(samples()[0]!.guests.uuid).toEqual([]);
    conn.stats.set(web.uuid, bulk(1e9, 4096, 2048)); // one CPU-second over 1 s on 2 vCPUs
    conn.nodeCpu = { busyNs: 1e9, totalNs: 4e9 };
    await timers.advance(1000);
    const s = samples()[1]!;
    // Column-wise on the wire.
    expect(s.guests).toEqual({ uuid: [web.uuid], cpuPct: [50], hostCpuPct: [25], memPct: [75], diskRdBps: [4096], diskWrBps: [0], netRxBps: [2048], netTxBps: [0] });
    expect(s.host).toEqual({ cpuPct: 25, memPct: 25 });
    // One bulk call per tick, never one per guest.
    expect(conn.calls.filter((c) => c.startsWith('domainCounters'))).toEqual([]);
    expect(conn.calls.filter((c) => c.startsWith('allDomainStats'))).toHaveLength(2);
  });

  it('falls back to one call per running guest when bulk stats carry no CPU time (the test driver)', async () => {
    const { conn, timers, samples } = await setup((c) => {
      c.counters.set(web.uuid, { cpuTimeNs: 0, vcpus: 1, memoryKiB: 512, maxMemKiB: 1024 });
      c.counters.set(db.uuid, { cpuTimeNs: 0, vcpus: 1, memoryKiB: 1024, maxMemKiB: 1024 });
    });
    conn.counters.set(web.uuid, { cpuTimeNs: 5e8, vcpus: 1, memoryKiB: 512, maxMemKiB: 1024 });
    conn.counters.set(db.uuid, { cpuTimeNs: 1e8, vcpus: 1, memoryKiB: 1024, maxMemKiB: 1024 });
    await timers.advance(1000);
    const s = samples().at(-1)!;
    expect(guestStatsRows(s.guests).map((g) => [g.uuid, g.cpuPct, g.memPct, g.diskRdBps])).toEqual([
      [web.uuid, 50, 50, null],
      [db.uuid, 10, 100, null],
    ]);
    // The shut-off guest is never asked.
    expect(conn.calls.some((c) => c.startsWith('domainCounters') && c.includes(off.uuid))).toBe(false);
    // No host counters here: the host figures come from its guests.
    expect(s.host.cpuPct).toBeCloseTo((5e8 + 1e8) / 1e9 / 4 * 100, 1);
  });

  it('leaves switched-off groups out, and changes the interval at the next tick', async () => {
    const { conn, timers, samples, stats } = await setup((c) => c.stats.set(web.uuid, bulk(0, 0, 0)));
    stats.configure({ intervalSec: 5, memory: false, disk: false, network: true });
    conn.stats.set(web.uuid, bulk(1e9, 4096, 2048));
    await timers.advance(1000); // the tick already planned at 1 s
    expect(conn.calls.at(-1)).toBe(`allDomainStats ${1 | 2 | 4 | 8 | 16}`);
    const g = guestStatsRows(samples().at(-1)!.guests)[0]!;
    expect([g.memPct, g.diskRdBps, g.netRxBps]).toEqual([null, null, 2048]);
    const before = samples().length;
    await timers.advance(4000);
    expect(samples().length).toBe(before);
    await timers.advance(1000);
    expect(samples().length).toBe(before + 1);
  });

  it('a shorter interval applies at once, not after the old one ran out', async () => {
    const { timers, samples, stats } = await setup((c) => c.stats.set(web.uuid, bulk(0, 0, 0)));
    stats.configure({ intervalSec: 60, memory: true, disk: true, network: true });
    await timers.advance(0);
    const n = samples().length;
    await timers.advance(30_000);
    expect(samples().length).toBe(n);
    stats.configure({ intervalSec: 1, memory: true, disk: true, network: true });
    await timers.advance(0);
    expect(samples().length).toBe(n + 1);
    await timers.advance(1000);
    expect(samples().length).toBe(n + 2);
  });

  it('stops sampling a connection that closes, and a slow host delays only itself', async () => {
    const { conn, timers, samples, conns } = await setup((c) => c.stats.set(web.uuid, bulk(0, 0, 0)));
    // A tick that never answers: no second tick is planned meanwhile.
    let release!: () => void;
    conn.allDomainStats = () => new Promise((r) => (release = () => r([])));
    await timers.advance(1000);
    const n = samples().length;
    await timers.advance(5000);
    expect(samples().length).toBe(n);
    expect(timers.pending).toHaveLength(0);
    release();
    await timers.advance(0);
    expect(samples().length).toBe(n + 1);
    await conns.close(conns.list()[0]!.id);
    expect(timers.pending).toHaveLength(0);
  });
});
