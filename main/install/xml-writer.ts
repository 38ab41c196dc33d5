// A tiny XML writer: elements as plain data, rendered with two-space indents
// and single-quoted attributes (libvirt's own style), so expected documents in
// tests read like `virsh dumpxml`.

export interface XmlNode {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  children?: (XmlNode | undefined | false)[];
  text?: string | number;
}

export function el(name: string, attrs?: XmlNode['attrs'], ...children: (XmlNode | undefined | false | string | number)[]): XmlNode {
  const textChild = children.find((c) => typeof c === 'string' || typeof c === 'number');
  if (textChild !== undefined) return { name, attrs, text: textChild as string | number };
  return { name, attrs, children: children as (XmlNode | undefined | false)[] };
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

export function renderXml(node: XmlNode, indent = ''): string {
  const attrs = Object.entries(node.attrs ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}='${escapeXml(String(v))}'`)
    .join('');
  if (node.text !== undefined) return `${indent}<${node.name}${attrs}>${escapeXml(String(node.text))}</${node.name}>\n`;
  const kids = (node.children ?? []).filter((c): c is XmlNode => !!c);
  if (kids.length === 0) return `${indent}<${node.name}${attrs}/>\n`;
  return `${indent}<${node.name}${attrs}>\n${kids.map((k) => renderXml(k, `${indent}  `)).join('')}${indent}</${node.name}>\n`;
}
