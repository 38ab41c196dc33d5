// The end of an install run ("install media detached on first reboot", as
// virt-manager does it): the guest's own definition, read back when it first
// stops, loses exactly what the install marker names — the install CD-ROM's
// media, a URL install's kernel and initrd — and nothing else, so changes the
// user made before starting it (customize) and XML we do not know survive.
import type { Document, Element } from '@xmldom/xmldom';
import { child, children, parseDomainXml, serialize } from '../libvirt/xml/xml-dom';
import { INSTALL_XMLNS } from './domain-builder';

export interface FinalizedInstall {
  /** The definition to store: the guest as it boots from now on. */
  xml: string;
  /** Files made only for the install run (downloaded kernels), to remove. */
  scratch: string[];
}

function installMarker(domain: Element): Element | undefined {
  const metadata = child(domain, 'metadata');
  if (!metadata) return undefined;
  // Every element of ours is namespaced: children() without a name lists them too.
  return children(metadata).find((e) => e.localName === 'install' && e.namespaceURI === INSTALL_XMLNS);
}

/** The guest is still in its install run (its definition carries our marker). */
export function isInstallPhase(xml: string): boolean {
  try {
    return installMarker(parseDomainXml(xml).documentElement!) !== undefined;
  } catch {
    return false;
  }
}

/** Boots from the disk when nothing else says where to boot from. */
function ensureBootDevice(doc: Document, os: Element, domain: Element): void {
  if (children(os, 'boot').length > 0 || child(os, 'kernel')) return;
  // per-device <boot order='N'/> (set in the details view) rule out <os><boot>
  const devices = child(domain, 'devices');
  const perDevice = devices ? Array.from(devices.getElementsByTagName('boot')).length > 0 : false;
  if (perDevice) return;
  const boot = doc.createElement('boot');
  boot.setAttribute('dev', 'hd');
  os.appendChild(boot);
}

/**
 * The definition after the install run, or null when `xml` carries no
 * install marker (a guest that was never ours to finish, or finished already).
 */
export function finalizeInstallXml(xml: string): FinalizedInstall | null {
  const doc = parseDomainXml(xml);
  const domain = doc.documentElement!;
  const marker = installMarker(domain);
  if (!marker) return null;
  const scratch = children(marker)
    .filter((e) => e.localName === 'scratch')
    .map((s) => s.getAttribute('path') ?? '')
    .filter((p) => p !== '');
  const bootKind = marker.getAttribute('boot');
  const metadata = marker.parentNode as Element;
  metadata.removeChild(marker);
  let otherMetadata = false;
  for (let n = metadata.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) otherMetadata = true;
  if (!otherMetadata) domain.removeChild(metadata);

  const os = child(domain, 'os');
  if (bootKind === 'cdrom') {
    const target = marker.getAttribute('media');
    const devices = child(domain, 'devices');
    for (const disk of devices ? children(devices, 'disk') : []) {
      if (disk.getAttribute('device') !== 'cdrom' || child(disk, 'target')?.getAttribute('dev') !== target) continue;
      // An empty drive stays, as after ejecting: the guest keeps its device.
      for (const s of children(disk, 'source')) disk.removeChild(s);
      disk.setAttribute('type', 'file');
    }
    if (os) for (const b of children(os, 'boot')) if (b.getAttribute('dev') === 'cdrom') os.removeChild(b);
  } else if (bootKind === 'kernel' && os) {
    for (const name of ['kernel', 'initrd', 'cmdline']) for (const e of children(os, name)) os.removeChild(e);
  }
  if (os) ensureBootDevice(doc, os, domain);

  const onReboot = child(domain, 'on_reboot');
  if (onReboot?.textContent === 'destroy') onReboot.textContent = 'restart';
  return { xml: serialize(doc), scratch };
}
