import { describe, expect, it } from 'vitest';
import { RECENT_LIMIT, recentMedia, rememberMedia } from '../../../renderer/src/features/create-vm/recent-media';

function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('recent install media', () => {
  it('keeps the last ten per kind, newest first, each once', () => {
    const s = memoryStore();
    for (let i = 0; i < 12; i++) rememberMedia('iso', `/isos/${i}.iso`, s);
    rememberMedia('iso', '/isos/5.iso', s);
    const isos = recentMedia('iso', s);
    expect(isos).toHaveLength(RECENT_LIMIT);
    expect(isos[0]).toBe('/isos/5.iso');
    expect(isos[1]).toBe('/isos/11.iso');
    expect(isos.filter((x) => x === '/isos/5.iso')).toHaveLength(1);
    expect(isos).not.toContain('/isos/0.iso');
    expect(recentMedia('url', s)).toEqual([]);
  });

  it('never keeps a URL with credentials, nor blanks; survives junk in storage', () => {
    const s = memoryStore();
    rememberMedia('url', 'https://user:secret@mirror.example/os/', s);
    rememberMedia('url', '   ', s);
    expect(recentMedia('url', s)).toEqual([]);
    rememberMedia('url', 'https://mirror.example/os/', s);
    expect(recentMedia('url', s)).toEqual(['https://mirror.example/os/']);
    s.m.set('virtdesk.recent.isos', '{not json');
    expect(recentMedia('iso', s)).toEqual([]);
    s.m.set('virtdesk.recent.isos', JSON.stringify(['/a.iso', 3, null]));
    expect(recentMedia('iso', s)).toEqual(['/a.iso']);
    expect(recentMedia('iso', undefined)).toEqual([]);
  });
});
