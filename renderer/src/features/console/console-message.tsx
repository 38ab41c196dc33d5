import { AlertIcon, RunIcon, SpinnerIcon } from '../../components/icons';
import type { ConsoleStatus } from './console-connection';

export interface RunControl {
  /** Run is allowed now (the guest is off, no call in flight, its host connected). */
  enabled: boolean;
  busy: boolean;
  onRun(): void;
}

/** "<name> is not running" with a Run button (CON-14), as a status message. */
export function NotRunningMessage({ name, run }: { name: string; run: RunControl }) {
  return (
    <div className="console-message" role="status">
      <p className="console-message-text">{name} is not running</p>
      <button type="button" className="btn btn-primary" aria-disabled={!run.enabled} aria-busy={run.busy || undefined} onClick={() => run.enabled && run.onRun()}>
        {run.busy ? <SpinnerIcon /> : <RunIcon />}
        <span>Run</span>
      </button>
    </div>
  );
}

/** The guest's host is disconnected: nothing to reach until the connection is back (it reconnects by itself). */
export function HostDownMessage({ name }: { name: string }) {
  return (
    <div className="console-message console-message-warning" role="status">
      <SpinnerIcon />
      <p className="console-message-text">The host of {name} is not connected; the console comes back with it.</p>
    </div>
  );
}

/** An error in the console area: says what happened and offers Reconnect; never a silent hang. */
export function ConsoleAlert({ text, detail, onReconnect }: { text: string; detail?: string; onReconnect?: () => void }) {
  return (
    <div className="console-message console-message-error" role="alert">
      <AlertIcon className="console-message-icon" />
      <div className="console-message-body">
        <p className="console-message-text">{text}</p>
        {detail ? <p className="console-message-detail">{detail}</p> : null}
      </div>
      {onReconnect ? (
        <button type="button" className="btn btn-secondary" onClick={onReconnect}>
          Reconnect
        </button>
      ) : null}
    </div>
  );
}

export interface ConnectionMessageProps {
  name: string;
  /** The console's label, e.g. "Serial port 0". */
  label: string;
  status: ConsoleStatus;
  run: RunControl;
  /** The host is disconnected: said instead of "not running". */
  hostDown?: boolean;
  onReconnect(): void;
}

/** What the console is doing when it is not simply connected; nothing when it is. */
export function ConnectionMessage({ name, label, status, run, hostDown = false, onReconnect }: ConnectionMessageProps) {
  switch (status.kind) {
    case 'connected':
      return null;
    case 'not-running':
      return hostDown ? <HostDownMessage name={name} /> : <NotRunningMessage name={name} run={run} />;
    case 'connecting':
      return (
        <div className="console-message" role="status">
          <SpinnerIcon />
          <p className="console-message-text">Connecting to {label}…</p>
        </div>
      );
    case 'retrying':
      return (
        <div className="console-message console-message-warning" role="status">
          <SpinnerIcon />
          <div className="console-message-body">
            <p className="console-message-text">
              {status.wasConnected ? 'Disconnected' : 'Could not connect'}: {status.reason}
            </p>
            <p className="console-message-detail">
              Reconnecting… (attempt {status.attempt} of {status.maxAttempts})
            </p>
          </div>
          <button type="button" className="btn btn-secondary" onClick={onReconnect}>
            Reconnect
          </button>
        </div>
      );
    case 'failed':
      return <ConsoleAlert text={`${status.wasConnected ? 'Disconnected' : 'Could not connect'}: ${status.reason}`} onReconnect={onReconnect} />;
  }
}
