import type { MouseEvent } from 'react';
import type { ConnectionInfo } from '../../../../preload/contract';
import { useClient } from '../../platform/client-context';
import { useAppStoreApi } from '../../store/use-app-store';
import { connect, disconnect } from './connection-actions';
import { useConnectionsUi } from './connections-ui';

/** Opens the connection menu at the pointer (right click on the row). */
export function openConnectionMenuAt(e: MouseEvent<HTMLElement>, connectionId: string): void {
  e.preventDefault();
  const target = e.currentTarget.querySelector<HTMLElement>('.conn-menu-button');
  useConnectionsUi.getState().openMenu({ connectionId, x: e.clientX, y: e.clientY, returnFocus: target });
}

/** The buttons at the end of a connection row: Connect or Disconnect, and the menu with the rest. */
export function ConnectionRowActions({ connection }: { connection: ConnectionInfo }) {
  const client = useClient();
  const store = useAppStoreApi();
  const off = connection.state.kind === 'disconnected';
  const retrying = connection.state.kind === 'disconnected' && connection.state.retryAt !== undefined;
  const connecting = connection.state.kind === 'connecting';
  return (
    <span className="conn-row-actions">
      {off && !retrying ? (
        <button type="button" className="btn btn-secondary" aria-label={`Connect ${connection.label}`} onClick={() => void connect(client, store, connection)}>
          Connect
        </button>
      ) : (
        <button
          type="button"
          className="btn btn-secondary"
          aria-label={`Disconnect ${connection.label}`}
          aria-busy={connecting || undefined}
          onClick={() => void disconnect(client, store, connection)}
        >
          Disconnect
        </button>
      )}
      <button
        type="button"
        className="btn btn-plain conn-menu-button"
        aria-label={`More actions for ${connection.label}`}
        aria-haspopup="menu"
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          useConnectionsUi.getState().openMenu({ connectionId: connection.id, x: r.left, y: r.bottom, returnFocus: e.currentTarget });
        }}
      >
        ⋯
      </button>
    </span>
  );
}
