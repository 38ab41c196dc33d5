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

/** Why one guest's call failed, as one line. */
function reason(err: unknown, headline: string): string {
  const info = toErrorInfo(err);
  return [info.message !== headline ? info.message : '', info.detail ?? ''].filter(Boolean).join(': ');
}

/**
 * Calls the action and reports a failure as a notification. The row does not
 * change here: its new state arrives as a `domains.changed` event.
 */
export async function runDomainAction(client: VirtClient, store: AppStore, key: string, action: DomainAction): Promise<void> {
  await runBulkAction(client, store, [key], action);
}

/**
 * Runs the action on every guest at once (in parallel), then reports every
 * failure by name in one notification. Guests already busy are skipped.
 */
export async function runBulkAction(client: VirtClient, store: AppStore, keys: readonly string[], action: DomainAction): Promise<void> {
  const state = store.getState();
  const targets = keys
    .map((key) => ({ key, domain: state.domains[key] }))
    .filter((t): t is { key: string; domain: DomainSummary } => t.domain !== undefined && !state.pendingActions[t.key]);
  if (targets.length === 0) return;
  for (const t of targets) state.setPendingAction(t.key, action);
  const failures: { name: string; err: unknown }[] = [];
  await Promise.all(
    targets.map(async ({ key, domain }) => {
      // Exactly the two fields: the validator refuses any other key.
      const ref = { connectionId: domain.connectionId, uuid: domain.uuid };
      try {
        await client.call(ACTION_METHODS[action], ref);
      } catch (err) {
        failures.push({ name: domain.name, err });
      } finally {
        store.getState().setPendingAction(key, null);
      }
    }),
  );
  if (failures.length === 0) return;
  const message = failureMessage(action, failures.map((f) => f.name).join(', '));
  if (failures.length === 1) {
    store.getState().notify({ message, detail: reason(failures[0]!.err, message) });
    return;
  }
  store.getState().notify({
    message,
    detail: failures.map((f) => `${f.name}: ${reason(f.err, failureMessage(action, f.name)) || 'failed'}`).join('; '),
  });
}

/** Bulk actions that can lose work ask first when they reach more than one guest; Force Off always asks. */
function needsConfirmation(action: DomainAction, count: number): boolean {
  return action === 'destroy' || (count > 1 && (action === 'shutdown' || action === 'reboot'));
}

/** The guests among `keys` that `action` can act on now. */
export function actionTargets(store: AppStore, keys: readonly string[], action: DomainAction): string[] {
  const s = store.getState();
  return keys.filter((k) => {
    const d = s.domains[k];
    return d !== undefined && !s.pendingActions[k] && s.connections[d.connectionId]?.state.kind === 'connected' && allowedActions(d).has(action);
  });
}

/** Runs the action, or first asks for confirmation when it can lose data (Force Off). */
export function requestDomainAction(client: VirtClient, store: AppStore, key: string, action: DomainAction): void {
  const state = store.getState();
  const domain = state.domains[key];
  if (!domain) return;
  if (state.pendingActions[key] || !allowedActions(domain).has(action)) return;
  requestBulkAction(client, store, [key], action);
}

/** The same for several guests: those the action does not fit are left out. */
export function requestBulkAction(client: VirtClient, store: AppStore, keys: readonly string[], action: DomainAction): void {
  const state = store.getState();
  const targets = keys.length === 1 ? keys.filter((k) => state.domains[k] && !state.pendingActions[k] && allowedActions(state.domains[k]!).has(action)) : actionTargets(store, keys, action);
  if (targets.length === 0) return;
  if (needsConfirmation(action, targets.length)) {
    const names = targets.map((k) => state.domains[k]!.name);
    const single = targets.length === 1;
    const lossText =
      action === 'destroy'
        ? 'This is like pulling the power cord: the guest stops at once, and any unsaved data in the guest is lost.'
        : action === 'shutdown'
          ? 'Each guest is asked to shut down; unsaved work in them may be lost.'
          : 'Each guest is asked to restart; unsaved work in them may be lost.';
    state.requestConfirm({
      title: single ? `${ACTION_LABELS[action] === 'Force Off' ? 'Force off' : ACTION_LABELS[action]} ${names[0]}?` : `${ACTION_LABELS[action]} ${targets.length} virtual machines?`,
      message: single ? lossText : `${lossText} These virtual machines:`,
      ...(single ? {} : { items: names }),
      confirmLabel: ACTION_LABELS[action],
      danger: true,
      intent: { type: 'domain-action', keys: targets, action },
    });
    return;
  }
  void runBulkAction(client, store, targets, action);
}

/** `requestDomainAction` bound to the app's client and store. */
export function useDomainActionRequest(): (key: string, action: DomainAction) => void {
  const client = useClient();
  const store = useAppStoreApi();
  return useCallback((key, action) => requestDomainAction(client, store, key, action), [client, store]);
}

/** `requestBulkAction` bound to the app's client and store. */
export function useBulkActionRequest(): (keys: readonly string[], action: DomainAction) => void {
  const client = useClient();
  const store = useAppStoreApi();
  return useCallback((keys, action) => requestBulkAction(client, store, keys, action), [client, store]);
}

/**
 * The toolbar's and menu's buttons for several guests: an action is enabled
 * when it fits at least one of them (and that one is not busy or stale).
 */
export function bulkActionStates(
  domains: readonly (DomainSummary | undefined)[],
  pending: readonly (DomainAction | undefined)[],
  stale: readonly boolean[],
): ActionState[] {
  const enabled = new Set<DomainAction>();
  const running = new Set<DomainAction>();
  domains.forEach((d, i) => {
    const p = pending[i];
    if (p) running.add(p);
    if (!d || stale[i] || p) return;
    for (const a of allowedActions(d)) enabled.add(a);
  });
  const busy = domains.length > 0 && pending.every((p) => p !== undefined);
  return ACTION_ORDER.map((action) => ({
    action,
    label: ACTION_LABELS[action],
    enabled: enabled.has(action),
    busy,
    running: running.has(action),
  }));
}
