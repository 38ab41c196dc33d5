import { Menu } from '../../components/menu';
import { useClient } from '../../platform/client-context';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { connect, connectionActions, disconnect, toggleAutoconnect, type ConnectionAction } from './connection-actions';
import { useConnectionsUi, type ConnectionMenuRequest } from './connections-ui';

export function ConnectionMenuHost() {
  const request = useConnectionsUi((s) => s.menu);
  if (!request) return null;
  return <ConnectionMenu key={`${request.connectionId}@${request.x},${request.y}`} request={request} />;
}

/** The connection row's context menu: Connect, Disconnect, Rename…, Autoconnect, Remove… */
function ConnectionMenu({ request }: { request: ConnectionMenuRequest }) {
  const client = useClient();
  const store = useAppStoreApi();
  const connection = useAppStore((s) => s.connections[request.connectionId]);
  const ui = useConnectionsUi.getState;
  if (!connection) return null;

  const close = (returnFocus: boolean) => {
    ui().closeMenu();
    if (returnFocus) request.returnFocus?.focus();
  };
  const activate = (action: ConnectionAction) => {
    close(action !== 'rename' && action !== 'remove');
    if (action === 'connect') void connect(client, store, connection);
    else if (action === 'disconnect') void disconnect(client, store, connection);
    else if (action === 'autoconnect') void toggleAutoconnect(client, store, connection);
    else ui().openDialog({ kind: action, connectionId: connection.id });
  };

  return (
    <Menu
      label={`Actions for ${connection.label}`}
      anchor={{ x: request.x, y: request.y }}
      items={connectionActions(connection).map((item) => ({
        id: item.action,
        label: item.label,
        checked: item.checked,
        disabled: !item.enabled,
        danger: item.action === 'remove',
        icon: item.checked === undefined ? undefined : <span aria-hidden="true">{item.checked ? '☑ ' : '☐ '}</span>,
        onSelect: () => activate(item.action),
      }))}
      onClose={close}
    />
  );
}
