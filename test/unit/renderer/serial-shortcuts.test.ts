import { describe, expect, it } from 'vitest';
import { serialShortcut } from '../../../renderer/src/features/console/serial-console';

const key = (code: string, mods: Partial<Record<'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey', boolean>> = {}) => ({
  code,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('serial console shortcuts', () => {
  it('takes Ctrl+Shift+F and Ctrl+Shift+C for Find and Copy', () => {
    expect(serialShortcut(key('KeyF', { ctrlKey: true, shiftKey: true }))).toBe('find');
    expect(serialShortcut(key('KeyC', { ctrlKey: true, shiftKey: true }))).toBe('copy');
  });

  it('leaves Ctrl+C, Ctrl+F and other chords to the guest', () => {
    expect(serialShortcut(key('KeyC', { ctrlKey: true }))).toBeUndefined();
    expect(serialShortcut(key('KeyF', { ctrlKey: true }))).toBeUndefined();
    expect(serialShortcut(key('KeyC', { ctrlKey: true, shiftKey: true, altKey: true }))).toBeUndefined();
    expect(serialShortcut(key('KeyV', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
    expect(serialShortcut(key('KeyF'))).toBeUndefined();
  });
});
