import { createContext, memo, useContext, useLayoutEffect, useRef, useState } from 'react';
import { ChevronIcon, ServerIcon } from '../../components/icons';
import type { GridGroup } from '../../store/list-model';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { ConnectionRowActions, openConnectionMenuAt } from '../connections/connection-row-actions';
import { OVERSCAN, ROW_HEIGHT } from './columns';
import { HostStatsSummary } from '../stats/stats-cells';
import { ConnectionStatus } from './connection-status';
import { DomainRow } from './domain-row';

/** The grid's scroll position and height, for the groups to pick the rows in view. */
export interface Viewport {
  scrollTop: number;
  height: number;
}
export const ViewportContext = createContext<Viewport>({ scrollTop: 0, height: 800 });

export interface ConnectionGroupProps {
  group: GridGroup;
  tabStopKey: string | null;
}

function countText(group: GridGroup): string {
  const noun = (n: number) => (n === 1 ? 'virtual machine' : 'virtual machines');
  return group.matching === group.total ? `${group.total} ${noun(group.total)}` : `${group.matching} of ${group.total} ${noun(group.total)}`;
}

/**
 * A connection row (level 1) and, unless collapsed, its domain rows (level 2).
 * The domain rows sit in a body as tall as all of them, and only those in
 * view (plus an overscan, plus the Tab stop so focus never drops) are in the DOM.
 */
export const ConnectionGroup = memo(function ConnectionGroup({ group, tabStopKey }: ConnectionGroupProps) {
  const store = useAppStoreApi();
  const { connectionId, keys, collapsed } = group;
  const connection = useAppStore((s) => s.connections[connectionId]);
  const columnCount = useAppStore((s) => s.visibleColumns.length);
  const viewport = useContext(ViewportContext);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [bodyTop, setBodyTop] = useState(0);

  // The body's place in the scrolled content (connection rows above it can change height).
  useLayoutEffect(() => {
    const top = bodyRef.current?.offsetTop ?? 0;
    if (top !== bodyTop) setBodyTop(top);
  });

  if (!connection) return null;

  const count = keys.length;
  const first = Math.max(0, Math.floor((viewport.scrollTop - bodyTop) / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((viewport.scrollTop + viewport.height - bodyTop) / ROW_HEIGHT) + OVERSCAN);
  const indices: number[] = [];
  for (let i = first; i <= last; i++) indices.push(i);
  if (tabStopKey !== null) {
    const t = keys.indexOf(tabStopKey);
    if (t >= 0 && (t < first || t > last)) indices.push(t);
  }
  const showCount = connection.state.kind === 'connected' || group.total > 0;

  return (
    <>
      <div
        role="row"
        aria-level={1}
        aria-rowindex={group.rowIndex}
        aria-label={connection.label === connection.uri ? connection.uri : `${connection.label} ${connection.uri}`}
        aria-expanded={!collapsed}
        className="grid-row connection-row"
        onContextMenu={(e) => openConnectionMenuAt(e, connectionId)}
      >
        <div role="gridcell" aria-colspan={columnCount} className="cell cell-connection">
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
          {showCount ? <span className="conn-count">{countText(group)}</span> : null}
          <HostStatsSummary connectionId={connectionId} />
          <ConnectionRowActions connection={connection} />
        </div>
      </div>
      <div ref={bodyRef} className="group-body" data-group-body={connectionId} style={{ height: count * ROW_HEIGHT }}>
        {indices.map((i) => {
          const key = keys[i]!;
          return (
            // Keyed by place, not by guest: when the filter or the sort swaps
            // every row in view, React rewrites ~25 rows' texts instead of
            // building ~1,000 new elements (the bulk of a keystroke's cost).
            <DomainRow
              key={i}
              domainKey={key}
              isTabStop={key === tabStopKey}
              posInSet={i + 1}
              setSize={count}
              rowIndex={group.rowIndex + 1 + i}
              index={i}
            />
          );
        })}
      </div>
    </>
  );
});
