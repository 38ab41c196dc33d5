import { useShallow } from 'zustand/react/shallow';
import { SpinnerIcon } from '../../components/icons';
import { Menu, type MenuItem } from '../../components/menu';
import type { ContextMenuRequest } from '../../store';
import { selectSelectedKeys } from '../../store/selectors';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { ActionIcon } from './action-icon';
import { bulkActionStates, useBulkActionRequest } from './domain-actions';
import { requestDelete } from './manage-actions';
import { useDetailsUi } from '../details/details-ui';
import { focusDomainRow } from './row-focus';

type ManageItem = 'details' | 'tags' | 'rename' | 'delete';
const MANAGE_LABELS: Record<ManageItem, string> = { details: 'Details', tags: 'Edit Tags…', rename: 'Rename…', delete: 'Delete…' };

/** Shows the context menu the store asks for, if any. */
export function DomainContextMenuHost() {
  const request = useAppStore((s) => s.contextMenu);
  if (!request) return null;
  // A new request (other row or position) is a new menu.
  return <DomainContextMenu key={`${request.key}@${request.x},${request.y}`} request={request} />;
}

export function DomainContextMenu({ request }: { request: ContextMenuRequest }) {
  const store = useAppStoreApi();
  const requestAction = useBulkActionRequest();
  const domain = useAppStore((s) => s.domains[request.key]);
  // The menu of a row inside a multi-selection acts on all of it.
  const keys = useAppStore(useShallow((s) => (s.selectedKeys[request.key] ? selectSelectedKeys(s) : [request.key])));
  const domains = useAppStore(useShallow((s) => keys.map((k) => s.domains[k])));
  const pending = useAppStore(useShallow((s) => keys.map((k) => s.pendingActions[k])));
  const stale = useAppStore(useShallow((s) => keys.map((k) => s.connections[s.domains[k]?.connectionId ?? '']?.state.kind !== 'connected')));
  const connected = !stale[keys.indexOf(request.key)];
  const actions = bulkActionStates(domains, pending, stale);
  const single = keys.length === 1;
  const close = (returnFocus: boolean) => {
    store.getState().closeContextMenu();
    if (returnFocus) focusDomainRow(request.key);
  };
  const manage = (id: ManageItem) => () => {
    close(id === 'delete');
    if (id === 'delete') requestDelete(store, request.key);
    else if (id === 'details') useDetailsUi.getState().open({ key: request.key });
    else store.getState().openManagerDialog({ type: id, key: request.key });
  };
  const items: MenuItem[] = [
    ...actions.map((a) => ({
      id: a.action,
      label: a.label,
      disabled: !a.enabled,
      busy: a.busy,
      danger: a.action === 'destroy',
      icon: a.running ? <SpinnerIcon /> : <ActionIcon action={a.action} />,
      onSelect() {
        close(true);
        requestAction(keys, a.action);
      },
    })),
    ...(['details', 'tags', 'rename', 'delete'] as const).map((m) => ({
      id: m,
      label: MANAGE_LABELS[m],
      disabled: !(single && connected),
      danger: m === 'delete',
      separated: m === 'details',
      icon: <span className="icon" aria-hidden="true" />,
      onSelect: manage(m),
    })),
  ];

  if (!domain) return null;

  return (
    <Menu
      label={single ? `Actions for ${domain.name}` : `Actions for ${keys.length} virtual machines`}
      anchor={{ x: request.x, y: request.y }}
      items={items}
      onClose={(returnFocus) => close(returnFocus)}
    />
  );
}
