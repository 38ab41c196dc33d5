import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDomainXml, chooseMachine } from '../../../main/install/domain-builder';
import { fixtureOs, profiles } from './profiles';

// Expected documents are checked in (test/unit/install/expected) and pass
// `virt-xml-validate ... domain` (see test/integration/install-service.itest.ts).
describe('domain builder', () => {
  for (const [name, build] of Object.entries(profiles())) {
    it(`builds the expected document for ${name}`, () => {
      expect(buildDomainXml(build)).toBe(readFileSync(join(__dirname, 'expected', `${name}.xml`), 'utf8'));
    });
  }

  it('escapes what it is given', () => {
    const b = { ...profiles()['direct-kernel-boot']!, name: `a'b<c>&"d` };
    expect(buildDomainXml(b)).toContain('<name>a&apos;b&lt;c&gt;&amp;&quot;d</name>');
  });

  it('uses a URL as a network CD-ROM', () => {
    const b = { ...profiles()['linux-virtio-q35']!, disks: [{ device: 'cdrom' as const, source: { url: 'https://cdimage.example.org:8443/x/debian.iso?a=1' } }] };
    const xml = buildDomainXml(b);
    expect(xml).toContain("<disk type='network' device='cdrom'>");
    expect(xml).toContain("<source protocol='https' name='/x/debian.iso?a=1'>");
    expect(xml).toContain("<host name='cdimage.example.org' port='8443'/>");
  });

  it('keeps i440fx for an OS without virtio and uses IDE and e1000 there', () => {
    const old = { ...fixtureOs('http://debian.org/debian/11'), virtioBlock: false, virtioNet: false };
    expect(chooseMachine({ arch: 'x86_64', machine: null, os: old })).toBe('pc');
    const xml = buildDomainXml({ ...profiles().import!, os: old, network: { kind: 'network', name: 'default' } });
    expect(xml).toContain("bus='ide'");
    expect(xml).toContain("<model type='e1000'/>");
  });
});
