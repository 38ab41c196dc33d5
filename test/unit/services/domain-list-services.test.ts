import { describe, expect, it } from 'vitest';
import { VIRTDESK_XMLNS, type DomainSummary } from '../../../preload/contract';
import { ConnectionService, METADATA_CONCURRENCY } from '../../../main/services/connection-service';
import { DomainService } from '../../../main/services/domain-service';
import { silentLogger } from '../../../main/services/event-sink';
import { FakeConnection, FakeHypervisor, RecordingSink, domainInfo, flush } from '../fakes/fake-hypervisor';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup(n = 3) {
  const hv = new FakeHypervisor();
  const list = Array.from({ length: n }, (_, i) => domainInfo(`vm${i}`, i + 1, i === 0 ? 1 : 5));
  let conn!: FakeConnection;
  hv.hosts.set('test:///default', () => (conn = new FakeConnection('test:///default', list)));
  const sink = new RecordingSink();
  const svc = new ConnectionService(hv, sink, silentLogger);
  const info = await svc.open('test:///default');
  return { svc, sink, conn, list, id: info.id, domains: new DomainService(svc) };
}

describe('background metadata', () => {
  it('lists first, then fills description and tags in batched events, a few reads at a time', async () => {
    const hv = new FakeHypervisor();
    const list = Array.from({ length: 20 }, (_, i) => domainInfo(`vm${i}`, i + 1, 5));
    const conn = new FakeConnection('test:///default', list);
    conn.metadata.set(`${list[3]!.uuid} 0 `, 'the fourth');
    conn.metadata.set(`${list[3]!.uuid} 2 ${VIRTDESK_XMLNS}`, '<tags><tag>web</tag></tags>');
    let inFlight = 0;
    let most = 0;
    const get = conn.getMetadata.bind(conn);
    conn.getMetadata = async (...a: Parameters<typeof get>) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await flush();
      inFlight--;
      return get(...a);
    };
    hv.hosts.set('test:///default', () => conn);
    const sink = new RecordingSink();
    const svc = new ConnectionService(hv, sink, silentLogger);
    await svc.open('test:///default');
    const listed = sink.named('domains.listed')[0] as { domains: DomainSummary[] };
    expect(listed.domains.every((d) => !d.metadataLoaded && d.tags.length === 0)).toBe(true);
    await wait(250);
    const updated = sink.named('domains.updated') as { domains: DomainSummary[] }[];
    expect(updated.length).toBeLessThanOrEqual(3);
    const all = updated.flatMap((u) => u.domains);
    expect(all).toHaveLength(20);
    expect(all.find((d) => d.name === 'vm3')).toMatchObject({ description: 'the fourth', tags: ['web'], metadataLoaded: true });
    // Two reads per domain; at most METADATA_CONCURRENCY domains at once.
    expect(most).toBeLessThanOrEqual(METADATA_CONCURRENCY * 2);
  });
});

describe('DomainService tags, rename, delete', () => {
  it('stores tags as escaped XML in our namespace and announces them', async () => {
    const { svc, sink, conn, list, id, domains } = await setup();
    const ref = { connectionId: id, uuid: list[1]!.uuid };
    const summary = await domains.setTags(ref, ['<b>', 'web']);
    expect(summary.tags).toEqual(['<b>', 'web']);
    expect(conn.metadata.get(`${ref.uuid} 2 ${VIRTDESK_XMLNS}`)).toBe('<tags><tag>&lt;b&gt;</tag><tag>web</tag></tags>');
    await wait(150);
    expect(svc.domain(id, ref.uuid)?.tags).toEqual(['<b>', 'web']);
    await domains.setTags(ref, []);
    expect(conn.metadata.has(`${ref.uuid} 2 ${VIRTDESK_XMLNS}`)).toBe(false);
    expect(sink.named('domains.changed').length).toBeGreaterThan(0);
  });

  it('refuses to rename a running guest, to a taken name or an invalid one, and changes nothing', async () => {
    const { conn, list, id, domains } = await setup();
    const running = { connectionId: id, uuid: list[0]!.uuid };
    const off = { connectionId: id, uuid: list[1]!.uuid };
    await expect(domains.rename(running, 'new')).rejects.toThrow(/Shut down vm0 first/);
    await expect(domains.rename(off, 'vm2')).rejects.toThrow(/already exists/);
    await expect(domains.rename(off, 'a/b')).rejects.toThrow(/'\/'/);
    await expect(domains.rename(off, '')).rejects.toThrow(/empty/);
    await expect(domains.rename(off, 'x'.repeat(200))).rejects.toThrow(/shorter/);
    expect(conn.calls.filter((c) => c.startsWith('rename'))).toEqual([]);
    await domains.rename(off, 'renamed');
    expect(conn.domains.get(off.uuid)?.name).toBe('renamed');
  });

  it('deletes: forces a running guest off first, then undefines it', async () => {
    const { conn, list, id, domains } = await setup();
    await domains.delete({ connectionId: id, uuid: list[0]!.uuid });
    expect(conn.calls.filter((c) => /^(destroy|undefine)/.test(c))).toEqual([`destroy ${list[0]!.uuid}`, `undefine ${list[0]!.uuid}`]);
    expect(conn.domains.has(list[0]!.uuid)).toBe(false);
  });
});
