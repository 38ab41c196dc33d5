import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  /** Tells the items apart; the label by default. */
  id?: string;
  label: string;
  /** A checkbox item (menuitemcheckbox) when set. */
  checked?: boolean;
  /** Greyed (aria-disabled), still reachable with the arrows, does nothing. */
  disabled?: boolean;
  /** aria-busy while its action runs. */
  busy?: boolean;
  danger?: boolean;
  /** A line above the item. */
  separated?: boolean;
  /** In front of the label; for a checkbox item, instead of the check mark. */
  icon?: ReactNode;
  onSelect(): void;
}

/** Below an element (flipped above it when there is no room), or at a point (a context menu). */
export type MenuAnchor = { element: HTMLElement } | { x: number; y: number };

export interface MenuProps {
  id?: string;
  label: string;
  anchor: MenuAnchor;
  items: readonly MenuItem[];
  /** The item focused first: the first one that is enabled, or the last one. */
  initial?: 'first' | 'last';
  className?: string;
  /**
   * Escape or Tab (`true`: give focus back), or a click elsewhere, leaving the
   * window or resizing it (`false`). Picking an item calls only its `onSelect`.
   */
  onClose(returnFocus: boolean): void;
}

const MARGIN = 4;
const GAP = 2;

function initialPosition(anchor: MenuAnchor) {
  if (!('element' in anchor)) return { left: anchor.x, top: anchor.y };
  const r = anchor.element.getBoundingClientRect();
  return { left: r.left, top: r.bottom + GAP };
}

/**
 * A WAI-ARIA menu at the end of <body>: arrows, Home and End move (disabled
 * items included), Enter or Space picks, Escape and Tab close. The whole menu
 * is kept inside the viewport.
 */
export function Menu({ id, label, anchor, items, initial = 'first', className = 'menu', onClose }: MenuProps) {
  const menuRef = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLDivElement | null)[]>([]);
  const n = items.length;
  const [active, setActive] = useState(() => (initial === 'last' ? n - 1 : Math.max(0, items.findIndex((i) => !i.disabled))));
  const [position, setPosition] = useState(() => initialPosition(anchor));
  const element = 'element' in anchor ? anchor.element : null;
  const x = 'x' in anchor ? anchor.x : 0;
  const y = 'y' in anchor ? anchor.y : 0;
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    if (element) {
      const r = element.getBoundingClientRect();
      setPosition({
        left: Math.max(MARGIN, Math.min(r.left, window.innerWidth - width - MARGIN)),
        top: r.bottom + GAP + height > window.innerHeight - MARGIN ? Math.max(MARGIN, r.top - height - GAP) : r.bottom + GAP,
      });
    } else {
      setPosition({
        left: Math.max(MARGIN, Math.min(x, window.innerWidth - width - MARGIN)),
        top: Math.max(MARGIN, Math.min(y, window.innerHeight - height - MARGIN)),
      });
    }
  }, [element, x, y]);

  useEffect(() => {
    itemRefs.current[active]?.focus({ preventScroll: true });
  }, [active]);

  // Clicking elsewhere (the menu button toggles by itself), leaving the window or resizing it closes the menu without moving focus.
  useEffect(() => {
    const onPointerDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menuRef.current?.contains(t) && !element?.contains(t)) onCloseRef.current(false);
    };
    const dismiss = () => onCloseRef.current(false);
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('blur', dismiss);
    window.addEventListener('resize', dismiss);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('blur', dismiss);
      window.removeEventListener('resize', dismiss);
    };
  }, [element]);

  const pick = (item: MenuItem | undefined) => {
    if (item && !item.disabled) item.onSelect();
  };

  const moves: Record<string, (i: number) => number> = {
    ArrowDown: (i) => (i + 1) % n,
    ArrowUp: (i) => (i - 1 + n) % n,
    Home: () => 0,
    End: () => n - 1,
  };

  // The keys the menu handles stay in it.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const move = moves[e.key];
    if (move) setActive(move);
    else if (e.key === 'Escape' || e.key === 'Tab') onClose(true);
    else if (e.key === 'Enter' || e.key === ' ') pick(items[active]);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return createPortal(
    <div
      ref={menuRef}
      id={id}
      role="menu"
      aria-label={label}
      className={className}
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item, i) => (
        <div
          key={item.id ?? item.label}
          ref={(el) => {
            itemRefs.current[i] = el;
          }}
          role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
          aria-checked={item.checked}
          aria-disabled={item.disabled}
          aria-busy={item.busy || undefined}
          tabIndex={i === active ? 0 : -1}
          className={`menu-item${item.danger ? ' menu-item-danger' : ''}${item.separated ? ' menu-item-separated' : ''}`}
          onClick={() => pick(item)}
          onMouseEnter={() => setActive(i)}
        >
          {item.icon ??
            (item.checked === undefined ? null : (
              <span className="menu-check" aria-hidden="true">
                {item.checked ? '✓' : ''}
              </span>
            ))}
          <span>{item.label}</span>
        </div>
      ))}
    </div>,
    document.body,
  );
}
