import { DOMAIN_STATE_LABELS } from '../../../../preload/contract';
import { selectSelectedDomain } from '../../store/selectors';
import { useAppStore } from '../../store/use-app-store';

/** Which machine the toolbar acts on. */
export function SelectionSummary() {
  const domain = useAppStore(selectSelectedDomain);
  const count = useAppStore((s) => Object.keys(s.selectedKeys).length);
  if (count > 1)
    return (
      <p className="selection-summary">
        <span className="selection-name">{count} virtual machines selected</span>
      </p>
    );
  return (
    <p className="selection-summary">
      {domain ? (
        <>
          <span className="selection-name">{domain.name}</span>
          <span className="selection-state">{DOMAIN_STATE_LABELS[domain.state]}</span>
        </>
      ) : (
        <span className="selection-none">No virtual machine selected</span>
      )}
    </p>
  );
}
