import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useClient } from '../../platform/client-context';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { connect, connectionActions, disconnect, toggleAutoconnect, type ConnectionAction } from './connection-actions';
import { useConnectionsUi, type ConnectionMenuRequest } from './connections-ui';

const MARGIN = 4;

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
  const menuRef = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLDivElement | null)[]>([]);
  const items = connection ? connectionActions(connection) : [];
  const [active, setActive] = useState(() => Math.max(0, items.findIndex((i) => i.enabled)));
  const [position, setPosition] = useState({ left: request.x, top: request.y });
  const ui = useConnectionsUi.getState;

  const close = (returnFocus: boolean) => {
    ui().closeMenu();
    if (returnFocus) request.returnFocus?.focus();
  };

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

  useEffect(() => {
    const onPointerDown = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) ui().closeMenu();
    };
    const dismiss = () => ui().closeMenu();
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('blur', dismiss);
    window.addEventListener('resize', dismiss);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('blur', dismiss);
      window.removeEventListener('resize', dismiss);
    };
  }, [ui]);

  if (!connection) return null;

  const activate = (action: ConnectionAction, enabled: boolean) => {
    if (!enabled) return;
    close(action !== 'rename' && action !== 'remove');
    if (action === 'connect') void connect(client, store, connection);
    else if (action === 'disconnect') void disconnect(client, store, connection);
    else if (action === 'autoconnect') void toggleAutoconnect(client, store, connection);
    else ui().openDialog({ kind: action, connectionId: connection.id });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const n = items.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      setActive(e.key === 'Home' ? 0 : n - 1);
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const item = items[active];
      if (item) activate(item.action, item.enabled);
    }
  };

  return createPortal(
    <div
      ref={menuRef}
      role="menu"
      aria-label={`Actions for ${connection.label}`}
      className="menu"
      style={{ position: 'fixed', left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
    >
      {items.map((item, i) => (
        <div
          key={item.action}
          ref={(el) => {
            itemRefs.current[i] = el;
          }}
          role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
          aria-checked={item.checked}
          aria-disabled={!item.enabled}
          tabIndex={i === active ? 0 : -1}
          className={item.action === 'remove' ? 'menu-item menu-item-danger' : 'menu-item'}
          onClick={() => activate(item.action, item.enabled)}
          onMouseEnter={() => setActive(i)}
        >
          {item.checked === undefined ? null : <span aria-hidden="true">{item.checked ? '☑ ' : '☐ '}</span>}
          {item.label}
        </div>
      ))}
    </div>,
    document.body,
  );
}
