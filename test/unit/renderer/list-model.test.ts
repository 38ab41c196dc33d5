import { describe, expect, it } from 'vitest';
import { domainKey, type ConnectionInfo } from '../../../preload/contract';
import {
  EMPTY_FILTER,
  buildGrid,
  domainMatcher,
  orderedSelection,
  pruneSelection,
  selectAllOf,
  selectOnly,
  selectRange,
  stateGroup,
  toggleInSelection,
} from '../../../renderer/src/store/list-model';
import { createAppStore } from '../../../renderer/src/store';
import { selectGrid } from '../../../renderer/src/store/list-slice';
import { dom } from './fixtures';

const conn: ConnectionInfo = { id: 'c1', uri: 'test:///default', label: 'Test', saved: false, autoconnect: false, state: { kind: 'connected', hostname: 'h', libvirtVersion: '9' } };

describe('filter matching', () => {
  const web = dom('web-01', 'running', { title: 'Front End', description: 'Serves the SHOP', tags: ['prod', 'web'] });
  const db = dom('db-01', 'paused', { tags: ['prod'] });
  const old = dom('legacy', 'crashed');
  const m = (text: string, states = {}) => [web, db, old].filter(domainMatcher({ ...EMPTY_FILTER, text, states })).map((d) => d.name);

  it('matches name, title, description and tags, as substrings, ignoring case', () => {
    expect(m('WEB')).toEqual(['web-01']);
    expect(m('front')).toEqual(['web-01']);
    expect(m('shop')).toEqual(['web-01']);
    expect(m('pro')).toEqual(['web-01', 'db-01']);
    expect(m('-01')).toEqual(['web-01', 'db-01']);
    expect(m('')).toEqual(['web-01', 'db-01', 'legacy']);
  });

  it('needs every word, and tag:x is an exact tag', () => {
    expect(m('prod 01')).toEqual(['web-01', 'db-01']);
    expect(m('prod web')).toEqual(['web-01']);
    expect(m('tag:pro')).toEqual([]);
    expect(m('tag:PROD')).toEqual(['web-01', 'db-01']);
  });

  it('filters by state chips, any of those pressed', () => {
    expect(m('', { paused: true })).toEqual(['db-01']);
    expect(m('', { running: true, other: true })).toEqual(['web-01', 'legacy']);
    expect(m('prod', { running: true })).toEqual(['web-01']);
  });

  it('groups states as the chips say', () => {
    expect(['running', 'blocked', 'paused', 'pmsuspended', 'shutoff', 'saved', 'crashed', 'shutdown', 'nostate'].map((s) => stateGroup(s as never))).toEqual([
      'running', 'running', 'paused', 'paused', 'off', 'off', 'other', 'other', 'other',
    ]);
  });
});

describe('grid model', () => {
  it('counts rows for aria-rowcount and skips collapsed and filtered rows', () => {
    const ds = [dom('b'), dom('a', 'running'), dom('c')];
    const domains = Object.fromEntries(ds.map((d) => [domainKey(d), d]));
    const keys = ['a', 'b', 'c'].map((n) => domainKey(ds.find((d) => d.name === n)!));
    const input = { connections: { c1: conn }, connectionOrder: ['c1'], domains, domainKeysByConnection: { c1: keys }, collapsedConnections: {}, filter: EMPTY_FILTER };
    expect(buildGrid(input)).toMatchObject({ rowCount: 4, visibleKeys: keys, groups: [{ rowIndex: 2, matching: 3, total: 3 }] });
    const filtered = buildGrid({ ...input, filter: { ...EMPTY_FILTER, states: { running: true } } });
    expect(filtered.visibleKeys).toEqual([keys[0]]);
    expect(filtered.rowCount).toBe(2);
    expect(buildGrid({ ...input, collapsedConnections: { c1: true } })).toMatchObject({ rowCount: 1, visibleKeys: [], groups: [{ matching: 3 }] });
    expect(buildGrid({ ...input, filter: { ...EMPTY_FILTER, connectionId: 'other' } }).rowCount).toBe(0);
  });
});

describe('selection', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  it('Shift extends from the anchor, both ways, and the anchor stays', () => {
    let sel = selectOnly('b');
    sel = selectRange(sel, 'd', order);
    expect(orderedSelection(sel.keys, order)).toEqual(['b', 'c', 'd']);
    expect(sel).toMatchObject({ anchor: 'b', lead: 'd' });
    sel = selectRange(sel, 'a', order);
    expect(orderedSelection(sel.keys, order)).toEqual(['a', 'b']);
  });

  it('Ctrl toggles one row and moves the anchor there', () => {
    let sel = toggleInSelection(selectOnly('a'), 'c');
    expect(orderedSelection(sel.keys, order)).toEqual(['a', 'c']);
    sel = selectRange(sel, 'e', order);
    expect(orderedSelection(sel.keys, order)).toEqual(['c', 'd', 'e']);
    sel = toggleInSelection(sel, 'd');
    expect(orderedSelection(sel.keys, order)).toEqual(['c', 'e']);
  });

  it('Ctrl+A selects every row shown; pruning drops gone or hidden ones', () => {
    const all = selectAllOf(order, 'c');
    expect(orderedSelection(all.keys, order)).toEqual(order);
    expect(all.lead).toBe('c');
    const pruned = pruneSelection(all, (k) => k !== 'c' && k !== 'a');
    expect(orderedSelection(pruned.keys, order)).toEqual(['b', 'd', 'e']);
    expect(pruned.lead).toBeNull();
    expect(pruneSelection(pruned, () => true)).toBe(pruned);
  });

  it('in the store: a filter that hides selected rows unselects them', () => {
    const store = createAppStore();
    const ds = [dom('web-1', 'running'), dom('web-2', 'shutoff'), dom('db-1', 'running')];
    store.getState().connectionsListed([conn]);
    store.getState().domainsListed('c1', ds);
    const s = store.getState();
    s.select(domainKey(ds[0]!));
    s.selectAll();
    expect(Object.keys(store.getState().selectedKeys)).toHaveLength(3);
    store.getState().setFilterText('web');
    expect(selectGrid(store.getState()).visibleKeys).toHaveLength(2);
    expect(Object.keys(store.getState().selectedKeys).sort()).toEqual([domainKey(ds[0]!), domainKey(ds[1]!)].sort());
    store.getState().toggleStateFilter('off');
    expect(Object.keys(store.getState().selectedKeys)).toEqual([domainKey(ds[1]!)]);
  });

  it('metadata batches update many domains in one state change', () => {
    const store = createAppStore();
    const ds = [dom('x', 'running'), dom('y')];
    store.getState().connectionsListed([conn]);
    store.getState().domainsListed('c1', ds);
    store.getState().applyEvents([{ name: 'domains.updated', payload: { connectionId: 'c1', domains: ds.map((d) => ({ ...d, tags: ['t'], description: 'hi' })) } }]);
    expect(Object.values(store.getState().domains).map((d) => d.tags)).toEqual([['t'], ['t']]);
    store.getState().setFilterText('tag:t');
    expect(selectGrid(store.getState()).visibleKeys).toHaveLength(2);
  });
});
