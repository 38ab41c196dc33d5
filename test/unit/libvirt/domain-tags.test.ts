import { describe, expect, it } from 'vitest';
import { parseTags, tagsElement } from '../../../main/libvirt/xml/domain-tags';

describe('tags metadata XML', () => {
  it('escapes markup so a tag stays text', () => {
    const xml = tagsElement(['<b>', 'a&b', 'web']);
    expect(xml).toBe('<tags><tag>&lt;b&gt;</tag><tag>a&amp;b</tag><tag>web</tag></tags>');
    expect(parseTags(xml)).toEqual(['<b>', 'a&b', 'web']);
  });

  it('reads what libvirt returns, prefixed or not, and ignores junk', () => {
    expect(parseTags('<virtdesk:tags xmlns:virtdesk="https://virtdesk.dev/xmlns/1"><virtdesk:tag>x</virtdesk:tag></virtdesk:tags>')).toEqual(['x']);
    expect(parseTags('<tags xmlns="https://virtdesk.dev/xmlns/1">\n  <tag>x</tag>\n  <tag>x</tag>\n</tags>')).toEqual(['x']);
    expect(parseTags(null)).toEqual([]);
    expect(parseTags('<other/>')).toEqual([]);
    expect(parseTags('not xml <')).toEqual([]);
  });
});
