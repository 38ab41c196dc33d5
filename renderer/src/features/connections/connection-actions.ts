import type { ConnectionInfo } from '../../../../preload/contract';
import type { VirtClient } from '../../platform/client';
import { toErrorInfo } from '../../platform/virt-error';
import type { AppStore } from '../../store';

export type ConnectionAction = 'connect' | 'disconnect' | 'rename' | 'autoconnect' | 'remove';

export interface ConnectionActionState {
  action: ConnectionAction;
  label: string;
  enabled: boolean;
  /** For the Autoconnect check item. */
  checked?: boolean;
}

/** The actions of a connection row (CONN-10), in menu order, with what is possible in its state. */
export function connectionActions(c: ConnectionInfo): ConnectionActionState[] {
  const off = c.state.kind === 'disconnected';
  const retrying = c.state.kind === 'disconnected' && c.state.retryAt !== undefined;
  return [
    { action: 'connect', label: 'Connect', enabled: off },
    { action: 'disconnect', label: 'Disconnect', enabled: !off || retrying },
    { action: 'rename', label: 'Rename…', enabled: true },
    { action: 'autoconnect', label: 'Autoconnect', enabled: true, checked: c.autoconnect },
    { action: 'remove', label: 'Remove…', enabled: true },
  ];
}

/** Runs a call for a connection and tells the user when it failed. */
export async function runConnectionCall(store: AppStore, what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    const e = toErrorInfo(err);
    store.getState().notify({ message: what, detail: e.detail ?? e.message });
  }
}

export function connect(client: VirtClient, store: AppStore, c: ConnectionInfo): Promise<void> {
  return runConnectionCall(store, `Could not connect to ${c.uri}`, () => client.call('connections.connect', c.id));
}

export function disconnect(client: VirtClient, store: AppStore, c: ConnectionInfo): Promise<void> {
  return runConnectionCall(store, `Could not disconnect ${c.uri}`, () => client.call('connections.close', c.id));
}

export function toggleAutoconnect(client: VirtClient, store: AppStore, c: ConnectionInfo): Promise<void> {
  return runConnectionCall(store, `Could not change autoconnect of ${c.uri}`, () =>
    client.call('connections.update', c.id, { autoconnect: !c.autoconnect }),
  );
}
