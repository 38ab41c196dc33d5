import { DOMParser, type Element } from '@xmldom/xmldom';

/** The namespace prefix our metadata is stored under (`<virtdesk:tags xmlns:virtdesk="…">`). */
export const TAGS_PREFIX = 'virtdesk';

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The element handed to virDomainSetMetadata: libvirt puts it under our
 * namespace itself. Tags are text, escaped here, so `<b>` stays the four
 * characters the user typed and never becomes markup.
 */
export function tagsElement(tags: readonly string[]): string {
  return `<tags>${tags.map((t) => `<tag>${escapeText(t)}</tag>`).join('')}</tags>`;
}

/**
 * The tags in what virDomainGetMetadata returned (with or without a prefix);
 * [] for anything unreadable: another program's odd metadata must not break
 * the list.
 */
export function parseTags(xml: string | null): string[] {
  if (!xml) return [];
  let root: Element | null;
  try {
    root = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml').documentElement;
  } catch {
    return [];
  }
  if (!root || root.localName !== 'tags') return [];
  const tags: string[] = [];
  for (let n = root.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1 || (n as Element).localName !== 'tag') continue;
    const text = (n.textContent ?? '').trim();
    if (text && !tags.includes(text)) tags.push(text);
  }
  return tags;
}
