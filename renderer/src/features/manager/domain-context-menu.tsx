import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DomainAction } from '../../../../preload/contract';
import { SpinnerIcon } from '../../components/icons';
import type { ContextMenuRequest } from '../../store';
import { selectIsStale } from '../../store/selectors';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { ActionIcon } from './action-icon';
import { actionStates, useDomainActionRequest } from './domain-actions';
import { focusDomainRow } from './row-focus';

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
  const requestAction = useDomainActionRequest();
  const domain = useAppStore((s) => s.domains[request.key]);
  const pending = useAppStore((s) => s.pendingActions[request.key]);
  const stale = useAppStore(selectIsStale(request.key));
  const items = actionStates(domain, pending, stale);
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

  const activate = (action: DomainAction, enabled: boolean) => {
    if (!enabled) return;
    close(true);
    requestAction(request.key, action);
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
        if (item) activate(item.action, item.enabled);
        break;
      }
    }
  };

  return (
    <div
      ref={menuRef}
      role="menu"
      aria-label={`Actions for ${domain.name}`}
      className="menu"
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item, i) => (
        <div
          key={item.action}
          ref={(el) => {
            itemRefs.current[i] = el;
          }}
          role="menuitem"
          tabIndex={i === active ? 0 : -1}
          aria-disabled={!item.enabled}
          aria-busy={item.busy ? true : undefined}
          className={item.action === 'destroy' ? 'menu-item menu-item-danger' : 'menu-item'}
          onClick={() => activate(item.action, item.enabled)}
          onMouseEnter={() => setActive(i)}
        >
          {item.running ? <SpinnerIcon /> : <ActionIcon action={item.action} />}
          <span>{item.label}</span>
        </div>
      ))}
    </div>
  );
}
