import type { ConnectionState } from '../../../../preload/contract';
import { SpinnerIcon } from '../../components/icons';

/** "Connecting…", "Connected" with the host name, or "Disconnected — reason" with the detail. */
export function ConnectionStatus({ state }: { state: ConnectionState }) {
  switch (state.kind) {
    case 'connecting':
      return (
        <span className="conn-state conn-state-connecting">
          <SpinnerIcon size={14} />
          Connecting…
        </span>
      );
    case 'connected':
      return (
        <>
          <span className="conn-state conn-state-connected">
            <span className="status-dot" aria-hidden="true" />
            Connected
          </span>
          {state.hostname ? (
            <span className="conn-host" title={`libvirt ${state.libvirtVersion}`}>
              <span className="conn-host-prefix">on </span>
              {state.hostname}
            </span>
          ) : null}
        </>
      );
    case 'disconnected': {
      const text = !state.reason || state.reason === 'Disconnected' ? 'Disconnected' : `Disconnected — ${state.reason}`;
      return (
        <>
          <span className={state.detail ? 'conn-state conn-state-error' : 'conn-state conn-state-off'}>
            <span className="status-dot" aria-hidden="true" />
            {text}
          </span>
          {state.retryAt !== undefined ? (
            <span className="conn-state conn-state-connecting">
              <SpinnerIcon size={14} />
              Reconnecting…
            </span>
          ) : null}
          {state.detail ? (
            <span className="conn-detail" role="alert">
              {state.detail}
            </span>
          ) : null}
        </>
      );
    }
  }
}
