import { describe, expect, it } from 'vitest';
import { domainKey } from '../../../preload/contract';
import { createAppStore } from '../../../renderer/src/store';
import { pickConsole, screenshotFileName, sortConsoles } from '../../../renderer/src/features/console/console-files';
import { conn, dom } from './fixtures';

function storeWith(...names: string[]) {
  const store = createAppStore();
  store.getState().connectionsListed([conn('c1')]);
  const domains = names.map((n) => dom(n));
  store.getState().domainsListed('c1', domains);
  return { store, keys: domains.map(domainKey) };
}

describe('console tabs', () => {
  it('opening adds a tab at the end and brings it to front; opening again only brings it to front', () => {
    const { store, keys } = storeWith('a', 'b');
    const [a, b] = keys as [string, string];
    expect(store.getState().activeTab).toBeNull();
    store.getState().openConsole(a);
    store.getState().openConsole(b);
    expect(store.getState().consoleTabs).toEqual([a, b]);
    expect(store.getState().activeTab).toBe(b);
    store.getState().openConsole(a);
    expect(store.getState().consoleTabs).toEqual([a, b]);
    expect(store.getState().activeTab).toBe(a);
  });

  it('ignores unknown domains', () => {
    const { store } = storeWith('a');
    store.getState().openConsole('c1/nope');
    expect(store.getState().consoleTabs).toEqual([]);
    store.getState().activateTab('c1/nope');
    expect(store.getState().activeTab).toBeNull();
  });

  it('closing the tab in front brings its right neighbour forward, else the left one, else the manager', () => {
    const { store, keys } = storeWith('a', 'b', 'c');
    const [a, b, c] = keys as [string, string, string];
    for (const k of keys) store.getState().openConsole(k);
    store.getState().activateTab(b);
    store.getState().closeConsole(b);
    expect(store.getState().consoleTabs).toEqual([a, c]);
    expect(store.getState().activeTab).toBe(c);
    store.getState().closeConsole(c);
    expect(store.getState().activeTab).toBe(a);
    store.getState().closeConsole(a);
    expect(store.getState().activeTab).toBeNull();
  });

  it('closing a tab in the back leaves the front one alone and forgets the console picked there', () => {
    const { store, keys } = storeWith('a', 'b');
    const [a, b] = keys as [string, string];
    store.getState().openConsole(a);
    store.getState().chooseConsole(a, 'serial0');
    store.getState().openConsole(b);
    store.getState().closeConsole(a);
    expect(store.getState().activeTab).toBe(b);
    expect(store.getState().consoleChoice).toEqual({});
  });

  it('remembers the console picked per tab, only for open tabs', () => {
    const { store, keys } = storeWith('a', 'b');
    const [a, b] = keys as [string, string];
    store.getState().openConsole(a);
    store.getState().chooseConsole(a, 'serial0');
    store.getState().chooseConsole(b, 'vnc0');
    expect(store.getState().consoleChoice).toEqual({ [a]: 'serial0' });
  });

  it('a domain that goes away takes its tab with it (undefined, or its connection removed)', () => {
    const { store, keys } = storeWith('a', 'b');
    const [a, b] = keys as [string, string];
    store.getState().openConsole(a);
    store.getState().openConsole(b);
    store.getState().domainRemoved(store.getState().domains[b]!);
    expect(store.getState().consoleTabs).toEqual([a]);
    expect(store.getState().activeTab).toBe(a);
    store.getState().connectionRemoved('c1');
    expect(store.getState().consoleTabs).toEqual([]);
    expect(store.getState().activeTab).toBeNull();
  });

  it('a domain that only changes state keeps its tab', () => {
    const { store, keys } = storeWith('a');
    const a = keys[0]!;
    store.getState().openConsole(a);
    store.getState().domainChanged({ ...store.getState().domains[a]!, state: 'running', id: 7 });
    expect(store.getState().consoleTabs).toEqual([a]);
  });
});

describe('console helpers', () => {
  it('names a screenshot after the guest and the local time, safe as a file name', () => {
    const when = new Date(2026, 10, 24, 9, 5, 7);
    expect(screenshotFileName('vd-e2e-console', when)).toBe('vd-e2e-console-2026-11-24_09-05-07.png');
    expect(screenshotFileName('my vm/../x', when)).toBe('my_vm_.._x-2026-11-24_09-05-07.png');
    expect(screenshotFileName('..', when)).toBe('guest-2026-11-24_09-05-07.png');
  });

  it('lists the graphical console first and picks the user’s choice while it is offered', () => {
    const devices = sortConsoles([
      { id: 'serial0', kind: 'serial', label: 'Serial port 0' },
      { id: 'vnc0', kind: 'vnc', label: 'Graphical console (VNC)' },
      { id: 'console1', kind: 'serial', label: 'Text console 1' },
    ]);
    expect(devices.map((d) => d.id)).toEqual(['vnc0', 'serial0', 'console1']);
    expect(pickConsole(devices, undefined)?.id).toBe('vnc0');
    expect(pickConsole(devices, 'console1')?.id).toBe('console1');
    expect(pickConsole(devices, 'serial9')?.id).toBe('vnc0');
    expect(pickConsole([], 'vnc0')).toBeUndefined();
  });
});
