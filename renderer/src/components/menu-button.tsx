import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ChevronIcon } from './icons';
import { Menu, type MenuItem } from './menu';

export type { MenuItem } from './menu';

export interface MenuButtonProps {
  label: string;
  icon?: ReactNode;
  items: readonly MenuItem[];
  className?: string;
  menuClassName?: string;
  /** The button stays focusable (aria-disabled) but opens nothing; an open menu closes. */
  disabled?: boolean;
  /** Focus goes back to the button when an item is picked; else the caller moves it. */
  returnFocusOnSelect?: boolean;
  /** Marks the button as one of a toolbar's items. */
  toolbarItem?: boolean;
}

/**
 * The WAI-ARIA menu button pattern: Enter, Space or Down opens on the first
 * item, Up on the last; arrows, Home and End move; Escape and Tab close and
 * give focus back. Checkbox items stay open so several can be toggled.
 */
export function MenuButton({
  label,
  icon,
  items,
  className = 'btn btn-tool',
  menuClassName = 'menu menu-compact',
  disabled,
  returnFocusOnSelect = true,
  toolbarItem = false,
}: MenuButtonProps) {
  const [open, setOpen] = useState<null | 'first' | 'last'>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (disabled) setOpen(null);
  }, [disabled]);

  const close = (returnFocus: boolean) => {
    setOpen(null);
    if (returnFocus) buttonRef.current?.focus();
  };
  const menuItems = items.map((item) => ({
    ...item,
    onSelect() {
      item.onSelect();
      if (item.checked === undefined) close(returnFocusOnSelect);
    },
  }));
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        data-toolbar-item={toolbarItem ? '' : undefined}
        className={className}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        aria-disabled={disabled}
        onClick={() => {
          if (!disabled) setOpen((o) => (o ? null : 'first'));
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            if (!disabled) setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        {icon}
        <span>{label}</span>
        <ChevronIcon size={10} className="chevron-down" />
      </button>
      {open && buttonRef.current ? (
        <Menu id={menuId} label={label} anchor={{ element: buttonRef.current }} items={menuItems} initial={open} className={menuClassName} onClose={close} />
      ) : null}
    </>
  );
}
