import { memo, useMemo } from 'react';
import { ChevronIcon, ServerIcon } from '../../components/icons';
import { selectConnectionKeys } from '../../store/selectors';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { ConnectionRowActions, openConnectionMenuAt } from '../connections/connection-row-actions';
import { ConnectionStatus } from './connection-status';
import { DomainRow } from './domain-row';

export interface ConnectionGroupProps {
  connectionId: string;
  tabStopKey: string | null;
}

/** A connection row (level 1) and, unless collapsed, its domain rows (level 2). */
export const ConnectionGroup = memo(function ConnectionGroup({ connectionId, tabStopKey }: ConnectionGroupProps) {
  const store = useAppStoreApi();
  const connection = useAppStore((s) => s.connections[connectionId]);
  const keysSelector = useMemo(() => selectConnectionKeys(connectionId), [connectionId]);
  const keys = useAppStore(keysSelector);
  const collapsed = useAppStore((s) => s.collapsedConnections[connectionId] === true);
  if (!connection) return null;

  const count = keys.length;
  const showCount = connection.state.kind === 'connected' || count > 0;
  return (
    <>
      <div
        role="row"
        aria-level={1}
        aria-label={connection.label === connection.uri ? connection.uri : `${connection.label} ${connection.uri}`}
        aria-expanded={!collapsed}
        className="grid-row connection-row"
        onContextMenu={(e) => openConnectionMenuAt(e, connectionId)}
      >
        <div role="gridcell" aria-colspan={2} className="cell cell-connection">
          <button
            type="button"
            className="expander"
            aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${connection.uri}`}
            aria-expanded={!collapsed}
            onClick={() => store.getState().toggleConnectionCollapsed(connectionId)}
          >
            <ChevronIcon size={12} className={collapsed ? 'chevron' : 'chevron is-open'} />
          </button>
          <ServerIcon className="conn-icon" />
          <span className="conn-label">{connection.label}</span>
          <span className="conn-uri">{connection.uri}</span>
          <ConnectionStatus state={connection.state} />
          {showCount ? (
            <span className="conn-count">
              {count === 1 ? '1 virtual machine' : `${count} virtual machines`}
            </span>
          ) : null}
          <ConnectionRowActions connection={connection} />
        </div>
      </div>
      {collapsed
        ? null
        : keys.map((key, i) => (
            <DomainRow key={key} domainKey={key} isTabStop={key === tabStopKey} posInSet={i + 1} setSize={count} />
          ))}
    </>
  );
});
