import { describe, expect, it, vi } from 'vitest';
import { domainKey } from '../../../preload/contract';
import { createAppStore } from '../../../renderer/src/store';
import { MAX_NOTIFICATIONS } from '../../../renderer/src/store/ui-slice';
import { selectTabStopKey, visibleDomainKeys } from '../../../renderer/src/store/selectors';
import { conn, dom } from './fixtures';

const names = (store: ReturnType<typeof createAppStore>, connectionId = 'c1') =>
  (store.getState().domainKeysByConnection[connectionId] ?? []).map((k) => store.getState().domains[k]!.name);

describe('connections slice', () => {
  it('keeps the listed order, appends new connections and upserts by id', () => {
    const store = createAppStore();
    expect(store.getState().connectionsLoaded).toBe(false);
    store.getState().connectionsListed([conn('b'), conn('a')]);
    expect(store.getState().connectionOrder).toEqual(['b', 'a']);
    expect(store.getState().connectionsLoaded).toBe(true);

    store.getState().connectionChanged(conn('c', 'connecting'));
    store.getState().connectionChanged(conn('b', 'disconnected'));
    expect(store.getState().connectionOrder).toEqual(['b', 'a', 'c']);
    expect(store.getState().connections.b!.state.kind).toBe('disconnected');
  });

  it('removing a connection forgets its domains and clears a selection among them', () => {
    const store = createAppStore();
    store.getState().connectionsListed([conn('c1'), conn('c2')]);
    const a = dom('a');
    const b = dom('b', 'running', { connectionId: 'c2' });
    store.getState().domainsListed('c1', [a]);
    store.getState().domainsListed('c2', [b]);
    store.getState().select(domainKey(a));

    store.getState().connectionRemoved('c1');
    const s = store.getState();
    expect(s.connectionOrder).toEqual(['c2']);
    expect(s.connections.c1).toBeUndefined();
    expect(Object.keys(s.domains)).toEqual([domainKey(b)]);
    expect(s.domainKeysByConnection.c1).toBeUndefined();
    expect(s.selectedKey).toBeNull();
  });

  it('a new snapshot drops connections (and their domains) that are gone, keeps the domains of the others', () => {
    const store = createAppStore();
    store.getState().connectionsListed([conn('c1'), conn('c2')]);
    store.getState().domainsListed('c1', [dom('a')]);
    store.getState().domainsListed('c2', [dom('b', 'shutoff', { connectionId: 'c2' })]);
    store.getState().connectionsListed([conn('c2', 'disconnected')]);
    expect(store.getState().connectionOrder).toEqual(['c2']);
    expect(names(store, 'c1')).toEqual([]);
    expect(names(store, 'c2')).toEqual(['b']);
  });
});

describe('domains slice', () => {
  it('listed replaces what was known of that connection only, sorted by name (numeric-aware)', () => {
    const store = createAppStore();
    const other = dom('zz', 'running', { connectionId: 'c2' });
    store.getState().domainsListed('c2', [other]);
    store.getState().domainsListed('c1', [dom('old')]);
    store.getState().domainsListed('c1', [dom('vm10'), dom('Beta'), dom('vm2'), dom('alpha')]);
    expect(names(store)).toEqual(['alpha', 'Beta', 'vm2', 'vm10']);
    expect(Object.values(store.getState().domains).map((d) => d.name)).not.toContain('old');
    expect(store.getState().domains[domainKey(other)]).toBe(other);
  });

  it('listed ignores entries of another connection', () => {
    const store = createAppStore();
    store.getState().domainsListed('c1', [dom('a'), dom('b', 'shutoff', { connectionId: 'c2' })]);
    expect(names(store)).toEqual(['a']);
    expect(Object.keys(store.getState().domains)).toHaveLength(1);
  });

  it('upserts by connection and uuid, re-sorting only when the order can change', () => {
    const store = createAppStore();
    const a = dom('a');
    const m = dom('m');
    store.getState().domainsListed('c1', [m, a]);
    const keysBefore = store.getState().domainKeysByConnection.c1;

    store.getState().domainChanged({ ...a, state: 'running', id: 7 });
    expect(store.getState().domains[domainKey(a)]!.state).toBe('running');
    expect(store.getState().domainKeysByConnection.c1).toBe(keysBefore); // same name: same array

    store.getState().domainChanged({ ...a, name: 'z' }); // renamed
    expect(names(store)).toEqual(['m', 'z']);

    store.getState().domainChanged(dom('b'));
    expect(names(store)).toEqual(['b', 'm', 'z']);
  });

  it('an unchanged upsert keeps the state object (no re-render)', () => {
    const store = createAppStore();
    const a = dom('a');
    store.getState().domainsListed('c1', [a]);
    const before = store.getState();
    store.getState().domainChanged({ ...a });
    expect(store.getState().domains).toBe(before.domains);
    // and a re-list keeps unchanged domain objects
    store.getState().domainsListed('c1', [{ ...a }]);
    expect(store.getState().domains[domainKey(a)]).toBe(a);
  });

  it('removes a domain, its key, and the UI state that pointed at it', () => {
    const store = createAppStore();
    const a = dom('a');
    const b = dom('b');
    store.getState().domainsListed('c1', [a, b]);
    store.getState().openContextMenu({ key: domainKey(a), x: 1, y: 2 });
    expect(store.getState().selectedKey).toBe(domainKey(a));
    store.getState().domainRemoved({ connectionId: 'c1', uuid: a.uuid });
    const s = store.getState();
    expect(names(store)).toEqual(['b']);
    expect(s.selectedKey).toBeNull();
    expect(s.contextMenu).toBeNull();
    // removing an unknown domain changes nothing
    store.getState().domainRemoved({ connectionId: 'c1', uuid: a.uuid });
    expect(store.getState()).toBe(s);
  });

  it('drops a pending confirmation for a domain that disappeared', () => {
    const store = createAppStore();
    const a = dom('a', 'running');
    store.getState().domainsListed('c1', [a]);
    store.getState().requestConfirm({
      title: 't',
      message: 'm',
      confirmLabel: 'Force Off',
      danger: true,
      intent: { type: 'domain-action', keys: [domainKey(a)], action: 'destroy' },
    });
    store.getState().domainsListed('c1', []);
    expect(store.getState().confirm).toBeNull();
  });
});

describe('applyEvents', () => {
  it('applies a batch in order with one store update', () => {
    const store = createAppStore();
    const listener = vi.fn();
    store.subscribe(listener);
    const a = dom('a');
    store.getState().applyEvents([
      { name: 'connections.changed', payload: conn('c1') },
      { name: 'domains.listed', payload: { connectionId: 'c1', domains: [a] } },
      { name: 'domains.changed', payload: { ...a, state: 'running', id: 3 } },
      { name: 'domains.changed', payload: dom('b') },
      { name: 'domains.removed', payload: { connectionId: 'c1', uuid: a.uuid } },
    ]);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(names(store)).toEqual(['b']);
    expect(store.getState().connectionOrder).toEqual(['c1']);
  });

  it('an empty batch does not notify', () => {
    const store = createAppStore();
    const listener = vi.fn();
    store.subscribe(listener);
    store.getState().applyEvents([]);
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('ui slice', () => {
  it('keeps at most a few notifications and dismisses by id', () => {
    const store = createAppStore();
    for (let i = 0; i < MAX_NOTIFICATIONS + 2; i++) store.getState().notify({ message: `m${i}` });
    const list = store.getState().notifications;
    expect(list).toHaveLength(MAX_NOTIFICATIONS);
    expect(list[list.length - 1]!.message).toBe(`m${MAX_NOTIFICATIONS + 1}`);
    store.getState().dismissNotification(list[0]!.id);
    expect(store.getState().notifications.map((n) => n.message)).not.toContain(list[0]!.message);
  });

  it('tracks pending actions per domain', () => {
    const store = createAppStore();
    store.getState().setPendingAction('c1/x', 'shutdown');
    expect(store.getState().pendingActions).toEqual({ 'c1/x': 'shutdown' });
    store.getState().setPendingAction('c1/x', null);
    expect(store.getState().pendingActions).toEqual({});
  });

  it('tab stop and keyboard order follow connections, skipping collapsed ones', () => {
    const store = createAppStore();
    store.getState().connectionsListed([conn('c1'), conn('c2')]);
    const a = dom('a');
    const b = dom('b');
    const c = dom('c', 'shutoff', { connectionId: 'c2' });
    store.getState().domainsListed('c1', [b, a]);
    store.getState().domainsListed('c2', [c]);
    expect(visibleDomainKeys(store.getState())).toEqual([a, b, c].map(domainKey));
    expect(selectTabStopKey(store.getState())).toBe(domainKey(a));
    store.getState().select(domainKey(c));
    expect(selectTabStopKey(store.getState())).toBe(domainKey(c));
    store.getState().toggleConnectionCollapsed('c2');
    expect(visibleDomainKeys(store.getState())).toEqual([a, b].map(domainKey));
    expect(selectTabStopKey(store.getState())).toBe(domainKey(a));
    store.getState().toggleConnectionCollapsed('c2');
    expect(store.getState().collapsedConnections).toEqual({});
  });
});
