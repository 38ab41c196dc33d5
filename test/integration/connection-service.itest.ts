// The services on the real binding and libvirt's in-process test driver.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo, DomainSummary } from '../../preload/contract';
import { libvirt } from '../../main/libvirt';
import { ConnectionService } from '../../main/services/connection-service';
import { DomainService } from '../../main/services/domain-service';
import { silentLogger } from '../../main/services/event-sink';
import { FIXTURE, MIXED_STATES } from '../support/fixtures';

class Sink {
  events: { name: string; payload: unknown }[] = [];
  emit(name: string, payload: unknown) {
    this.events.push({ name, payload });
  }
  async waitFor<T>(name: string, match: (p: T) => boolean, ms = 5000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const hit = this.events.find((e) => e.name === name && match(e.payload as T));
      if (hit) return hit.payload as T;
      if (Date.now() > end) throw new Error(`no ${name} event matched within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('ConnectionService on test:///default', () => {
  it('connects, lists, and follows an action through libvirt’s own lifecycle event', async () => {
    const sink = new Sink();
    const conns = new ConnectionService(libvirt, sink, silentLogger);
    const domains = new DomainService(conns);
    const info = await conns.open('test:///default');
    expect(info.state.kind).toBe('connected');
    const test = conns.domains(info.id).find((d) => d.name === 'test')!;
    expect(test.state).toBe('running');
    await domains.act({ connectionId: info.id, uuid: test.uuid }, 'shutdown');
    const changed = await sink.waitFor<DomainSummary>('domains.changed', (d) => d.uuid === test.uuid && d.state === 'shutoff');
    expect(changed.id).toBeNull();
    await domains.act({ connectionId: info.id, uuid: test.uuid }, 'start');
    await sink.waitFor<DomainSummary>('domains.changed', (d) => d.uuid === test.uuid && d.state === 'running');
    const xml = await domains.xml({ connectionId: info.id, uuid: test.uuid });
    expect(xml).toContain('<name>test</name>');
    await conns.closeAll();
  });

  it('turns a libvirt refusal into a named error with libvirt’s detail, changing nothing', async () => {
    const conns = new ConnectionService(libvirt, new Sink(), silentLogger);
    const domains = new DomainService(conns);
    const { id } = await conns.open('test:///default');
    const test = conns.domains(id).find((d) => d.name === 'test')!;
    const err = await domains.act({ connectionId: id, uuid: test.uuid }, 'resume').catch((e) => e);
    expect(err.code).toBe('libvirt');
    expect(err.message).toBe('Could not resume test');
    expect(err.detail).toMatch(/not paused/i);
    expect(conns.domain(id, test.uuid)?.state).toBe('running');
    await conns.closeAll();
  });

  it('shows a bad URI as a disconnected row with libvirt’s message', async () => {
    const sink = new Sink();
    const conns = new ConnectionService(libvirt, sink, silentLogger);
    const info = await conns.open('bogus:///nowhere');
    expect(info.state).toMatchObject({ kind: 'disconnected', reason: 'Could not connect to bogus:///nowhere' });
    expect((info.state as Extract<ConnectionInfo['state'], { kind: 'disconnected' }>).detail).toBeTruthy();
  });
});

describe('ConnectionService on our own test-driver host (every state)', () => {
  it('maps every libvirt state, including a managed save, to what users see', async () => {
    const conns = new ConnectionService(libvirt, new Sink(), silentLogger);
    const { id } = await conns.open(`test://${FIXTURE}`);
    const states = Object.fromEntries(conns.domains(id).map((d) => [d.name, d.state]));
    expect(states).toEqual(MIXED_STATES);
    const web = conns.domains(id).find((d) => d.name === 'web-01')!;
    expect(web.title).not.toBe('');
    expect(conns.domains(id).find((d) => d.name === 'scratch')!.persistent).toBe(false);
    await conns.closeAll();
  });
});
