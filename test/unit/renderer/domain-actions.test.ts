import { describe, expect, it } from 'vitest';
import { allowedActions, domainKey, type DomainAction, type DomainState } from '../../../preload/contract';
import { VirtError } from '../../../renderer/src/platform/client';
import {
  ACTION_LABELS,
  actionStates,
  requestDomainAction,
  runDomainAction,
} from '../../../renderer/src/features/manager/domain-actions';
import { createAppStore } from '../../../renderer/src/store';
import { FakeClient, settle } from './fake-client';
import { dom } from './fixtures';

const enabled = (states: ReturnType<typeof actionStates>) => states.filter((s) => s.enabled).map((s) => s.label);

describe('actionStates (toolbar and context menu enabling)', () => {
  it('offers the six actions in virt-manager order with their exact names', () => {
    expect(actionStates(undefined, undefined).map((s) => s.label)).toEqual([
      'Run',
      'Pause',
      'Resume',
      'Shut Down',
      'Reboot',
      'Force Off',
    ]);
  });

  it('disables everything when nothing is selected', () => {
    expect(enabled(actionStates(undefined, undefined))).toEqual([]);
  });

  it.each<[DomainState, number | null, string[]]>([
    ['shutoff', null, ['Run']],
    ['saved', null, ['Run']],
    ['running', 1, ['Pause', 'Shut Down', 'Reboot', 'Force Off']],
    ['blocked', 1, ['Pause', 'Shut Down', 'Reboot', 'Force Off']],
    ['paused', 1, ['Resume', 'Force Off']],
    ['shutdown', 1, ['Force Off']],
    ['crashed', null, ['Run']],
    ['crashed', 3, ['Run', 'Force Off']],
    ['pmsuspended', 1, ['Force Off']],
  ])('%s (id %s) enables %j, exactly as allowedActions says', (state, id, expected) => {
    const d = dom('vm', state, { id });
    expect(enabled(actionStates(d, undefined))).toEqual(expected);
    const fromContract = [...allowedActions(d)].map((a: DomainAction) => ACTION_LABELS[a]);
    expect(new Set(enabled(actionStates(d, undefined)))).toEqual(new Set(fromContract));
  });

  it('a pending call disables all and marks them busy, the running one specially', () => {
    const states = actionStates(dom('vm', 'running'), 'shutdown');
    expect(enabled(states)).toEqual([]);
    expect(states.every((s) => s.busy)).toBe(true);
    expect(states.filter((s) => s.running).map((s) => s.action)).toEqual(['shutdown']);
  });
});

function setup(state: DomainState = 'running') {
  const store = createAppStore();
  const client = new FakeClient();
  const d = dom('test', state, { uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' });
  store.getState().domainsListed('c1', [d]);
  return { store, client, d, key: domainKey(d) };
}

describe('runDomainAction', () => {
  it('sends exactly {connectionId, uuid}, is pending meanwhile, and leaves the state to the event', async () => {
    const { store, client, d, key } = setup();
    const done = runDomainAction(client, store, key, 'shutdown');
    const call = client.take('domains.shutdown');
    expect(call.args).toEqual([{ connectionId: 'c1', uuid: d.uuid }]);
    expect(Object.keys(call.args[0] as object).sort()).toEqual(['connectionId', 'uuid']);
    expect(store.getState().pendingActions[key]).toBe('shutdown');

    // a second request while pending does nothing
    await runDomainAction(client, store, key, 'reboot');
    expect(client.pending()).toBe(0);

    call.resolve(undefined);
    await done;
    expect(store.getState().pendingActions[key]).toBeUndefined();
    expect(store.getState().domains[key]!.state).toBe('running'); // no optimistic change
    expect(store.getState().notifications).toEqual([]);
  });

  it('reports a failure naming the domain and the action, with libvirt’s detail', async () => {
    const { store, client, key } = setup();
    const done = runDomainAction(client, store, key, 'shutdown');
    client.take('domains.shutdown').reject(
      new VirtError({
        code: 'libvirt',
        message: 'Could not shut down test',
        detail: 'Requested operation is not valid: domain is not running',
      }),
    );
    await done;
    expect(store.getState().notifications).toMatchObject([
      { message: 'Could not shut down test', detail: 'Requested operation is not valid: domain is not running' },
    ]);
    expect(store.getState().pendingActions).toEqual({});
    expect(store.getState().domains[key]!.state).toBe('running');
  });

  it('keeps main’s message when it says something the headline does not', async () => {
    const { store, client, key } = setup();
    const done = runDomainAction(client, store, key, 'suspend');
    client.take('domains.suspend').reject(new VirtError({ code: 'not-connected', message: 'test:///default is not connected' }));
    await done;
    expect(store.getState().notifications).toMatchObject([
      { message: 'Could not pause test', detail: 'test:///default is not connected' },
    ]);
  });
});

describe('requestDomainAction', () => {
  it('asks before Force Off and calls nothing yet', async () => {
    const { store, client, key } = setup();
    requestDomainAction(client, store, key, 'destroy');
    await settle();
    expect(client.pending()).toBe(0);
    const confirm = store.getState().confirm;
    expect(confirm?.title).toBe('Force off test?');
    expect(confirm?.confirmLabel).toBe('Force Off');
    expect(confirm?.danger).toBe(true);
    expect(confirm?.message).toMatch(/pulling the power cord/);
    expect(confirm?.message).toMatch(/unsaved data in the guest is lost/);
    expect(confirm?.intent).toEqual({ type: 'domain-action', keys: [key], action: 'destroy' });
  });

  it('runs other allowed actions at once and ignores ones the state does not allow', () => {
    const { store, client, key } = setup('running');
    requestDomainAction(client, store, key, 'start');
    expect(client.pending()).toBe(0);
    requestDomainAction(client, store, key, 'reboot');
    expect(client.pending('domains.reboot')).toBe(1);
  });
});
