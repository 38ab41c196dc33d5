import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { selectGrid } from '../../store/list-slice';
import { selectTabStopKey } from '../../store/selectors';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { COLUMNS, ROW_HEIGHT, gridTemplate } from './columns';
import { ConnectionGroup, ViewportContext, type Viewport } from './connection-group';
import { focusDomainRow } from './row-focus';

/**
 * The virtual machines, grouped by connection, virtualized: only the rows in
 * view are in the DOM, and aria-rowcount/aria-rowindex tell assistive
 * technology about the rest. One row is in the Tab order; arrows, Home/End and
 * PageUp/PageDown move (Shift extends the selection), Ctrl+A selects every row
 * shown, the context-menu key or Shift+F10 opens the row's menu, Enter opens the
 * console (as a double click does), F2 renames, Delete deletes.
 */
export function DomainTreeGrid({ onRename, onDelete }: { onRename(key: string): void; onDelete(key: string): void }) {
  const store = useAppStoreApi();
  const gridRef = useRef<HTMLDivElement>(null);
  const grid = useAppStore(selectGrid);
  const tabStopKey = useAppStore(selectTabStopKey);
  const columns = useAppStore((s) => s.visibleColumns);
  const sort = useAppStore((s) => s.sort);
  const [viewport, setViewport] = useState<Viewport>({ scrollTop: 0, height: 800 });
  const frame = useRef<number | undefined>(undefined);

  const measure = useCallback(() => {
    frame.current = undefined;
    const el = gridRef.current;
    if (!el) return;
    setViewport((v) => (v.scrollTop === el.scrollTop && v.height === el.clientHeight ? v : { scrollTop: el.scrollTop, height: el.clientHeight }));
  }, []);

  useLayoutEffect(() => {
    measure();
    const el = gridRef.current;
    if (!el) return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [measure]);

  // A new filter shows its first matches, as a search does.
  const filter = useAppStore((s) => s.filter);
  useLayoutEffect(() => {
    if (gridRef.current) gridRef.current.scrollTop = 0;
  }, [filter]);

  // A shorter list (a filter) clamps the scroll position without always saying so.
  useLayoutEffect(measure, [grid, measure]);

  useEffect(() => () => (frame.current !== undefined ? cancelAnimationFrame(frame.current) : undefined), []);

  const onScroll = () => {
    frame.current ??= requestAnimationFrame(measure);
  };

  /** Scrolls so the row of `key` is in view (under the sticky header), whether or not it is rendered. */
  const scrollToKey = (key: string) => {
    const el = gridRef.current;
    const d = store.getState().domains[key];
    if (!el || !d) return;
    const group = grid.groups.find((g) => g.connectionId === d.connectionId);
    const body = el.querySelector<HTMLElement>(`[data-group-body="${CSS.escape(d.connectionId)}"]`);
    const i = group ? group.keys.indexOf(key) : -1;
    if (!body || i < 0) return;
    const header = el.querySelector<HTMLElement>('.header-row')?.offsetHeight ?? 0;
    const top = body.offsetTop + i * ROW_HEIGHT;
    if (top - header < el.scrollTop) el.scrollTop = top - header;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    measure();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const row = e.target instanceof HTMLElement ? e.target : null;
    const key = row?.dataset.domainKey;
    // Only keys pressed on a domain row itself, not on a control inside the grid.
    if (!row || !key) return;
    const s = store.getState();
    const keys = grid.visibleKeys;

    const moveTo = (next: string | undefined, extend: boolean) => {
      if (!next) return;
      if (extend) s.selectRangeTo(next);
      else s.select(next);
      scrollToKey(next);
      focusDomainRow(next);
    };

    const page = Math.max(1, Math.floor((gridRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const i = grid.indexOf.get(key) ?? 0;
    const ctrl = e.ctrlKey || e.metaKey;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp':
      case 'Home':
      case 'End':
      case 'PageDown':
      case 'PageUp': {
        e.preventDefault();
        const target = {
          ArrowDown: Math.min(i + 1, keys.length - 1),
          ArrowUp: Math.max(i - 1, 0),
          Home: 0,
          End: keys.length - 1,
          PageDown: Math.min(i + page, keys.length - 1),
          PageUp: Math.max(i - page, 0),
        }[e.key];
        moveTo(keys[target], e.shiftKey);
        return;
      }
      case 'a':
      case 'A':
        if (!ctrl) return;
        e.preventDefault();
        s.selectAll();
        return;
      case ' ':
        e.preventDefault();
        if (ctrl) s.toggleSelected(key);
        else s.select(key);
        return;
      case 'Enter':
        // As virt-manager: Enter opens the machine's console.
        e.preventDefault();
        s.select(key);
        s.openConsole(key);
        return;
      case 'F2':
        e.preventDefault();
        onRename(key);
        return;
      case 'Delete':
        e.preventDefault();
        onDelete(key);
        return;
      case 'ContextMenu':
      case 'F10': {
        if (e.key === 'F10' && !e.shiftKey) return;
        e.preventDefault();
        const rect = row.getBoundingClientRect();
        s.openContextMenu({ key, x: rect.left + 32, y: rect.bottom });
        return;
      }
    }
  };

  return (
    <div
      ref={gridRef}
      role="treegrid"
      aria-label="Virtual machines"
      aria-multiselectable={true}
      aria-rowcount={grid.rowCount + 1}
      aria-colcount={columns.length}
      className="treegrid"
      style={{ '--cols': gridTemplate(columns) } as React.CSSProperties}
      onKeyDown={onKeyDown}
      onScroll={onScroll}
    >
      <div role="row" aria-rowindex={1} className="grid-row header-row">
        {columns.map((c) => (
          <div
            key={c}
            role="columnheader"
            className={`cell header-${c}`}
            aria-sort={sort?.column === c ? (sort.descending ? 'descending' : 'ascending') : undefined}
          >
            <button type="button" className="header-sort" onClick={() => store.getState().sortBy(c)} title={`Sort by ${COLUMNS[c].header}`}>
              {COLUMNS[c].header}
              {sort?.column === c ? <span aria-hidden="true">{sort.descending ? ' ▾' : ' ▴'}</span> : null}
            </button>
          </div>
        ))}
      </div>
      <ViewportContext value={viewport}>
        {grid.groups.map((g) => (
          <ConnectionGroup key={g.connectionId} group={g} tabStopKey={tabStopKey} />
        ))}
      </ViewportContext>
      {grid.groups.length > 0 && grid.visibleKeys.length === 0 && store.getState().filter.text + Object.keys(store.getState().filter.states).join('') !== '' ? (
        <p className="placeholder">No virtual machine matches the filter.</p>
      ) : null}
    </div>
  );
}
