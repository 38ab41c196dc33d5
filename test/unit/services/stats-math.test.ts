import { describe, expect, it } from 'vitest';
import { countersFromParams, guestRates, RingBuffer, type GuestCounters } from '../../../main/stats/stats-math';

const base: GuestCounters = { cpuTimeNs: 0, vcpus: 2, memCurrentKiB: 1024, memUnusedKiB: 256, diskRdBytes: 0, diskWrBytes: 0, netRxBytes: 0, netTxBytes: 0 };

describe('stats formulas (FEATURES.md §7.3)', () => {
  it('guest CPU % is of its own vCPUs, host CPU % of all host CPUs, both clamped', () => {
    const r = guestRates(base, { ...base, cpuTimeNs: 1e9 }, 1, 8); // one full vCPU for 1 s
    expect(r.cpuPct).toBe(50);
    expect(r.hostCpuPct).toBe(12.5);
    expect(guestRates(base, { ...base, cpuTimeNs: 9e9 }, 1, 2).cpuPct).toBe(100);
  });

  it('memory % is (current - unused) / current, and unknown without balloon stats', () => {
    expect(guestRates(base, base, 1, 1).memPct).toBe(75);
    const { memUnusedKiB: _, ...noBalloon } = base;
    expect(guestRates(noBalloon, noBalloon, 1, 1).memPct).toBeNull();
  });

  it('disk and network rates keep directions apart, and a counter reset reads as zero', () => {
    const r = guestRates(base, { ...base, diskRdBytes: 4096, diskWrBytes: 1024, netRxBytes: 300, netTxBytes: 100 }, 2, 1);
    expect(r).toMatchObject({ diskRdBps: 2048, diskWrBps: 512, netRxBps: 150, netTxBps: 50 });
    expect(guestRates({ ...base, diskRdBytes: 5000 }, base, 1, 1).diskRdBps).toBe(0);
  });

  it('reads a bulk-stats record, summing every disk and interface', () => {
    const c = countersFromParams({
      'state.state': 1,
      'cpu.time': 5_000_000_000n,
      'vcpu.current': 4,
      'balloon.current': 2048,
      'block.count': 2,
      'block.0.rd.bytes': 100,
      'block.1.rd.bytes': 50,
      'block.0.wr.bytes': 7,
      'net.count': 1,
      'net.0.rx.bytes': 9,
      'net.0.tx.bytes': 3,
    });
    expect(c).toEqual({ cpuTimeNs: 5e9, vcpus: 4, memCurrentKiB: 2048, diskRdBytes: 150, diskWrBytes: 7, netRxBytes: 9, netTxBytes: 3 });
    expect(countersFromParams({ 'state.state': 5 })).toBeUndefined();
  });
});

describe('RingBuffer', () => {
  it('keeps the newest `capacity` samples, oldest first', () => {
    const r = new RingBuffer(3);
    [1, 2, 3, 4, 5].forEach((x) => r.push(x));
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.length).toBe(3);
  });
});
