import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DomainAction } from '../../../../preload/contract';
import { SpinnerIcon } from '../../components/icons';
import type { ContextMenuRequest } from '../../store';
import { selectSelectedKeys } from '../../store/selectors';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { ActionIcon } from './action-icon';
import { bulkActionStates, useBulkActionRequest } from './domain-actions';
import { requestDelete } from './manage-actions';
import { focusDomainRow } from './row-focus';

type ManageItem = 'tags' | 'rename' | 'delete';
const MANAGE_LABELS: Record<ManageItem, string> = { tags: 'Edit Tags…', rename: 'Rename…', delete: 'Delete…' };

/** Shows the context menu the store asks for, if any. */
export function DomainContextMenuHost() {
  const request = useAppStore((s) => s.contextMenu);
  if (!request) return null;
  // A new request (other row or position) is a new menu.
  return <DomainContextMenu key={`${request.key}@${request.x},${request.y}`} request={request} />;
}

const MARGIN = 4;

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
  const items: { id: DomainAction | ManageItem; label: string; enabled: boolean; busy: boolean; running: boolean; danger: boolean }[] = [
    ...actions.map((a) => ({ id: a.action, label: a.label, enabled: a.enabled, busy: a.busy, running: a.running, danger: a.action === 'destroy' })),
    ...(['tags', 'rename', 'delete'] as const).map((m) => ({
      id: m,
      label: MANAGE_LABELS[m],
      enabled: single && connected,
      busy: false,
      running: false,
      danger: m === 'delete',
    })),
  ];
  const menuRef = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLDivElement | null)[]>([]);
  const [active, setActive] = useState(() => Math.max(0, items.findIndex((i) => i.enabled)));
  const [position, setPosition] = useState({ left: request.x, top: request.y });

  const close = (returnFocus: boolean) => {
    store.getState().closeContextMenu();
    if (returnFocus) focusDomainRow(request.key);
  };

  // Keep the whole menu inside the viewport.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    setPosition({
      left: Math.max(MARGIN, Math.min(request.x, window.innerWidth - width - MARGIN)),
      top: Math.max(MARGIN, Math.min(request.y, window.innerHeight - height - MARGIN)),
    });
  }, [request.x, request.y]);

  useEffect(() => {
    itemRefs.current[active]?.focus({ preventScroll: true });
  }, [active]);

  // Clicking elsewhere, leaving the window or resizing it closes the menu without moving focus.
  useEffect(() => {
    const onPointerDown = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) store.getState().closeContextMenu();
    };
    const dismiss = () => store.getState().closeContextMenu();
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('blur', dismiss);
    window.addEventListener('resize', dismiss);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('blur', dismiss);
      window.removeEventListener('resize', dismiss);
    };
  }, [store]);

  if (!domain) return null;

  const activate = (id: DomainAction | ManageItem, enabled: boolean) => {
    if (!enabled) return;
    close(id !== 'tags' && id !== 'rename');
    if (id === 'tags' || id === 'rename') store.getState().openManagerDialog({ type: id, key: request.key });
    else if (id === 'delete') requestDelete(store, request.key);
    else requestAction(keys, id);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const n = items.length;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setActive((i) => (i + 1) % n);
        break;
      case 'ArrowUp':
        e.preventDefault();
        setActive((i) => (i - 1 + n) % n);
        break;
      case 'Home':
        e.preventDefault();
        setActive(0);
        break;
      case 'End':
        e.preventDefault();
        setActive(n - 1);
        break;
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        close(true);
        break;
      case 'Tab':
        e.preventDefault();
        close(true);
        break;
      case 'Enter':
      case ' ': {
        e.preventDefault();
        const item = items[active];
        if (item) activate(item.id, item.enabled);
        break;
      }
    }
  };

  return (
    <div
      ref={menuRef}
      role="menu"
      aria-label={single ? `Actions for ${domain.name}` : `Actions for ${keys.length} virtual machines`}
      className="menu"
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item, i) => (
        <div
          key={item.id}
          ref={(el) => {
            itemRefs.current[i] = el;
          }}
          role="menuitem"
          tabIndex={i === active ? 0 : -1}
          aria-disabled={!item.enabled}
          aria-busy={item.busy ? true : undefined}
          className={`${item.danger ? 'menu-item menu-item-danger' : 'menu-item'}${item.id === 'tags' ? ' menu-item-separated' : ''}`}
          onClick={() => activate(item.id, item.enabled)}
          onMouseEnter={() => setActive(i)}
        >
          {item.running ? <SpinnerIcon /> : item.id === 'tags' || item.id === 'rename' || item.id === 'delete' ? <span className="icon" aria-hidden="true" /> : <ActionIcon action={item.id} />}
          <span>{item.label}</span>
        </div>
      ))}
    </div>
  );
}
