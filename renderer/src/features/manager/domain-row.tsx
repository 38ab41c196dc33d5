import { memo, useLayoutEffect, useRef, type MouseEvent } from 'react';
import { selectIsStale } from '../../store/selectors';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { COLUMNS, ROW_HEIGHT } from './columns';
import { takeFocusRequest } from './row-focus';

export interface DomainRowProps {
  domainKey: string;
  /** The one row reachable with Tab (roving tabindex). */
  isTabStop: boolean;
  posInSet: number;
  setSize: number;
  rowIndex: number;
  /** Its place in the connection's body (the list is virtualized: rows are absolutely placed). */
  index: number;
}

/** One virtual machine: its visible columns. Keyboard handling lives in the tree grid. */
export const DomainRow = memo(function DomainRow({ domainKey, isTabStop, posInSet, setSize, rowIndex, index }: DomainRowProps) {
  const store = useAppStoreApi();
  const domain = useAppStore((s) => s.domains[domainKey]);
  const selected = useAppStore((s) => s.selectedKeys[domainKey] === true);
  const pending = useAppStore((s) => s.pendingActions[domainKey]);
  const stale = useAppStore(selectIsStale(domainKey));
  const columns = useAppStore((s) => s.visibleColumns);
  const rowRef = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const el = rowRef.current;
    if (!el) return;
    if (takeFocusRequest(domainKey)) {
      el.focus({ preventScroll: true });
      return;
    }
    // Rows are keyed by their place (connection-group.tsx): when a sort or a
    // change made elsewhere moves the focused guest to another place, the
    // focus follows the guest, not the place.
    const active = document.activeElement;
    if (isTabStop && active !== el && active instanceof HTMLElement && active.getAttribute('role') === 'row' && active.getAttribute('aria-level') === '2' && active.closest('[role="treegrid"]') === el.closest('[role="treegrid"]')) {
      el.focus({ preventScroll: true });
    }
  });

  if (!domain) return null;

  const onContextMenu = (e: MouseEvent<HTMLDivElement>) => {
    e.preventDefault();
    // A keyboard-invoked contextmenu event has no pointer position: anchor to the row.
    const fromKeyboard = e.clientX === 0 && e.clientY === 0;
    const rect = e.currentTarget.getBoundingClientRect();
    e.currentTarget.focus();
    store.getState().openContextMenu({
      key: domainKey,
      x: fromKeyboard ? rect.left + 32 : e.clientX,
      y: fromKeyboard ? rect.bottom : e.clientY,
    });
  };

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const s = store.getState();
    if (e.shiftKey) s.selectRangeTo(domainKey);
    else if (e.ctrlKey || e.metaKey) s.toggleSelected(domainKey);
    else s.select(domainKey);
  };

  const onTag = (tag: string) => store.getState().setFilterText(`tag:${tag}`);

  return (
    <div
      ref={rowRef}
      role="row"
      aria-level={2}
      aria-posinset={posInSet}
      aria-setsize={setSize}
      aria-rowindex={rowIndex}
      aria-label={domain.name}
      aria-selected={selected}
      aria-busy={pending ? true : undefined}
      tabIndex={isTabStop ? 0 : -1}
      data-domain-key={domainKey}
      aria-description={stale ? 'last known state; its host is disconnected' : undefined}
      title={stale ? 'Last known state: the host is disconnected' : domain.description || undefined}
      className={`grid-row domain-row${selected ? ' is-selected' : ''}${stale ? ' is-stale' : ''}`}
      style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
      onMouseDown={(e) => {
        // Shift+click extends the selection; it must not select text.
        if (e.shiftKey) e.preventDefault();
      }}
      onClick={onClick}
      onDoubleClick={() => store.getState().openConsole(domainKey)}
      onContextMenu={onContextMenu}
    >
      {columns.map((c) => (
        <div key={c} role="gridcell" className={`cell ${COLUMNS[c].className}`}>
          {COLUMNS[c].render({ domain, pending, onTag })}
        </div>
      ))}
    </div>
  );
});
