import type { ConnectionInfo, DomainState, DomainSummary } from '../../../preload/contract';

// Pure logic of the manager's list: filtering, the rows in screen order, and
// multi-selection. No React, no store: unit tests call these directly.

/** The state chips of the filter bar. */
export type StateGroup = 'running' | 'paused' | 'off' | 'other';

export const STATE_GROUPS: readonly StateGroup[] = ['running', 'paused', 'off', 'other'];

export const STATE_GROUP_LABELS: Readonly<Record<StateGroup, string>> = {
  running: 'Running',
  paused: 'Paused',
  off: 'Off',
  other: 'Other',
};

export function stateGroup(state: DomainState): StateGroup {
  switch (state) {
    case 'running':
    case 'blocked':
      return 'running';
    case 'paused':
    case 'pmsuspended':
      return 'paused';
    case 'shutoff':
    case 'saved':
      return 'off';
    default:
      return 'other';
  }
}

export interface ListFilter {
  /** What the user typed: words that must all match (AND); `tag:x` matches the tag x exactly. */
  text: string;
  /** Chips pressed; none pressed shows every state. */
  states: Readonly<Partial<Record<StateGroup, true>>>;
  /** One connection only, or null for all. */
  connectionId: string | null;
}

export const EMPTY_FILTER: ListFilter = { text: '', states: {}, connectionId: null };

interface Term {
  tag: boolean;
  value: string;
}

/** Splits the filter text into lower-cased terms. */
export function parseFilterText(text: string): Term[] {
  const terms: Term[] = [];
  for (const word of text.toLowerCase().split(/\s+/)) {
    if (!word) continue;
    if (word.startsWith('tag:') && word.length > 4) terms.push({ tag: true, value: word.slice(4) });
    else terms.push({ tag: false, value: word });
  }
  return terms;
}

export function isFilterActive(f: ListFilter): boolean {
  return f.text.trim() !== '' || Object.keys(f.states).length > 0 || f.connectionId !== null;
}

interface SearchText {
  name: string;
  title: string;
  description: string;
  tags: string[];
}

// Summaries are immutable (a change is a new object), so their lower-cased
// texts are made once, not 1,000 times a keystroke.
const searchTexts = new WeakMap<DomainSummary, SearchText>();

function searchText(d: DomainSummary): SearchText {
  let t = searchTexts.get(d);
  if (!t) {
    t = { name: d.name.toLowerCase(), title: d.title.toLowerCase(), description: d.description.toLowerCase(), tags: d.tags.map((x) => x.toLowerCase()) };
    searchTexts.set(d, t);
  }
  return t;
}

/** A predicate for one filter: parse once, test many rows (1,000 per keystroke). */
export function domainMatcher(f: ListFilter): (d: DomainSummary) => boolean {
  const terms = parseFilterText(f.text);
  const groups = Object.keys(f.states) as StateGroup[];
  const anyState = groups.length === 0;
  if (terms.length === 0 && anyState) return () => true;
  return (d) => {
    if (!anyState && !f.states[stateGroup(d.state)]) return false;
    if (terms.length === 0) return true;
    const { name, title, description, tags } = searchText(d);
    return terms.every((t) =>
      t.tag
        ? tags.includes(t.value)
        : name.includes(t.value) || title.includes(t.value) || description.includes(t.value) || tags.some((x) => x.includes(t.value)),
    );
  };
}

/** One connection and the domain rows shown under it. */
export interface GridGroup {
  connectionId: string;
  /** Matching domain keys, in name order (empty when collapsed). */
  keys: readonly string[];
  /** Matching domains, collapsed or not (for "12 of 1,000"). */
  matching: number;
  /** All its domains. */
  total: number;
  collapsed: boolean;
  /** aria-rowindex of the connection row (the header row is 1). */
  rowIndex: number;
}

export interface GridModel {
  groups: readonly GridGroup[];
  /** Domain keys in screen order: what arrows, Home/End, Shift+click and Ctrl+A walk. */
  visibleKeys: readonly string[];
  /** key → position in visibleKeys. */
  indexOf: ReadonlyMap<string, number>;
  /** Rows below the header (connections and domains). */
  rowCount: number;
}

/**
 * A column sort: `value` reads what the column sorts by (a number or text;
 * null sorts last either way). Ties keep name order, so rows do not shuffle.
 */
export interface ListSort {
  column: string;
  descending: boolean;
  value(key: string, domain: DomainSummary): number | string | null;
}

export interface GridInput {
  connections: Readonly<Record<string, ConnectionInfo>>;
  connectionOrder: readonly string[];
  domains: Readonly<Record<string, DomainSummary>>;
  domainKeysByConnection: Readonly<Record<string, readonly string[]>>;
  collapsedConnections: Readonly<Record<string, true>>;
  filter: ListFilter;
  sort?: ListSort | null;
}

const textOrder = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** `keys` (in name order) sorted by `sort`; the input when there is nothing to do. */
export function sortKeys(keys: readonly string[], domains: Readonly<Record<string, DomainSummary>>, sort: ListSort | null | undefined): readonly string[] {
  if (!sort || keys.length < 2) return keys;
  const rows = keys.map((k, i) => ({ k, i, v: domains[k] ? sort.value(k, domains[k]!) : null }));
  const dir = sort.descending ? -1 : 1;
  rows.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
    const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : textOrder.compare(String(a.v), String(b.v));
    return c !== 0 ? c * dir : a.i - b.i;
  });
  return rows.map((r) => r.k);
}

const NO_KEYS: readonly string[] = [];

export function buildGrid(s: GridInput): GridModel {
  const match = domainMatcher(s.filter);
  const all = s.filter.text.trim() === '' && Object.keys(s.filter.states).length === 0;
  const groups: GridGroup[] = [];
  const visibleKeys: string[] = [];
  let rowIndex = 2;
  for (const id of s.connectionOrder) {
    if (s.filter.connectionId !== null && s.filter.connectionId !== id) continue;
    if (!s.connections[id]) continue;
    const keys = s.domainKeysByConnection[id] ?? NO_KEYS;
    const matching = sortKeys(all ? keys : keys.filter((k) => s.domains[k] !== undefined && match(s.domains[k]!)), s.domains, s.sort);
    const collapsed = s.collapsedConnections[id] === true;
    const shown = collapsed ? NO_KEYS : matching;
    groups.push({ connectionId: id, keys: shown, matching: matching.length, total: keys.length, collapsed, rowIndex });
    rowIndex += 1 + shown.length;
    for (const k of shown) visibleKeys.push(k);
  }
  const indexOf = new Map<string, number>();
  visibleKeys.forEach((k, i) => indexOf.set(k, i));
  return { groups, visibleKeys, indexOf, rowCount: rowIndex - 2 };
}

// ---- selection ----

export interface Selection {
  /** Every selected key. */
  keys: Readonly<Record<string, true>>;
  /** Where Shift+click and Shift+arrows extend from. */
  anchor: string | null;
  /** The row with focus (the toolbar's "current" guest); always selected unless toggled off. */
  lead: string | null;
}

export const NO_SELECTION: Selection = { keys: {}, anchor: null, lead: null };

export function selectOnly(key: string | null): Selection {
  return key === null ? NO_SELECTION : { keys: { [key]: true }, anchor: key, lead: key };
}

/** Ctrl+click: flips one row, keeps the others; the anchor moves there. */
export function toggleInSelection(sel: Selection, key: string): Selection {
  const keys = { ...sel.keys };
  if (keys[key]) delete keys[key];
  else keys[key] = true;
  return { keys, anchor: key, lead: key };
}

/** Shift+click and Shift+arrows: everything between the anchor and `key` in screen order (the anchor stays). */
export function selectRange(sel: Selection, key: string, order: readonly string[], indexOf?: ReadonlyMap<string, number>): Selection {
  const pos = (k: string) => (indexOf ? (indexOf.get(k) ?? -1) : order.indexOf(k));
  const anchor = sel.anchor !== null && pos(sel.anchor) >= 0 ? sel.anchor : key;
  const a = pos(anchor);
  const b = pos(key);
  if (b < 0) return sel;
  const keys: Record<string, true> = {};
  for (let i = Math.min(a, b); i <= Math.max(a, b); i++) keys[order[i]!] = true;
  return { keys, anchor, lead: key };
}

export function selectAllOf(order: readonly string[], lead: string | null): Selection {
  const keys: Record<string, true> = {};
  for (const k of order) keys[k] = true;
  return { keys, anchor: order[0] ?? null, lead: lead !== null && keys[lead] ? lead : (order[0] ?? null) };
}

/** Drops keys that are not in `keep` (gone, or filtered out). */
export function pruneSelection(sel: Selection, keep: (key: string) => boolean): Selection {
  let changed = false;
  const keys: Record<string, true> = {};
  for (const k of Object.keys(sel.keys)) {
    if (keep(k)) keys[k] = true;
    else changed = true;
  }
  const lead = sel.lead !== null && !keep(sel.lead) ? null : sel.lead;
  const anchor = sel.anchor !== null && !keep(sel.anchor) ? null : sel.anchor;
  if (!changed && lead === sel.lead && anchor === sel.anchor) return sel;
  return { keys, anchor, lead };
}

/** Selected keys in screen order. */
export function orderedSelection(keys: Readonly<Record<string, true>>, order: readonly string[]): string[] {
  const n = Object.keys(keys).length;
  if (n === 0) return [];
  const out: string[] = [];
  for (const k of order) {
    if (keys[k]) out.push(k);
    if (out.length === n) break;
  }
  return out;
}
