import { createStore, type StoreApi } from 'zustand/vanilla';
import { createConnectionsSlice, removeConnection, replaceConnections, upsertConnection } from './connections-slice';
import { createConsolesSlice, reconcileConsoles } from './consoles-slice';
import { createDomainsSlice, removeDomain, replaceDomains, upsertDomain, upsertDomains } from './domains-slice';
import { createListSlice } from './list-slice';
import type { StoreEvent } from './store-events';
import type { AppState, EventsSlice, SliceCreator } from './types';
import { createUiSlice, reconcileUi } from './ui-slice';
import { applySample, createStatsSlice, dropConnectionStats } from './stats-slice';

export type { AppState } from './types';
export type { StoreEvent, ContractEvent } from './store-events';
export type { ColumnId, ManagerDialog } from './list-slice';
export type { ConfirmRequest, ConfirmIntent, ContextMenuRequest, Notification } from './ui-slice';
export { compareDomains } from './domains-slice';

export type AppStore = StoreApi<AppState>;

export function reduceEvent(s: AppState, e: StoreEvent): AppState {
  // Reducers hand back their input when nothing changed; keep the state object then.
  const merge = (part: Partial<AppState>): AppState => (part === s ? s : { ...s, ...part });
  switch (e.name) {
    case 'snapshot.connections':
      return merge(replaceConnections(s, e.payload));
    case 'connections.changed': {
      const next = merge(upsertConnection(s, e.payload));
      return e.payload.state.kind === 'connected' ? next : { ...next, ...dropConnectionStats(next, e.payload.id) };
    }
    case 'connections.removed': {
      const next = merge(removeConnection(s, e.payload.connectionId));
      return { ...next, ...dropConnectionStats(next, e.payload.connectionId) };
    }
    case 'domains.listed':
      return merge(replaceDomains(s, e.payload.connectionId, e.payload.domains));
    case 'domains.changed':
      return merge(upsertDomain(s, e.payload));
    case 'domains.removed':
      return merge(removeDomain(s, e.payload));
    case 'stats.sample':
      return merge(applySample(s, e.payload));
    case 'auth.requested':
    case 'auth.settled':
      // Prompts are the auth dialog's own state (features/connections), not the store's.
      return s;
    case 'domains.updated':
      return merge(upsertDomains(s, e.payload.domains));
    case 'jobs.progress':
    case 'jobs.finished':
      // Job progress is the New VM wizard's own state (features/create-vm), not the store's.
      return s;
  }
}

const createEventsSlice: SliceCreator<EventsSlice> = (set) => ({
  applyEvents: (events) => {
    if (events.length === 0) return;
    set((s) => reconcileConsoles(reconcileUi(events.reduce(reduceEvent, s))));
  },
});

/** A fresh store: one per app, one per test. */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => {
    const state: AppState = {
      ...createConnectionsSlice(...a),
      ...createDomainsSlice(...a),
      ...createUiSlice(...a),
      ...createListSlice(...a),
      ...createConsolesSlice(...a),
      ...createStatsSlice(...a),
      ...createEventsSlice(...a),
    };
    return state;
  });
}
