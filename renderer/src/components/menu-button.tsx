import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { ChevronIcon } from './icons';

export interface MenuItem {
  label: string;
  /** A checkbox item (menuitemcheckbox) when set. */
  checked?: boolean;
  onSelect(): void;
}

export interface MenuButtonProps {
  label: string;
  icon?: ReactNode;
  items: readonly MenuItem[];
  className?: string;
}

const MARGIN = 4;

/**
 * The WAI-ARIA menu button pattern: Enter, Space or Down opens on the first
 * item, Up on the last; arrows, Home and End move; Escape and Tab close and
 * give focus back. Checkbox items stay open so several can be toggled.
 */
export function MenuButton({ label, icon, items, className = 'btn btn-tool' }: MenuButtonProps) {
  const [open, setOpen] = useState<null | 'first' | 'last'>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const close = (returnFocus: boolean) => {
    setOpen(null);
    if (returnFocus) buttonRef.current?.focus();
  };
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className={className}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => (o ? null : 'first'))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        {icon}
        <span>{label}</span>
        <ChevronIcon size={10} className="chevron-down" />
      </button>
      {open && buttonRef.current ? <Menu id={menuId} label={label} anchor={buttonRef.current} items={items} initial={open} onClose={close} /> : null}
    </>
  );
}

interface MenuProps {
  id: string;
  label: string;
  anchor: HTMLElement;
  items: readonly MenuItem[];
  initial: 'first' | 'last';
  onClose(returnFocus: boolean): void;
}

function Menu({ id, label, anchor, items, initial, onClose }: MenuProps) {
  const menuRef = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLDivElement | null)[]>([]);
  const n = items.length;
  const [active, setActive] = useState(initial === 'first' ? 0 : n - 1);
  const [position, setPosition] = useState(() => {
    const r = anchor.getBoundingClientRect();
    return { left: r.left, top: r.bottom + 2 };
  });

  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!menu) return;
    const r = anchor.getBoundingClientRect();
    const { width, height } = menu.getBoundingClientRect();
    setPosition({
      left: Math.max(MARGIN, Math.min(r.left, window.innerWidth - width - MARGIN)),
      top: r.bottom + 2 + height > window.innerHeight - MARGIN ? Math.max(MARGIN, r.top - height - 2) : r.bottom + 2,
    });
  }, [anchor]);

  useEffect(() => {
    itemRefs.current[active]?.focus({ preventScroll: true });
  }, [active]);

  useEffect(() => {
    const onPointerDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menuRef.current?.contains(t) && !anchor.contains(t)) onClose(false);
    };
    const dismiss = () => onClose(false);
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('blur', dismiss);
    window.addEventListener('resize', dismiss);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('blur', dismiss);
      window.removeEventListener('resize', dismiss);
    };
  }, [anchor, onClose]);

  const pick = (item: MenuItem) => {
    item.onSelect();
    if (item.checked === undefined) onClose(true);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    const moves: Record<string, (i: number) => number> = {
      ArrowDown: (i) => (i + 1) % n,
      ArrowUp: (i) => (i - 1 + n) % n,
      Home: () => 0,
      End: () => n - 1,
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      setActive(move);
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      onClose(true);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const item = items[active];
      if (item) pick(item);
    }
  };

  return createPortal(
    <div
      ref={menuRef}
      id={id}
      role="menu"
      aria-label={label}
      className="menu menu-compact"
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item, i) => (
        <div
          key={item.label}
          ref={(el) => {
            itemRefs.current[i] = el;
          }}
          role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
          aria-checked={item.checked}
          tabIndex={i === active ? 0 : -1}
          className="menu-item"
          onClick={() => pick(item)}
          onMouseEnter={() => setActive(i)}
        >
          {item.checked === undefined ? null : <span className="menu-check" aria-hidden="true">{item.checked ? '✓' : ''}</span>}
          <span>{item.label}</span>
        </div>
      ))}
    </div>,
    document.body,
  );
}
