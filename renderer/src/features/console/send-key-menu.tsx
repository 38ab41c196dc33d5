import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { ChevronIcon, KeyboardIcon } from '../../components/icons';
import { SEND_KEY_COMBOS, type KeyCombo } from './keysyms';

export const SEND_KEY_LABEL = 'Send Key';

export interface SendKeyMenuProps {
  /** The display is not connected: the button stays focusable but does nothing. */
  disabled: boolean;
  onSend(combo: KeyCombo): void;
}

const MARGIN = 4;

/** A menu button (WAI-ARIA menu button pattern) listing the key combinations of CON-07. */
export function SendKeyMenu({ disabled, onSend }: SendKeyMenuProps) {
  const [open, setOpen] = useState<null | 'first' | 'last'>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (disabled) setOpen(null);
  }, [disabled]);

  const toggle = (where: 'first' | 'last' = 'first') => {
    if (disabled) return;
    setOpen((o) => (o ? null : where));
  };

  const close = (returnFocus: boolean) => {
    setOpen(null);
    if (returnFocus) buttonRef.current?.focus();
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        data-toolbar-item=""
        className="btn btn-tool"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        aria-disabled={disabled}
        onClick={() => toggle()}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            if (!disabled) setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        <KeyboardIcon />
        <span>{SEND_KEY_LABEL}</span>
        <ChevronIcon size={10} className="chevron-down" />
      </button>
      {open && buttonRef.current ? (
        <KeyMenu
          id={menuId}
          anchor={buttonRef.current}
          initial={open}
          onClose={close}
          onPick={(combo) => {
            close(false);
            onSend(combo);
          }}
        />
      ) : null}
    </>
  );
}

interface KeyMenuProps {
  id: string;
  anchor: HTMLElement;
  initial: 'first' | 'last';
  onClose(returnFocus: boolean): void;
  onPick(combo: KeyCombo): void;
}

function KeyMenu({ id, anchor, initial, onClose, onPick }: KeyMenuProps) {
  const menuRef = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLDivElement | null)[]>([]);
  const n = SEND_KEY_COMBOS.length;
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

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
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
        onClose(true);
        break;
      case 'Tab':
        e.preventDefault();
        onClose(true);
        break;
      case 'Enter':
      case ' ': {
        e.preventDefault();
        const combo = SEND_KEY_COMBOS[active];
        if (combo) onPick(combo);
        break;
      }
    }
  };

  return createPortal(
    <div
      ref={menuRef}
      id={id}
      role="menu"
      aria-label={SEND_KEY_LABEL}
      className="menu menu-compact"
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {SEND_KEY_COMBOS.map((combo, i) => (
        <div
          key={combo.label}
          ref={(el) => {
            itemRefs.current[i] = el;
          }}
          role="menuitem"
          tabIndex={i === active ? 0 : -1}
          className="menu-item"
          onClick={() => onPick(combo)}
          onMouseEnter={() => setActive(i)}
        >
          <span>{combo.label}</span>
        </div>
      ))}
    </div>,
    document.body,
  );
}
