// Variants of the tiny guest for the domain/snapshot/migration suites: the
// stock XML from test/guest/make-domain-xml.sh, edited, defined on
// qemu:///system; and a removal that also drops managed-save images,
// snapshot metadata and the guest's log files.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_URI, virsh } from './system-libvirt';

const ROOT = join(__dirname, '..', '..');

/** The tiny guest's domain XML for `name` (env: VD_GUEST_* overrides of make-domain-xml.sh). */
export function tinyGuestXml(name: string, env: Record<string, string> = {}): string {
  return execFileSync('bash', [join(ROOT, 'test/guest/make-domain-xml.sh'), name], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

/** `xml` with `from` replaced by `to`; throws if `from` is absent (the edit would silently do nothing). */
export function editXml(xml: string, from: string, to: string): string {
  if (!xml.includes(from)) throw new Error(`editXml: ${JSON.stringify(from)} not found in the guest XML`);
  return xml.replace(from, to);
}

/** Defines `xml` on qemu:///system (replacing any guest of the same name); returns the UUID. */
export function defineGuestXml(name: string, xml: string): string {
  removeDomGuest(name);
  const dir = mkdtempSync(join(tmpdir(), 'vdtd-xml-'));
  try {
    writeFileSync(join(dir, 'domain.xml'), xml);
    virsh('define', join(dir, 'domain.xml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return virsh('domuuid', name).trim();
}

/** Destroys and undefines `name` with its managed save, snapshot metadata and logs; never throws. */
export function removeDomGuest(name: string): void {
  spawnSync('virsh', ['-c', SYSTEM_URI, 'destroy', name], { stdio: 'ignore' });
  spawnSync('virsh', ['-c', SYSTEM_URI, 'undefine', name, '--managed-save', '--snapshots-metadata'], { stdio: 'ignore' });
  for (const f of [`${name}.log`, `${name}-serial.log`]) rmSync(join('/var/log/libvirt/qemu', f), { force: true });
}
