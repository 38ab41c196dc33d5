import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../main/cli-args';

describe('parseCliArgs', () => {
  it('collects repeated --connect flags in both spellings', () => {
    expect(parseCliArgs(['--connect', 'qemu:///system', '--connect=test:///default', '-c', 'x:///y']).connect).toEqual([
      'qemu:///system',
      'test:///default',
      'x:///y',
    ]);
  });
  it('ignores switches that belong to Electron or Chromium', () => {
    expect(parseCliArgs(['--no-sandbox', '--enable-logging', '--open'])).toEqual({ connect: [], port: 0, open: true, help: false });
  });
  it('refuses a flag without its value and a bad port', () => {
    expect(() => parseCliArgs(['--connect'])).toThrow(/--connect needs a value/);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/--port/);
  });
});
