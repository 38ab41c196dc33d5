// Small DOM helpers for reading and editing a domain definition with xmldom,
// the way install-finalize.ts does: parse, touch only what is asked, serialize
// the rest back as it was.
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';

export function children(parent: Element, name?: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    // Only elements in no namespace are libvirt's; our own metadata lives in namespaces.
    if (n.nodeType === 1 && (name === undefined || ((n as Element).localName === name && !(n as Element).namespaceURI))) out.push(n as Element);
  }
  return out;
}

export function child(parent: Element, name: string): Element | undefined {
  return children(parent, name)[0];
}

export function attr(e: Element | undefined, name: string): string {
  return e?.getAttribute(name) ?? '';
}

export function text(e: Element | undefined): string {
  return e?.textContent ?? '';
}

/** Parses a domain definition; throws an Error saying what is wrong. */
export function parseDomainXml(xml: string): Document {
  let problem: string | undefined;
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') problem ??= msg;
      },
    }).parseFromString(xml, 'text/xml');
  } catch (err) {
    throw new Error(`Not a domain definition: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (problem || !doc.documentElement || doc.documentElement.localName !== 'domain') throw new Error(`Not a domain definition: ${problem ?? 'no <domain> element'}`);
  return doc;
}

export function serialize(doc: Document): string {
  return new XMLSerializer().serializeToString(doc);
}

/** The first child `name` of `parent`, created (appended, or before `before` when that exists) if missing. */
export function ensureChild(doc: Document, parent: Element, name: string, before?: string[]): Element {
  const found = child(parent, name);
  if (found) return found;
  const e = doc.createElement(name);
  const anchor = before?.map((b) => child(parent, b)).find((x) => x !== undefined);
  if (anchor) parent.insertBefore(e, anchor);
  else parent.appendChild(e);
  return e;
}

export function setText(doc: Document, e: Element, value: string): void {
  while (e.firstChild) e.removeChild(e.firstChild);
  e.appendChild(doc.createTextNode(value));
}

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  bytes: 1,
  kb: 1000,
  k: 1024,
  kib: 1024,
  mb: 1000 ** 2,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  tb: 1000 ** 4,
  t: 1024 ** 4,
  tib: 1024 ** 4,
};

/** A libvirt scaled integer (<memory unit='…'>) in MiB, rounded down; 0 when absent or unreadable. */
export function scaledMiB(e: Element | undefined): number {
  if (!e) return 0;
  const n = Number(text(e).trim());
  const unit = (e.getAttribute('unit') || 'KiB').toLowerCase();
  const factor = UNIT_BYTES[unit];
  if (!Number.isFinite(n) || factor === undefined) return 0;
  return Math.floor((n * factor) / 1024 ** 2);
}
