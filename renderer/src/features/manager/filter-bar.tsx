import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { STATE_GROUPS, STATE_GROUP_LABELS } from '../../store/list-model';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';

export const FILTER_LABEL = 'Filter virtual machines';

/**
 * The filter box (Ctrl+F focuses it, Escape clears it), the state chips and
 * the connection choice. Filtering 1,000 rows is a pass over plain objects and
 * only the rows in view re-render, so typing stays within a frame.
 */
export function FilterBar() {
  const store = useAppStoreApi();
  const inputRef = useRef<HTMLInputElement>(null);
  const filter = useAppStore((s) => s.filter);
  const connections = useAppStore(useShallow((s) => s.connectionOrder.map((id) => s.connections[id]!).filter(Boolean)));

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'f' || e.key === 'F')) {
        if (store.getState().activeTab !== null || store.getState().openDialogs > 0 || store.getState().confirm) return;
        e.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);

  return (
    <div className="filter-bar" role="search" aria-label="Filter">
      <input
        ref={inputRef}
        type="search"
        className="filter-input"
        aria-label={FILTER_LABEL}
        placeholder="Filter by name, title, description or tag:name  (Ctrl+F)"
        value={filter.text}
        onChange={(e) => store.getState().setFilterText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            store.getState().setFilterText('');
          }
        }}
      />
      <div role="group" aria-label="Show states" className="state-chips">
        {STATE_GROUPS.map((g) => (
          <button
            key={g}
            type="button"
            className="chip"
            aria-pressed={filter.states[g] === true}
            onClick={() => store.getState().toggleStateFilter(g)}
          >
            {STATE_GROUP_LABELS[g]}
          </button>
        ))}
      </div>
      {connections.length > 1 ? (
        <select
          aria-label="Connection"
          className="filter-connection"
          value={filter.connectionId ?? ''}
          onChange={(e) => store.getState().setConnectionFilter(e.target.value || null)}
        >
          <option value="">All connections</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      ) : null}
    </div>
  );
}
