import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { AddConnectionButton } from '../connections/connections-host';
import { NewVmButton } from '../create-vm/new-vm-wizard';
import { DetailsButton } from '../details/details-host';
import { DomainContextMenuHost } from './domain-context-menu';
import { DomainToolbar } from './domain-toolbar';
import { DomainTreeGrid } from './domain-tree-grid';
import { FilterBar } from './filter-bar';
import { requestDelete } from './manage-actions';
import { ManagerDialogHost } from './manager-dialogs';
import { SelectionSummary } from './selection-summary';
import { HostWarnings } from '../stats/host-warnings';
import { ViewMenu } from '../stats/view-menu';

/** The manager window: toolbar and filter over the connection/VM tree, virt-manager style. */
export function ManagerView() {
  const store = useAppStoreApi();
  const loaded = useAppStore((s) => s.connectionsLoaded);
  const empty = useAppStore((s) => s.connectionOrder.length === 0);
  return (
    <div className="manager">
      <div className="actionbar">
        <NewVmButton />
        <DetailsButton />
        <DomainToolbar />
        <SelectionSummary />
        <ViewMenu />
        <AddConnectionButton />
      </div>
      <HostWarnings />
      {empty ? null : <FilterBar />}
      <div className="manager-content">
        {!loaded && empty ? (
          <p className="placeholder" aria-busy="true">
            Loading…
          </p>
        ) : empty ? (
          <div className="empty-state">
            <p className="empty-state-title">No connections. Add one with Add Connection…</p>
            <p className="empty-state-hint">
              Or start Virtdesk with <code>--connect qemu:///system</code>
            </p>
          </div>
        ) : (
          <DomainTreeGrid
            onRename={(key) => store.getState().openManagerDialog({ type: 'rename', key })}
            onDelete={(key) => requestDelete(store, key)}
          />
        )}
      </div>
      <DomainContextMenuHost />
      <ManagerDialogHost />
    </div>
  );
}
