import type { VirtClient } from '../../platform/client';
import { toErrorInfo } from '../../platform/virt-error';
import type { AppStore } from '../../store';

/** Exactly the two fields the validator accepts. */
function refOf(store: AppStore, key: string) {
  const d = store.getState().domains[key];
  return d ? { ref: { connectionId: d.connectionId, uuid: d.uuid }, domain: d } : undefined;
}

/** Asks before deleting (the Delete dialog: what goes, and which of its storage to delete too). */
export function requestDelete(store: AppStore, key: string): void {
  const s = store.getState();
  const d = s.domains[key];
  if (!d || s.connections[d.connectionId]?.state.kind !== 'connected') return;
  s.openManagerDialog({ type: 'delete', key });
}

/** Deletes the guest and the chosen storage paths; resolves with the problem to show, or undefined when done. */
export async function deleteDomainWithStorage(client: VirtClient, store: AppStore, key: string, paths: string[]): Promise<string | undefined> {
  const target = refOf(store, key);
  if (!target) return 'This virtual machine no longer exists';
  try {
    if (paths.length === 0) {
      await client.call('domains.delete', target.ref);
      return undefined;
    }
    const failures = await client.call('domains.deleteWithStorage', target.ref, paths);
    if (failures.length > 0) store.getState().notify({ message: `${target.domain.name} was deleted, but not all of its storage`, detail: failures.join('; ') });
    return undefined;
  } catch (err) {
    const info = toErrorInfo(err);
    return [info.message, info.detail].filter(Boolean).join(': ');
  }
}

export async function deleteDomain(client: VirtClient, store: AppStore, key: string): Promise<void> {
  const target = refOf(store, key);
  if (!target) return;
  try {
    await client.call('domains.delete', target.ref);
  } catch (err) {
    const info = toErrorInfo(err);
    store.getState().notify({ message: `Could not delete ${target.domain.name}`, detail: [info.message, info.detail].filter(Boolean).join(': ') });
  }
}

/** Renames; resolves with the problem to show in the dialog, or undefined when done. */
export async function renameDomain(client: VirtClient, store: AppStore, key: string, newName: string): Promise<string | undefined> {
  const target = refOf(store, key);
  if (!target) return 'This virtual machine no longer exists';
  try {
    await client.call('domains.rename', target.ref, newName);
    return undefined;
  } catch (err) {
    const info = toErrorInfo(err);
    return [info.message, info.detail].filter(Boolean).join(': ');
  }
}

export async function saveTags(client: VirtClient, store: AppStore, key: string, tags: string[]): Promise<string | undefined> {
  const target = refOf(store, key);
  if (!target) return 'This virtual machine no longer exists';
  try {
    const summary = await client.call('domains.setTags', target.ref, tags);
    store.getState().domainChanged(summary);
    return undefined;
  } catch (err) {
    const info = toErrorInfo(err);
    return [info.message, info.detail].filter(Boolean).join(': ');
  }
}
