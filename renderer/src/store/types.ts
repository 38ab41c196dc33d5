import type { StateCreator } from 'zustand/vanilla';
import type { ConnectionsSlice } from './connections-slice';
import type { ConsolesSlice } from './consoles-slice';
import type { DomainsSlice } from './domains-slice';
import type { UiSlice } from './ui-slice';
import type { StatsSlice } from './stats-slice';
import type { ListSlice } from './list-slice';
import type { StoreEvent } from './store-events';

export interface EventsSlice {
  /** Applies a batch of events in order, in one state update (one render). */
  applyEvents(events: readonly StoreEvent[]): void;
}

export type AppState = ConnectionsSlice & DomainsSlice & UiSlice & ListSlice & ConsolesSlice & StatsSlice & EventsSlice;

/** The zustand slices pattern: each slice sees (and may set) the whole state. */
export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;
