// The binding's cost on the JS thread and its raw speed, on 1,000 test-driver guests.
import { hostFile, loadAddon, median, round, stallMeter } from './support.mjs';

export async function* run() {
  const addon = loadAddon();
  const conn = await addon.open(`test://${hostFile(1000)}`, false);
  try {
    const hasStats = typeof conn.getAllDomainStats === 'function';
    const listAndStats = async () => {
      const list = await conn.listAllDomains(0);
      if (hasStats) await conn.getAllDomainStats(0, 0);
      return list;
    };
    const domains = await listAndStats(); // warm up

    // Longest stall of the JS event loop while list, bulk stats and 1,000 XML calls run.
    const meter = stallMeter();
    await new Promise((r) => setTimeout(r, 20));
    for (let round = 0; round < 3; round++) {
      await Promise.all([listAndStats(), ...domains.map((d) => conn.domainGetXMLDesc(d.uuid, 0))]);
    }
    await new Promise((r) => setTimeout(r, 20));
    yield { metric: 'libvirt_loop_stall_ms_max', value: round(meter.stop()), unit: 'ms', target: '<= 10', guests: domains.length, includesBulkStats: hasStats };

    const times = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      await listAndStats();
      times.push(performance.now() - t);
    }
    yield { metric: 'list_stats_1000_ms', value: round(median(times)), unit: 'ms', note: "median of 15; libvirt's own floor here is about 25 ms", includesBulkStats: hasStats };
  } finally {
    await conn.close();
  }
}
