import type { DomainSummary } from '../../../preload/contract';
import { orderedSelection } from './list-model';
import { selectGrid } from './list-slice';
import type { AppState } from './types';

const NO_KEYS: readonly string[] = [];

export const selectSelectedDomain = (s: AppState): DomainSummary | undefined =>
  s.selectedKey ? s.domains[s.selectedKey] : undefined;

export const selectConnectionKeys = (connectionId: string) => (s: AppState): readonly string[] =>
  s.domainKeysByConnection[connectionId] ?? NO_KEYS;

/** Domain keys in screen order, skipping collapsed connections and filtered-out rows: what Up and Down walk. */
export function visibleDomainKeys(s: AppState): readonly string[] {
  return selectGrid(s).visibleKeys;
}

/** The one domain row in the Tab order: the selected one if visible, else the first. */
export function selectTabStopKey(s: AppState): string | null {
  const grid = selectGrid(s);
  if (s.selectedKey !== null && grid.indexOf.has(s.selectedKey)) return s.selectedKey;
  return grid.visibleKeys[0] ?? null;
}

/** The selected domains in screen order (hidden ones never are: the filter prunes them). */
export function selectSelectedKeys(s: AppState): readonly string[] {
  return orderedSelection(s.selectedKeys, selectGrid(s).visibleKeys);
}

/** The domain's host is not connected: what we show is its last known state. */
export function selectIsStale(key: string | null) {
  return (s: AppState): boolean => {
    const domain = key ? s.domains[key] : undefined;
    return domain !== undefined && s.connections[domain.connectionId]?.state.kind !== 'connected';
  };
}
