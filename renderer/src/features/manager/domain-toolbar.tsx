import { useRef, useState, type KeyboardEvent } from 'react';
import type { DomainAction, DomainSummary } from '../../../../preload/contract';
import { ConsoleIcon, SpinnerIcon } from '../../components/icons';
import { useShallow } from 'zustand/react/shallow';
import { selectSelectedDomain, selectSelectedKeys } from '../../store/selectors';
import { useAppStore } from '../../store/use-app-store';
import { ActionIcon } from './action-icon';
import { actionStates, bulkActionStates, useBulkActionRequest, type ActionState } from './domain-actions';

/** The lifecycle buttons, acting on every selected domain (enabled when they fit at least one). */
export function DomainToolbar() {
  const domain = useAppStore(selectSelectedDomain);
  const selectedKey = useAppStore((s) => s.selectedKey);
  const keys = useAppStore(useShallow(selectSelectedKeys));
  const domains = useAppStore(useShallow((s) => keys.map((k) => s.domains[k])));
  const pending = useAppStore(useShallow((s) => keys.map((k) => s.pendingActions[k])));
  const stale = useAppStore(
    useShallow((s) => keys.map((k) => s.connections[s.domains[k]?.connectionId ?? '']?.state.kind !== 'connected')),
  );
  const requestAction = useBulkActionRequest();
  const openConsole = useAppStore((s) => s.openConsole);
  return (
    <DomainToolbarView
      domain={domain ?? domains[0]}
      pending={undefined}
      states={bulkActionStates(domains, pending, stale)}
      onAction={(action) => {
        if (keys.length > 0) requestAction(keys, action);
      }}
      onOpenConsole={() => {
        if (selectedKey) openConsole(selectedKey);
      }}
    />
  );
}

export const OPEN_CONSOLE_LABEL = 'Open Console';

export interface DomainToolbarViewProps {
  /** The selected domain; undefined disables everything. */
  domain: DomainSummary | undefined;
  /** The action in flight for that domain, if any. */
  pending: DomainAction | undefined;
  /** Its host is disconnected: nothing can be done to it for now. */
  stale?: boolean;
  onAction(action: DomainAction): void;
  /** When given, an "Open Console" button comes first (the manager's toolbar). */
  onOpenConsole?: () => void;
  /** The toolbar's accessible name. */
  label?: string;
  /** The buttons' states when they act on several domains (else computed from `domain`). */
  states?: ActionState[];
}

/**
 * A WAI-ARIA toolbar: one Tab stop, arrow keys between buttons. Unusable
 * buttons are `aria-disabled` rather than `disabled`, so focus does not fall
 * off a button that becomes busy, and arrow keys still reach them.
 */
export function DomainToolbarView({ domain, pending, stale = false, onAction, onOpenConsole, label = 'Virtual machine actions', states }: DomainToolbarViewProps) {
  const items = states ?? actionStates(domain, pending, stale);
  // The console tab works for any domain: a shut-off one offers Run there.
  const offset = onOpenConsole ? 1 : 0;
  const count = items.length + offset;
  const [focusIndex, setFocusIndex] = useState(0);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const n = count;
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = (focusIndex + 1) % n;
    else if (e.key === 'ArrowLeft') next = (focusIndex - 1 + n) % n;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    if (next === undefined) return;
    e.preventDefault();
    setFocusIndex(next);
    refs.current[next]?.focus();
  };

  return (
    <div role="toolbar" aria-label={label} className="toolbar" onKeyDown={onKeyDown}>
      {onOpenConsole ? (
        <>
          <button
            ref={(el) => {
              refs.current[0] = el;
            }}
            type="button"
            tabIndex={focusIndex === 0 ? 0 : -1}
            aria-disabled={!domain}
            className="btn btn-tool"
            onFocus={() => setFocusIndex(0)}
            onClick={() => {
              if (domain) onOpenConsole();
            }}
          >
            <ConsoleIcon />
            <span>{OPEN_CONSOLE_LABEL}</span>
          </button>
          <span className="toolbar-separator" aria-hidden="true" />
        </>
      ) : null}
      {items.map((item, j) => {
        const i = j + offset;
        return (
          <button
            key={item.action}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            tabIndex={i === focusIndex ? 0 : -1}
            aria-disabled={!item.enabled}
            aria-busy={item.busy ? true : undefined}
            className={item.action === 'destroy' ? 'btn btn-tool btn-tool-danger' : 'btn btn-tool'}
            onFocus={() => setFocusIndex(i)}
            onClick={() => {
              if (item.enabled) onAction(item.action);
            }}
          >
            {item.running ? <SpinnerIcon /> : <ActionIcon action={item.action} />}
            <span>{item.label}</span>
          </button>
        );
      })}
    </div>
  );
}
