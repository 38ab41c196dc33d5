import type { DomainSummary } from '../../../preload/contract';
import type { AppState } from './types';

const NO_KEYS: readonly string[] = [];

export const selectSelectedDomain = (s: AppState): DomainSummary | undefined =>
  s.selectedKey ? s.domains[s.selectedKey] : undefined;

export const selectConnectionKeys = (connectionId: string) => (s: AppState): readonly string[] =>
  s.domainKeysByConnection[connectionId] ?? NO_KEYS;

/** Domain keys in screen order, skipping collapsed connections: what Up and Down walk. */
export function visibleDomainKeys(s: AppState): string[] {
  const keys: string[] = [];
  for (const id of s.connectionOrder) {
    if (s.collapsedConnections[id]) continue;
    keys.push(...(s.domainKeysByConnection[id] ?? NO_KEYS));
  }
  return keys;
}

/** The one domain row in the Tab order: the selected one if visible, else the first. */
export function selectTabStopKey(s: AppState): string | null {
  let first: string | null = null;
  for (const id of s.connectionOrder) {
    if (s.collapsedConnections[id]) continue;
    const keys = s.domainKeysByConnection[id] ?? NO_KEYS;
    if (s.selectedKey !== null && keys.includes(s.selectedKey)) return s.selectedKey;
    first ??= keys[0] ?? null;
  }
  return first;
}

/** The domain's host is not connected: what we show is its last known state. */
export function selectIsStale(key: string | null) {
  return (s: AppState): boolean => {
    const domain = key ? s.domains[key] : undefined;
    return domain !== undefined && s.connections[domain.connectionId]?.state.kind !== 'connected';
  };
}
