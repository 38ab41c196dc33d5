import { useRef, type KeyboardEvent } from 'react';
import { selectTabStopKey, visibleDomainKeys } from '../../store/selectors';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { ConnectionGroup } from './connection-group';
import { domainRowElement } from './row-focus';

/**
 * The virtual machines, grouped by connection. One row is in the Tab order;
 * Up/Down/Home/End move the selection, the context-menu key or Shift+F10 opens
 * the row's menu, Enter opens the console (as a double click does).
 */
export function DomainTreeGrid() {
  const store = useAppStoreApi();
  const gridRef = useRef<HTMLDivElement>(null);
  const connectionIds = useAppStore((s) => s.connectionOrder);
  const tabStopKey = useAppStore(selectTabStopKey);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const row = e.target instanceof HTMLElement ? e.target : null;
    const key = row?.dataset.domainKey;
    // Only keys pressed on a domain row itself, not on a control inside the grid.
    if (!row || !key) return;
    const s = store.getState();

    const moveTo = (next: string | undefined) => {
      if (!next) return;
      s.select(next);
      if (gridRef.current) domainRowElement(next, gridRef.current)?.focus();
    };

    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp':
      case 'Home':
      case 'End': {
        e.preventDefault();
        const keys = visibleDomainKeys(s);
        const i = keys.indexOf(key);
        if (e.key === 'Home') moveTo(keys[0]);
        else if (e.key === 'End') moveTo(keys[keys.length - 1]);
        else if (e.key === 'ArrowDown') moveTo(keys[Math.min(i + 1, keys.length - 1)]);
        else moveTo(keys[Math.max(i - 1, 0)]);
        return;
      }
      case ' ':
        e.preventDefault();
        s.select(key);
        return;
      case 'Enter':
        // As virt-manager: Enter opens the machine's console.
        e.preventDefault();
        s.select(key);
        s.openConsole(key);
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
      aria-multiselectable={false}
      className="treegrid"
      onKeyDown={onKeyDown}
    >
      <div role="row" className="grid-row header-row">
        <div role="columnheader" className="cell">
          Name
        </div>
        <div role="columnheader" className="cell">
          State
        </div>
      </div>
      {connectionIds.map((id) => (
        <ConnectionGroup key={id} connectionId={id} tabStopKey={tabStopKey} />
      ))}
    </div>
  );
}
