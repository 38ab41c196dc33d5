import { ConfirmDialog } from '../../components/confirm-dialog';
import { useClient } from '../../platform/client-context';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { runBulkAction } from './domain-actions';
import { deleteDomain } from './manage-actions';

/** Shows the confirmation the store asks for (Force Off, bulk actions, Delete) and carries out its intent. */
export function ConfirmHost() {
  const client = useClient();
  const store = useAppStoreApi();
  const request = useAppStore((s) => s.confirm);
  if (!request) return null;
  return (
    <ConfirmDialog
      title={request.title}
      confirmLabel={request.confirmLabel}
      danger={request.danger}
      onCancel={() => store.getState().closeConfirm()}
      onConfirm={() => {
        store.getState().closeConfirm();
        const { intent } = request;
        if (intent.type === 'domain-action') void runBulkAction(client, store, intent.keys, intent.action);
        else if (intent.type === 'delete') void deleteDomain(client, store, intent.key);
      }}
    >
      <p>{request.message}</p>
      {request.items ? (
        <ul className="confirm-list">
          {request.items.map((name) => (
            <li key={name}>{name}</li>
          ))}
        </ul>
      ) : null}
    </ConfirmDialog>
  );
}
