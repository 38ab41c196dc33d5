import { DOMAIN_STATE_LABELS, type DomainSummary } from '../../../preload/contract';
import {
  EMPTY_FILTER,
  buildGrid,
  pruneSelection,
  selectAllOf,
  selectOnly,
  selectRange,
  toggleInSelection,
  type GridModel,
  type ListFilter,
  type ListSort,
  type Selection,
  type StateGroup,
} from './list-model';
import type { StatsColumn } from '../features/stats/stats-columns';
import { guestStatsOf } from './stats-slice';
import type { AppState, SliceCreator } from './types';

/**
 * The manager list's columns, in display order. The name comes first and
 * is always there; new columns (stats, sparklines) go into COLUMN_ORDER and
 * the renderer's column table (features/manager/columns.tsx).
 */
export type ColumnId = 'name' | 'state' | 'tags' | StatsColumn;
export const COLUMN_ORDER: readonly ColumnId[] = ['name', 'state', 'tags', 'guestCpu', 'hostCpu', 'memory', 'disk', 'network'];
/** Host CPU is the guest CPU seen from the host: off by default to keep rows short. */
const DEFAULT_COLUMNS: readonly ColumnId[] = COLUMN_ORDER.filter((c) => c !== 'hostCpu');

const COLUMNS_KEY = 'virtdesk.columns';

/** The user's columns survive a restart: a view preference, so the renderer's own storage is the right place. */
function loadColumns(): readonly ColumnId[] {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(COLUMNS_KEY) ?? 'null') as unknown;
    if (Array.isArray(saved)) return COLUMN_ORDER.filter((c) => c === 'name' || saved.includes(c));
  } catch {
    /* defaults */
  }
  return DEFAULT_COLUMNS;
}

function saveColumns(columns: readonly ColumnId[]): void {
  try {
    globalThis.localStorage?.setItem(COLUMNS_KEY, JSON.stringify(columns));
  } catch {
    /* a view preference is not worth an error */
  }
}

/** A dialog about one guest that the manager shows (the confirmation has its own slot). */
export type ManagerDialog = { type: 'tags'; key: string } | { type: 'rename'; key: string } | { type: 'delete'; key: string };

export interface ListData {
  filter: ListFilter;
  /** Every selected domain key; `selectedKey` (ui slice) is the lead, the row with focus. */
  selectedKeys: Readonly<Record<string, true>>;
  anchorKey: string | null;
  visibleColumns: readonly ColumnId[];
  /** null: name order, as the rows come. */
  sort: ColumnSort | null;
  managerDialog: ManagerDialog | null;
}

export interface ColumnSort {
  column: ColumnId;
  descending: boolean;
}

const STATS_SORT: ReadonlySet<ColumnId> = new Set(['guestCpu', 'hostCpu', 'memory', 'disk', 'network']);

/** What a column sorts by, for one row. */
function sortValue(s: AppState, column: ColumnId): ListSort['value'] {
  const stat = (d: DomainSummary) => guestStatsOf(s, d)?.latest;
  /** Read and write (or received and sent) together; null where the guest has neither. */
  const sum = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined ? null : a + (b ?? 0));
  switch (column) {
    case 'name':
      return (_k, d) => d.name;
    case 'state':
      return (_k, d) => DOMAIN_STATE_LABELS[d.state];
    case 'tags':
      return (_k, d) => (d.tags.length > 0 ? d.tags.join(', ') : null);
    case 'guestCpu':
      return (_k, d) => stat(d)?.cpuPct ?? null;
    case 'hostCpu':
      return (_k, d) => stat(d)?.hostCpuPct ?? null;
    case 'memory':
      return (_k, d) => stat(d)?.memPct ?? null;
    case 'disk':
      return (_k, d) => sum(stat(d)?.diskRdBps, stat(d)?.diskWrBps);
    case 'network':
      return (_k, d) => sum(stat(d)?.netRxBps, stat(d)?.netTxBps);
  }
}

export interface ListSlice extends ListData {
  setFilterText(text: string): void;
  toggleStateFilter(group: StateGroup): void;
  setConnectionFilter(connectionId: string | null): void;
  clearFilter(): void;
  /** Ctrl+click. */
  toggleSelected(key: string): void;
  /** Shift+click, Shift+arrows: from the anchor to `key`. */
  selectRangeTo(key: string): void;
  /** Ctrl+A: every row shown. */
  selectAll(): void;
  setColumnVisible(column: ColumnId, visible: boolean): void;
  /** A header click: by that column (figures busiest first), then the other way, then back to name order. */
  sortBy(column: ColumnId): void;
  openManagerDialog(dialog: ManagerDialog): void;
  closeManagerDialog(): void;
}

// ---- the grid model, memoized on its inputs (one entry: one store per window) ----

let cache: { inputs: unknown[]; model: GridModel } | undefined;

/** The rows in screen order; recomputed only when domains, connections, collapse or filter change. */
export function selectGrid(s: AppState): GridModel {
  // Live figures reorder a sorted list on every sample; otherwise they do not matter here.
  const inputs = [s.connections, s.connectionOrder, s.domains, s.domainKeysByConnection, s.collapsedConnections, s.filter, s.sort, s.sort && STATS_SORT.has(s.sort.column) ? s.guestStats : null];
  if (cache && cache.inputs.every((v, i) => v === inputs[i])) return cache.model;
  const model = buildGrid({
    connections: s.connections,
    connectionOrder: s.connectionOrder,
    domains: s.domains,
    domainKeysByConnection: s.domainKeysByConnection,
    collapsedConnections: s.collapsedConnections,
    filter: s.filter,
    sort: s.sort ? { column: s.sort.column, descending: s.sort.descending, value: sortValue(s, s.sort.column) } : null,
  });
  cache = { inputs, model };
  return model;
}

export function selectionOf(s: Pick<AppState, 'selectedKeys' | 'anchorKey' | 'selectedKey'>): Selection {
  return { keys: s.selectedKeys, anchor: s.anchorKey, lead: s.selectedKey };
}

export function selectionPatch(sel: Selection): Pick<AppState, 'selectedKeys' | 'anchorKey' | 'selectedKey'> {
  return { selectedKeys: sel.keys, anchorKey: sel.anchor, selectedKey: sel.lead };
}

/** After the filter changed: rows it hides leave the selection, so bulk actions never reach unseen guests. */
function withFilter(s: AppState, filter: ListFilter): Partial<AppState> {
  const next = { ...s, filter };
  const grid = selectGrid(next);
  return { filter, ...selectionPatch(pruneSelection(selectionOf(s), (k) => grid.indexOf.has(k))) };
}

export const createListSlice: SliceCreator<ListSlice> = (set) => ({
  filter: EMPTY_FILTER,
  selectedKeys: {},
  anchorKey: null,
  visibleColumns: loadColumns(),
  sort: null,
  managerDialog: null,
  setFilterText: (text) => set((s) => (s.filter.text === text ? {} : withFilter(s, { ...s.filter, text }))),
  toggleStateFilter: (group) =>
    set((s) => {
      const states = { ...s.filter.states };
      if (states[group]) delete states[group];
      else states[group] = true;
      return withFilter(s, { ...s.filter, states });
    }),
  setConnectionFilter: (connectionId) => set((s) => withFilter(s, { ...s.filter, connectionId })),
  clearFilter: () => set((s) => withFilter(s, EMPTY_FILTER)),
  toggleSelected: (key) => set((s) => selectionPatch(toggleInSelection(selectionOf(s), key))),
  selectRangeTo: (key) =>
    set((s) => {
      const grid = selectGrid(s);
      return selectionPatch(selectRange(selectionOf(s), key, grid.visibleKeys, grid.indexOf));
    }),
  selectAll: () => set((s) => selectionPatch(selectAllOf(selectGrid(s).visibleKeys, s.selectedKey))),
  setColumnVisible: (column, visible) =>
    set((s) => {
      const visibleColumns = COLUMN_ORDER.filter((c) => c === 'name' || (c === column ? visible : s.visibleColumns.includes(c)));
      saveColumns(visibleColumns);
      return { visibleColumns };
    }),
  sortBy: (column) =>
    set((s) => {
      const firstDescending = STATS_SORT.has(column);
      if (s.sort?.column !== column) return { sort: { column, descending: firstDescending } };
      if (s.sort.descending === firstDescending) return { sort: { column, descending: !firstDescending } };
      return { sort: null };
    }),
  openManagerDialog: (dialog) => set({ managerDialog: dialog, contextMenu: null }),
  closeManagerDialog: () => set({ managerDialog: null }),
});

export { selectOnly };
