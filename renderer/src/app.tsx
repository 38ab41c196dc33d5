import { useEffect } from 'react';
import { AppHeader } from './components/app-header';
import { Notifications } from './components/notifications';
import { TransportBanner } from './components/transport-banner';
import { ConnectionsHost } from './features/connections/connections-host';
import { CreateVmHost } from './features/create-vm/new-vm-wizard';
import { DetailsHost } from './features/details/details-host';
import { ConfirmHost } from './features/manager/confirm-host';
import { Workspace } from './features/console/workspace';
import type { VirtClient } from './platform/client';
import { ClientContext } from './platform/client-context';
import type { AppStore } from './store';
import { startSubscriptions } from './store/subscriptions';
import { StoreContext, useAppStore, useAppStoreApi } from './store/use-app-store';

export interface AppProps {
  client: VirtClient;
  store: AppStore;
}

export function App({ client, store }: AppProps) {
  useEffect(() => startSubscriptions(client, store), [client, store]);
  return (
    <ClientContext value={client}>
      <StoreContext value={store}>
        <AppShell />
      </StoreContext>
    </ClientContext>
  );
}

function AppShell() {
  const modalOpen = useAppStore((s) => s.confirm !== null || s.openDialogs > 0);
  return (
    <>
      <div className="app" inert={modalOpen}>
        <AppHeader />
        <TransportBannerHost />
        <main className="app-main">
          <Workspace />
        </main>
      </div>
      <NotificationsHost />
      <ConfirmHost />
      <ConnectionsHost />
      <CreateVmHost />
      <DetailsHost />
    </>
  );
}

function TransportBannerHost() {
  return <TransportBanner lost={useAppStore((s) => s.transportLost)} />;
}

function NotificationsHost() {
  const store = useAppStoreApi();
  const items = useAppStore((s) => s.notifications);
  return <Notifications items={items} onDismiss={(id) => store.getState().dismissNotification(id)} />;
}
