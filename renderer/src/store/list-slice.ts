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
  type Selection,
  type StateGroup,
} from './list-model';
import type { AppState, SliceCreator } from './types';

/**
 * The manager list's columns, in display order. The name comes first and
 * is always there; new columns (stats, sparklines) go into COLUMN_ORDER and
 * the renderer's column table (features/manager/columns.tsx).
 */
export type ColumnId = 'name' | 'state' | 'tags';
export const COLUMN_ORDER: readonly ColumnId[] = ['name', 'state', 'tags'];

/** A dialog about one guest that the manager shows (the confirmation has its own slot). */
export type ManagerDialog = { type: 'tags'; key: string } | { type: 'rename'; key: string };

export interface ListData {
  filter: ListFilter;
  /** Every selected domain key; `selectedKey` (ui slice) is the lead, the row with focus. */
  selectedKeys: Readonly<Record<string, true>>;
  anchorKey: string | null;
  visibleColumns: readonly ColumnId[];
  managerDialog: ManagerDialog | null;
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
  openManagerDialog(dialog: ManagerDialog): void;
  closeManagerDialog(): void;
}

// ---- the grid model, memoized on its inputs (one entry: one store per window) ----

let cache: { inputs: unknown[]; model: GridModel } | undefined;

/** The rows in screen order; recomputed only when domains, connections, collapse or filter change. */
export function selectGrid(s: AppState): GridModel {
  const inputs = [s.connections, s.connectionOrder, s.domains, s.domainKeysByConnection, s.collapsedConnections, s.filter];
  if (cache && cache.inputs.every((v, i) => v === inputs[i])) return cache.model;
  const model = buildGrid({
    connections: s.connections,
    connectionOrder: s.connectionOrder,
    domains: s.domains,
    domainKeysByConnection: s.domainKeysByConnection,
    collapsedConnections: s.collapsedConnections,
    filter: s.filter,
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
  visibleColumns: COLUMN_ORDER,
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
    set((s) => ({
      visibleColumns: COLUMN_ORDER.filter((c) => c === 'name' || (c === column ? visible : s.visibleColumns.includes(c))),
    })),
  openManagerDialog: (dialog) => set({ managerDialog: dialog, contextMenu: null }),
  closeManagerDialog: () => set({ managerDialog: null }),
});

export { selectOnly };
