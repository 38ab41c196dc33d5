import { ConfirmDialog } from '../../components/confirm-dialog';
import { useClient } from '../../platform/client-context';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { runDomainAction } from './domain-actions';

/** Shows the confirmation the store asks for (Force Off) and carries out its intent. */
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
        if (intent.type === 'domain-action') void runDomainAction(client, store, intent.key, intent.action);
      }}
    >
      <p>{request.message}</p>
    </ConfirmDialog>
  );
}
