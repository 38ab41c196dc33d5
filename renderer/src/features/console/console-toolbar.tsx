import { useId, useLayoutEffect, useRef, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { ConsoleDevice } from '../../../../preload/contract';

const ITEM = '[data-toolbar-item]';

export const CONSOLE_TOOLBAR_LABEL = 'Console actions';

/**
 * The console's own toolbar: one Tab stop, Left/Right/Home/End between its
 * controls (the same model as the lifecycle toolbar). Controls mark
 * themselves with `data-toolbar-item`; their tabindex is managed here.
 */
export function ConsoleToolbar({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const current = useRef(0);

  const items = () => [...(ref.current?.querySelectorAll<HTMLElement>(ITEM) ?? [])];
  const apply = () => {
    const list = items();
    if (list.length === 0) return;
    current.current = Math.min(current.current, list.length - 1);
    list.forEach((el, i) => (el.tabIndex = i === current.current ? 0 : -1));
  };

  // After every render: controls come and go with the console's kind.
  useLayoutEffect(apply);

  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    const i = items().indexOf(e.target as HTMLElement);
    if (i >= 0 && i !== current.current) {
      current.current = i;
      apply();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = items();
    const i = list.indexOf(e.target as HTMLElement);
    if (i < 0) return; // keys inside a popup menu or a field are theirs
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = (i + 1) % list.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + list.length) % list.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = list.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    current.current = next;
    apply();
    list[next]?.focus();
  };

  return (
    <div ref={ref} role="toolbar" aria-label={CONSOLE_TOOLBAR_LABEL} className="toolbar console-toolbar" onFocus={onFocus} onKeyDown={onKeyDown}>
      {children}
    </div>
  );
}

export interface ConsoleSelectorProps {
  devices: readonly ConsoleDevice[];
  value: string | undefined;
  onChange(deviceId: string): void;
}

/** "Console": the guest's graphical display and character devices. */
export function ConsoleSelector({ devices, value, onChange }: ConsoleSelectorProps) {
  const empty = devices.length === 0;
  const id = useId();
  return (
    <div className="console-select">
      <label htmlFor={id} className="console-select-label">
        Console
      </label>
      <select
        id={id}
        data-toolbar-item=""
        className="select"
        value={empty ? '' : value}
        aria-disabled={empty}
        onChange={(e) => {
          if (!empty) onChange(e.target.value);
        }}
      >
        {empty ? <option value="">None available</option> : null}
        {devices.map((d) => (
          <option key={d.id} value={d.id}>
            {d.label}
          </option>
        ))}
      </select>
    </div>
  );
}
