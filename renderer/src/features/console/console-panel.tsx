import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { allowedActions, type ConsoleDevice, type DomainSummary } from '../../../../preload/contract';
import { useClient } from '../../platform/client-context';
import { selectIsStale } from '../../store/selectors';
import { useAppStore } from '../../store/use-app-store';
import { useDomainActionRequest } from '../manager/domain-actions';
import { DomainToolbarView } from '../manager/domain-toolbar';
import { describeError } from './console-connection';
import { pickConsole, sortConsoles } from './console-files';
import { ConsoleAlert, HostDownMessage, NotRunningMessage, type RunControl } from './console-message';
import { ConsoleSelector, ConsoleToolbar } from './console-toolbar';
import { guestIsUp } from './reconnect-policy';
import { SerialConsole } from './serial-console';
import { VncConsole } from './vnc-console';

/** What the graphical and the text console components get from the panel. */
export interface ConsoleKindProps {
  domain: DomainSummary;
  device: ConsoleDevice;
  /** The guest has consoles to reach now. */
  up: boolean;
  /** The tab is in front. */
  visible: boolean;
  /** The guest's host is not connected (what the store shows of it is its last known state). */
  hostDown: boolean;
  /** The lifecycle toolbar, first in the action bar. */
  lifecycle: ReactNode;
  /** The "Console" combobox, first in the console toolbar. */
  selector: ReactNode;
  /** A remark about the guest's consoles, e.g. that it has no graphical one. */
  notice: ReactNode;
  run: RunControl;
  /** The whole panel: what Fullscreen shows. */
  panelRef: RefObject<HTMLElement | null>;
}

type Listing = { devices: ConsoleDevice[] | null; error: string | null; loading: boolean };

/** One guest's tab: lifecycle buttons, the console selector, and the console itself. */
export function ConsolePanel({ domainKey, visible }: { domainKey: string; visible: boolean }) {
  const client = useClient();
  const domain = useAppStore((s) => s.domains[domainKey]);
  const pending = useAppStore((s) => s.pendingActions[domainKey]);
  const stale = useAppStore(selectIsStale(domainKey));
  const chosen = useAppStore((s) => s.consoleChoice[domainKey]);
  const chooseConsole = useAppStore((s) => s.chooseConsole);
  const requestAction = useDomainActionRequest();
  const panelRef = useRef<HTMLDivElement>(null);
  const up = guestIsUp(domain) && !stale;
  const [listing, setListing] = useState<Listing>({ devices: null, error: null, loading: false });
  const [listAgain, setListAgain] = useState(0);

  const connectionId = domain?.connectionId;
  const uuid = domain?.uuid;
  const liveId = domain?.id ?? null;

  // The consoles a guest offers are read whenever it (re)starts: a new QEMU, maybe a new VNC port.
  // The last list stays while the guest is down, so the terminal and its scrollback stay too.
  useEffect(() => {
    if (!up || !connectionId || !uuid) return;
    let cancelled = false;
    setListing((l) => ({ ...l, loading: true }));
    client.call('consoles.list', { connectionId, uuid }).then(
      (devices) => {
        if (!cancelled) setListing({ devices: sortConsoles(devices), error: null, loading: false });
      },
      (err: unknown) => {
        if (!cancelled) setListing((l) => ({ devices: l.devices, error: describeError(err), loading: false }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, up, connectionId, uuid, liveId, listAgain]);

  if (!domain) return null;

  const name = domain.name;
  const run: RunControl = {
    enabled: !pending && !stale && allowedActions(domain).has('start'),
    busy: pending === 'start',
    onRun: () => requestAction(domainKey, 'start'),
  };
  const lifecycle = (
    <DomainToolbarView domain={domain} pending={pending} stale={stale} onAction={(action) => requestAction(domainKey, action)} />
  );
  const devices = listing.devices;
  const device = devices ? pickConsole(devices, chosen) : undefined;
  const selector = (
    <ConsoleSelector devices={devices ?? []} value={device?.id} onChange={(id) => chooseConsole(domainKey, id)} />
  );
  const noGraphics = up && devices !== null && devices.length > 0 && !devices.some((d) => d.kind === 'vnc');
  const notice = noGraphics ? (
    <p className="console-note" role="status">
      {name} has no graphical console; showing its {devices[0]!.label.toLowerCase()}.
    </p>
  ) : null;

  let body: ReactNode;
  if (device) {
    const props: ConsoleKindProps = { domain, device, up, visible, hostDown: stale, lifecycle, selector, notice, run, panelRef };
    // A new device is a new console: keyed, so its connection starts afresh.
    body = device.kind === 'vnc' ? <VncConsole key={device.id} {...props} /> : <SerialConsole key={device.id} {...props} />;
  } else {
    body = (
      <>
        <div className="actionbar console-actionbar">
          {lifecycle}
          <ConsoleToolbar>{selector}</ConsoleToolbar>
        </div>
        {stale ? (
          <HostDownMessage name={name} />
        ) : !up ? (
          <NotRunningMessage name={name} run={run} />
        ) : listing.error ? (
          <ConsoleAlert text={`Could not list the consoles of ${name}`} detail={listing.error} onReconnect={() => setListAgain((n) => n + 1)} />
        ) : devices && devices.length === 0 ? (
          <ConsoleAlert text={`${name} has no console Virtdesk can show`} detail="It has neither a graphical display nor a serial or text console." onReconnect={() => setListAgain((n) => n + 1)} />
        ) : (
          <p className="console-message" role="status" aria-busy="true">
            Looking for the consoles of {name}…
          </p>
        )}
        <div className="console-screen console-screen-empty" />
      </>
    );
  }

  return (
    <div ref={panelRef} className="console-panel">
      {device && listing.error ? (
        <ConsoleAlert text={`Could not list the consoles of ${name}`} detail={listing.error} onReconnect={() => setListAgain((n) => n + 1)} />
      ) : null}
      {body}
    </div>
  );
}
