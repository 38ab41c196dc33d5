// Several lifecycle listeners on one real connection: libvirt refuses a
// second registration of the binding's one C callback ("event callback
// already tracked"), so the connection fans one registration out. The
// install service's "detach media on first reboot" listens next to the
// connection service's own listener, on the same connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libvirt, type LifecycleEvent } from '../../main/libvirt';
import { SYSTEM_URI, defineTinyGuest, removeGuest, requireSystem } from '../support/system-libvirt';

const NAME = 'vdtr-it-fanout';
/** virDomainEventType */
const DEFINED = 0;
const UNDEFINED = 1;

async function until(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('lifecycle listeners on one connection', () => {
  beforeAll(() => requireSystem());
  afterAll(() => removeGuest(NAME));

  it('all hear each event; one leaving does not silence the others; the last leaving and a new one joining works', async () => {
    const conn = await libvirt.open(SYSTEM_URI);
    try {
      const a: LifecycleEvent[] = [];
      const b: LifecycleEvent[] = [];
      const offA = await conn.onDomainLifecycle((e) => e.name === NAME && a.push(e));
      const offB = await conn.onDomainLifecycle((e) => e.name === NAME && b.push(e));
      defineTinyGuest(NAME);
      await until('both listeners to hear the definition', () => a.some((e) => e.event === DEFINED) && b.some((e) => e.event === DEFINED));

      await offA();
      await offA(); // twice is harmless
      removeGuest(NAME);
      await until('the remaining listener to hear the undefinition', () => b.some((e) => e.event === UNDEFINED));
      expect(a.some((e) => e.event === UNDEFINED)).toBe(false);

      await offB();
      const c: LifecycleEvent[] = [];
      const offC = await conn.onDomainLifecycle((e) => e.name === NAME && c.push(e));
      defineTinyGuest(NAME);
      await until('a listener registered after the last one left to hear events', () => c.some((e) => e.event === DEFINED));
      expect(b.filter((e) => e.event === DEFINED)).toHaveLength(1);
      await offC();
    } finally {
      removeGuest(NAME);
      await conn.close();
    }
  });
});
