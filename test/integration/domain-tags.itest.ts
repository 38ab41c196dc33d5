// Tags, rename and delete through the services, against the test driver and a real libvirtd.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIRTDESK_XMLNS, type DomainSummary } from '../../preload/contract';
import { libvirt } from '../../main/libvirt';
import { ConnectionService } from '../../main/services/connection-service';
import { DomainService } from '../../main/services/domain-service';
import { silentLogger } from '../../main/services/event-sink';
import { FIXTURE } from '../support/fixtures';
import { SYSTEM_URI, defineTinyGuest, removeGuest, requireSystem, virsh } from '../support/system-libvirt';

const sink = { emit() {} };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: () => T | undefined, ms = 5000): Promise<T> {
  for (let t = 0; t < ms; t += 50) {
    const v = what();
    if (v !== undefined) return v;
    await wait(50);
  }
  throw new Error('timed out');
}

describe('tags on the test driver', () => {
  const uri = `test://${FIXTURE}`;
  const svc = new ConnectionService(libvirt, sink, silentLogger);
  const domains = new DomainService(svc);
  afterAll(() => svc.closeAll());

  it('writes escaped tags into the domain XML, reads them back, and refuses a taken name', async () => {
    const { id } = await svc.open(uri);
    const archive = svc.domains(id).find((d) => d.name === 'archive')!;
    const ref = { connectionId: id, uuid: archive.uuid };
    await domains.setTags(ref, ['web', '<b>&']);
    const xml = await domains.xml(ref);
    expect(xml).toContain(VIRTDESK_XMLNS);
    expect(xml).toMatch(/<virtdesk:tag>web<\/virtdesk:tag>/);
    expect(xml).toContain('&lt;b&gt;&amp;');
    expect(xml).not.toContain('<b>');
    // The background re-read sees what libvirt stored.
    await wait(300);
    expect(svc.domain(id, ref.uuid)?.tags).toEqual(['web', '<b>&']);
    await expect(domains.rename(ref, 'web-01')).rejects.toThrow(/already exists/);
    expect(svc.domain(id, ref.uuid)?.name).toBe('archive');
  });
});

describe('tags on qemu:///system', () => {
  beforeAll(() => requireSystem());
  const GUEST = 'vdtm-itest-tags';
  afterAll(() => removeGuest(GUEST));

  it('are in `virsh dumpxml` and survive a reconnect', async () => {
    const uuid = defineTinyGuest(GUEST);
    let svc = new ConnectionService(libvirt, sink, silentLogger);
    let { id } = await svc.open(SYSTEM_URI);
    await new DomainService(svc).setTags({ connectionId: id, uuid }, ['itest', 'a<b']);
    const xml = virsh('dumpxml', GUEST);
    expect(xml).toMatch(/<virtdesk:tags xmlns:virtdesk=["']https:\/\/virtdesk\.dev\/xmlns\/1["']>/);
    expect(xml).toContain('<virtdesk:tag>a&lt;b</virtdesk:tag>');
    await svc.closeAll();

    svc = new ConnectionService(libvirt, sink, silentLogger);
    ({ id } = await svc.open(SYSTEM_URI));
    const d: DomainSummary = await until(() => {
      const x = svc.domain(id, uuid);
      return x?.metadataLoaded ? x : undefined;
    }, 20_000);
    expect(d.tags).toEqual(['itest', 'a<b']);
    // Someone else's change (virsh) arrives through the metadata-change event.
    execFileSync('virsh', ['-c', SYSTEM_URI, 'desc', GUEST, '--config', 'set by virsh'], { stdio: 'ignore' });
    await until(() => (svc.domain(id, uuid)?.description === 'set by virsh' ? true : undefined), 10_000);
    await svc.closeAll();
  });
});
