// Applies the details form's edits to a guest's inactive XML: only the
// elements edited change; everything else (unknown elements, other programs'
// namespaced metadata, comments) is serialized back as it was.
import type { Document, Element } from '@xmldom/xmldom';
import type { BootDev, DetailsPatch } from '../../../preload/contract';
import { bootDevOf, bootableDevices } from './domain-details';
import { attr, child, children, ensureChild, parseDomainXml, serialize, setText, text } from './xml-dom';

/** What libvirt writes after <name>/<uuid>: a new <title>/<description> goes before the first of these. */
const AFTER_DESCRIPTION = ['metadata', 'maxMemory', 'memory', 'currentMemory', 'blkiotune', 'memtune', 'memoryBacking', 'vcpu', 'os', 'devices'];

function setOptionalText(doc: Document, domain: Element, name: 'title' | 'description', value: string): void {
  const existing = child(domain, name);
  if (value === '') {
    if (existing) domain.removeChild(existing);
    return;
  }
  const before = name === 'title' ? ['description', ...AFTER_DESCRIPTION] : AFTER_DESCRIPTION;
  setText(doc, ensureChild(doc, domain, name, before), value);
}

function setVcpus(doc: Document, domain: Element, current: number, max: number): void {
  const vcpu = ensureChild(doc, domain, 'vcpu', ['os', 'devices']);
  const oldMax = Number(text(vcpu).trim());
  setText(doc, vcpu, String(max));
  if (current < max) vcpu.setAttribute('current', String(current));
  else vcpu.removeAttribute('current');
  // A CPU topology must multiply up to the maximum, or libvirt refuses the
  // definition: keep cores and threads when they still divide it, as virt-manager does.
  const topology = child(domain, 'cpu') && child(child(domain, 'cpu')!, 'topology');
  if (topology && oldMax !== max) {
    const dies = Number(attr(topology, 'dies')) || 1;
    const clusters = Number(attr(topology, 'clusters')) || 1;
    const cores = Number(attr(topology, 'cores')) || 1;
    const threads = Number(attr(topology, 'threads')) || 1;
    const per = dies * clusters * cores * threads;
    if (max % per === 0) topology.setAttribute('sockets', String(max / per));
    else {
      topology.setAttribute('sockets', String(max));
      for (const a of ['dies', 'clusters', 'cores', 'threads']) if (topology.hasAttribute(a)) topology.setAttribute(a, '1');
    }
  }
}

function setMemory(doc: Document, domain: Element, currentMiB: number, maxMiB: number): void {
  const memory = ensureChild(doc, domain, 'memory', ['currentMemory', 'vcpu', 'os', 'devices']);
  memory.setAttribute('unit', 'KiB');
  setText(doc, memory, String(maxMiB * 1024));
  const current = ensureChild(doc, domain, 'currentMemory', ['blkiotune', 'memtune', 'memoryBacking', 'vcpu', 'os', 'devices']);
  current.setAttribute('unit', 'KiB');
  setText(doc, current, String(currentMiB * 1024));
}

function setBoot(doc: Document, domain: Element, order: readonly BootDev[], menu: boolean): void {
  const os = ensureChild(doc, domain, 'os', ['features', 'cpu', 'clock', 'devices']);
  const devices = bootableDevices(domain);
  const perDevice = devices.some((d) => child(d, 'boot'));
  if (perDevice) {
    // The guest boots by per-device <boot order>: libvirt refuses those next to <os><boot>.
    for (const d of devices) for (const b of children(d, 'boot')) d.removeChild(b);
    let n = 1;
    for (const dev of order) {
      for (const d of devices.filter((x) => bootDevOf(x) === dev)) {
        const b = doc.createElement('boot');
        b.setAttribute('order', String(n++));
        // <boot> goes after <target>, where libvirt itself writes it.
        const after = child(d, 'target') ?? child(d, 'source');
        if (after?.nextSibling) d.insertBefore(b, after.nextSibling);
        else d.appendChild(b);
      }
    }
  } else {
    const old = children(os, 'boot');
    const anchor = old[old.length - 1]?.nextSibling ?? child(os, 'bootmenu') ?? child(os, 'smbios') ?? child(os, 'bios') ?? null;
    for (const b of old) os.removeChild(b);
    for (const dev of order) {
      const b = doc.createElement('boot');
      b.setAttribute('dev', dev);
      if (anchor && anchor.parentNode === os) os.insertBefore(b, anchor);
      else os.appendChild(b);
    }
  }
  const bootmenu = child(os, 'bootmenu');
  if (menu) ensureChild(doc, os, 'bootmenu', ['smbios', 'bios']).setAttribute('enable', 'yes');
  else if (bootmenu) bootmenu.setAttribute('enable', 'no');
}

function setKernel(doc: Document, domain: Element, kernel: { kernel: string; initrd: string; cmdline: string }): void {
  const os = ensureChild(doc, domain, 'os', ['features', 'cpu', 'clock', 'devices']);
  const order = ['kernel', 'initrd', 'cmdline'] as const;
  for (const name of order) {
    const value = kernel[name];
    const existing = child(os, name);
    if (value === '' || kernel.kernel === '') {
      if (existing) os.removeChild(existing);
      continue;
    }
    const later = order.slice(order.indexOf(name) + 1);
    setText(doc, ensureChild(doc, os, name, [...later, 'dtb', 'acpi', 'boot', 'bootmenu', 'smbios', 'bios']), value);
  }
}

/** `xml` with `patch` applied (name and autostart are libvirt calls of their own and are ignored here). */
export function applyDetailsPatch(xml: string, patch: DetailsPatch): string {
  const doc = parseDomainXml(xml);
  const domain = doc.documentElement!;
  if (patch.title !== undefined) setOptionalText(doc, domain, 'title', patch.title);
  if (patch.description !== undefined) setOptionalText(doc, domain, 'description', patch.description);
  if (patch.vcpus) setVcpus(doc, domain, patch.vcpus.current, patch.vcpus.max);
  if (patch.memory) setMemory(doc, domain, patch.memory.currentMiB, patch.memory.maxMiB);
  if (patch.boot) setBoot(doc, domain, patch.boot.order, patch.boot.menu);
  if (patch.kernel) setKernel(doc, domain, patch.kernel);
  return serialize(doc);
}

/** Whether the patch changes the XML at all (else no define is needed). */
export function patchTouchesXml(patch: DetailsPatch): boolean {
  return ['title', 'description', 'vcpus', 'memory', 'boot', 'kernel'].some((k) => (patch as Record<string, unknown>)[k] !== undefined);
}
