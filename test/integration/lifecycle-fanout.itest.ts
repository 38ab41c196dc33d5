// Several lifecycle listeners on one connection (the connection service's and
// the install service's watch for an install run's end): libvirt takes one
// registration of our callback per connection, so the wrapper shares it.
// On the test driver, which tracks callbacks as the daemon does.
import { describe, expect, it } from 'vitest';
import { libvirt, type LifecycleEvent } from '../../main/libvirt';

const DOMAIN = 'test'; // test:///default's running guest
const waitFor = async (cond: () => boolean, what: string) => {
  const end = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('domain lifecycle listeners on one connection', () => {
  it('all hear every event; one leaving keeps the others; subscribing again after all left works', async () => {
    const conn = await libvirt.open('test:///default');
    try {
      const uuid = (await conn.listDomains()).find((d) => d.name === DOMAIN)!.uuid;
      const a: LifecycleEvent[] = [];
      const b: LifecycleEvent[] = [];
      const offA = await conn.onDomainLifecycle((e) => a.push(e));
      const offB = await conn.onDomainLifecycle((e) => b.push(e));
      await conn.suspend(uuid);
      await waitFor(() => a.length > 0 && b.length > 0, 'both listeners');
      expect(a[0]).toMatchObject({ uuid, name: DOMAIN });
      expect(b[0]).toEqual(a[0]);

      await offA();
      await offA(); // twice is harmless
      await conn.resume(uuid);
      await waitFor(() => b.length > 1, 'the remaining listener');
      expect(a).toHaveLength(1);

      await offB();
      const c: LifecycleEvent[] = [];
      const offC = await conn.onDomainLifecycle((e) => c.push(e));
      await conn.suspend(uuid);
      await waitFor(() => c.length > 0, 'a listener registered anew');
      expect(b).toHaveLength(2);
      await offC();
      await conn.resume(uuid);
    } finally {
      await conn.close();
    }
  });
});
