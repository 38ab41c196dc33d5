import { useCallback } from 'react';
import { allowedActions, type DomainAction, type DomainSummary } from '../../../../preload/contract';
import type { VirtClient } from '../../platform/client';
import { useClient } from '../../platform/client-context';
import { toErrorInfo } from '../../platform/virt-error';
import type { AppStore } from '../../store';
import { useAppStoreApi } from '../../store/use-app-store';

/** Toolbar and context-menu order, as in virt-manager. */
export const ACTION_ORDER: readonly DomainAction[] = ['start', 'suspend', 'resume', 'shutdown', 'reboot', 'destroy'];

/** Button and menu item names (tests find them by these). */
export const ACTION_LABELS: Readonly<Record<DomainAction, string>> = {
  start: 'Run',
  suspend: 'Pause',
  resume: 'Resume',
  shutdown: 'Shut Down',
  reboot: 'Reboot',
  destroy: 'Force Off',
};

/** For "Could not <verb> <name>". */
export const ACTION_VERBS: Readonly<Record<DomainAction, string>> = {
  start: 'start',
  suspend: 'pause',
  resume: 'resume',
  shutdown: 'shut down',
  reboot: 'reboot',
  destroy: 'force off',
};

export const ACTION_METHODS = {
  start: 'domains.start',
  suspend: 'domains.suspend',
  resume: 'domains.resume',
  shutdown: 'domains.shutdown',
  reboot: 'domains.reboot',
  destroy: 'domains.destroy',
} as const satisfies Record<DomainAction, string>;

export interface ActionState {
  action: DomainAction;
  label: string;
  enabled: boolean;
  /** The call for this domain is in flight (any action). */
  busy: boolean;
  /** This very action is the one in flight. */
  running: boolean;
}

/**
 * Which actions are offered for `domain` (undefined: nothing selected), and
 * whether each is usable now. A stale domain (its host is disconnected) shows
 * its last known state but offers nothing until the host is back.
 */
export function actionStates(domain: DomainSummary | undefined, pending: DomainAction | undefined, stale = false): ActionState[] {
  const allowed = domain && !stale ? allowedActions(domain) : new Set<DomainAction>();
  const busy = pending !== undefined;
  return ACTION_ORDER.map((action) => ({
    action,
    label: ACTION_LABELS[action],
    enabled: !busy && allowed.has(action),
    busy,
    running: pending === action,
  }));
}

export function failureMessage(action: DomainAction, name: string): string {
  return `Could not ${ACTION_VERBS[action]} ${name}`;
}

/**
 * Calls the action and reports a failure as a notification. The row does not
 * change here: its new state arrives as a `domains.changed` event.
 */
export async function runDomainAction(client: VirtClient, store: AppStore, key: string, action: DomainAction): Promise<void> {
  const state = store.getState();
  const domain = state.domains[key];
  if (!domain || state.pendingActions[key]) return;
  // Exactly the two fields: the validator refuses any other key.
  const ref = { connectionId: domain.connectionId, uuid: domain.uuid };
  state.setPendingAction(key, action);
  try {
    await client.call(ACTION_METHODS[action], ref);
  } catch (err) {
    const info = toErrorInfo(err);
    const message = failureMessage(action, domain.name);
    store.getState().notify({
      message,
      detail: [info.message !== message ? info.message : '', info.detail ?? ''].filter(Boolean).join(': '),
    });
  } finally {
    store.getState().setPendingAction(key, null);
  }
}

/** Runs the action, or first asks for confirmation when it can lose data (Force Off). */
export function requestDomainAction(client: VirtClient, store: AppStore, key: string, action: DomainAction): void {
  const state = store.getState();
  const domain = state.domains[key];
  if (!domain) return;
  if (state.pendingActions[key] || !allowedActions(domain).has(action)) return;
  if (action === 'destroy') {
    state.requestConfirm({
      title: `Force off ${domain.name}?`,
      message:
        'This is like pulling the power cord: the guest stops at once, and any unsaved data in the guest is lost.',
      confirmLabel: ACTION_LABELS.destroy,
      danger: true,
      intent: { type: 'domain-action', key, action },
    });
    return;
  }
  void runDomainAction(client, store, key, action);
}

/** `requestDomainAction` bound to the app's client and store. */
export function useDomainActionRequest(): (key: string, action: DomainAction) => void {
  const client = useClient();
  const store = useAppStoreApi();
  return useCallback((key, action) => requestDomainAction(client, store, key, action), [client, store]);
}
