import { memo, type MouseEvent } from 'react';
import { DOMAIN_STATE_LABELS } from '../../../../preload/contract';
import { SpinnerIcon } from '../../components/icons';
import { selectIsStale } from '../../store/selectors';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { StateIcon } from './state-icon';

export interface DomainRowProps {
  domainKey: string;
  /** The one row reachable with Tab (roving tabindex). */
  isTabStop: boolean;
  posInSet: number;
  setSize: number;
}

/** One virtual machine: status, name (and title), state. Keyboard handling lives in the tree grid. */
export const DomainRow = memo(function DomainRow({ domainKey, isTabStop, posInSet, setSize }: DomainRowProps) {
  const store = useAppStoreApi();
  const domain = useAppStore((s) => s.domains[domainKey]);
  const selected = useAppStore((s) => s.selectedKey === domainKey);
  const pending = useAppStore((s) => s.pendingActions[domainKey]);
  const stale = useAppStore(selectIsStale(domainKey));
  if (!domain) return null;

  const onContextMenu = (e: MouseEvent<HTMLDivElement>) => {
    e.preventDefault();
    // A keyboard-invoked contextmenu event has no pointer position: anchor to the row.
    const fromKeyboard = e.clientX === 0 && e.clientY === 0;
    const rect = e.currentTarget.getBoundingClientRect();
    e.currentTarget.focus();
    store.getState().openContextMenu({
      key: domainKey,
      x: fromKeyboard ? rect.left + 32 : e.clientX,
      y: fromKeyboard ? rect.bottom : e.clientY,
    });
  };

  return (
    <div
      role="row"
      aria-level={2}
      aria-posinset={posInSet}
      aria-setsize={setSize}
      aria-label={domain.name}
      aria-selected={selected}
      aria-busy={pending ? true : undefined}
      tabIndex={isTabStop ? 0 : -1}
      data-domain-key={domainKey}
      aria-description={stale ? 'last known state; its host is disconnected' : undefined}
      title={stale ? 'Last known state: the host is disconnected' : undefined}
      className={`grid-row domain-row${selected ? ' is-selected' : ''}${stale ? ' is-stale' : ''}`}
      onClick={() => store.getState().select(domainKey)}
      onDoubleClick={() => store.getState().openConsole(domainKey)}
      onContextMenu={onContextMenu}
    >
      <div role="gridcell" className="cell cell-name">
        <span className="domain-name">{domain.name}</span>
        {domain.title ? <span className="domain-title">{domain.title}</span> : null}
      </div>
      <div role="gridcell" className="cell cell-state">
        {pending ? <SpinnerIcon className="state-icon-busy" size={18} /> : <StateIcon state={domain.state} />}
        <span className="state-label">{DOMAIN_STATE_LABELS[domain.state]}</span>
      </div>
    </div>
  );
});
