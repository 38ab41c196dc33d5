import type { SliceCreator } from './types';

/**
 * Which guest consoles are open as tabs. Session state only: the bytes and
 * the connection status live with the console view, never in the store.
 */
export interface ConsolesData {
  /** Domain keys with an open console tab, in tab order. */
  consoleTabs: readonly string[];
  /** The tab in front: a domain key, or null for the manager ("Virtual machines"). */
  activeTab: string | null;
  /** Per tab, the console the user picked (a device id such as `serial0`); absent: the default. */
  consoleChoice: Readonly<Record<string, string>>;
}

export interface ConsolesSlice extends ConsolesData {
  /** Opens (or brings to front) the console tab of a domain. */
  openConsole(key: string): void;
  closeConsole(key: string): void;
  /** null: the manager. */
  activateTab(key: string | null): void;
  chooseConsole(key: string, deviceId: string): void;
}

type Data = ConsolesData & { domains: Readonly<Record<string, unknown>> };

export function openConsoleTab<S extends Data>(s: S, key: string): S {
  if (!(key in s.domains)) return s;
  if (s.consoleTabs.includes(key)) return s.activeTab === key ? s : { ...s, activeTab: key };
  return { ...s, consoleTabs: [...s.consoleTabs, key], activeTab: key };
}

/** Closing the tab in front brings its right neighbour forward, else its left one, else the manager. */
export function closeConsoleTab<S extends Data>(s: S, key: string): S {
  const i = s.consoleTabs.indexOf(key);
  if (i < 0) return s;
  const consoleTabs = s.consoleTabs.filter((k) => k !== key);
  const activeTab = s.activeTab === key ? (consoleTabs[i] ?? consoleTabs[i - 1] ?? null) : s.activeTab;
  const { [key]: _dropped, ...consoleChoice } = s.consoleChoice;
  return { ...s, consoleTabs, activeTab, consoleChoice };
}

/** A domain that is gone (undefined, or its connection removed) takes its tab with it, as virt-manager's window does. */
export function reconcileConsoles<S extends Data>(s: S): S {
  let next = s;
  for (const key of s.consoleTabs) if (!(key in s.domains)) next = closeConsoleTab(next, key);
  return next;
}

export const createConsolesSlice: SliceCreator<ConsolesSlice> = (set) => ({
  consoleTabs: [],
  activeTab: null,
  consoleChoice: {},
  openConsole: (key) => set((s) => openConsoleTab(s, key)),
  closeConsole: (key) => set((s) => closeConsoleTab(s, key)),
  activateTab: (key) => set((s) => (key === null || s.consoleTabs.includes(key) ? { activeTab: key } : {})),
  chooseConsole: (key, deviceId) =>
    set((s) => (s.consoleTabs.includes(key) ? { consoleChoice: { ...s.consoleChoice, [key]: deviceId } } : {})),
});
