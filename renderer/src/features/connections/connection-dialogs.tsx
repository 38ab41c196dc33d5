import { useId, useRef, useState } from 'react';
import { defaultConnectionLabel, type ConnectionInfo } from '../../../../preload/contract';
import { useClient } from '../../platform/client-context';
import { toErrorInfo } from '../../platform/virt-error';
import { useAppStore } from '../../store/use-app-store';
import { useConnectionsUi } from './connections-ui';
import { Modal } from './modal';

/** Rename and Remove, as the connection menu and row buttons ask for them. */
export function ConnectionDialogHost() {
  const dialog = useConnectionsUi((s) => s.dialog);
  const connection = useAppStore((s) => (dialog ? s.connections[dialog.connectionId] : undefined));
  if (!dialog || !connection) return null;
  const close = () => useConnectionsUi.getState().closeDialog();
  return dialog.kind === 'rename' ? (
    <RenameConnectionDialog key={connection.id} connection={connection} onClose={close} />
  ) : (
    <RemoveConnectionDialog key={connection.id} connection={connection} onClose={close} />
  );
}

function useCall() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const run = async (call: () => Promise<unknown>, onDone: () => void) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await call();
      onDone();
    } catch (err) {
      const e = toErrorInfo(err);
      setProblem(e.detail ? `${e.message}: ${e.detail}` : e.message);
      setBusy(false);
    }
  };
  return { busy, problem, setProblem, run };
}

/** The pretty name (CONN-11); empty restores virt-manager's default. */
export function RenameConnectionDialog({ connection, onClose }: { connection: ConnectionInfo; onClose(): void }) {
  const client = useClient();
  const [name, setName] = useState(connection.label);
  const { busy, problem, setProblem, run } = useCall();
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const problemId = useId();
  const submit = () => {
    if (busy) return;
    const label = name.trim();
    if (label.length > 200) return setProblem('The name can be at most 200 characters long.');
    void run(() => client.call('connections.update', connection.id, { autoconnect: connection.autoconnect, label }), onClose);
  };
  return (
    <Modal
      title="Rename connection"
      initialFocus={inputRef}
      onSubmit={submit}
      onEscape={onClose}
      actions={
        <>
          <button type="submit" className="btn btn-primary" aria-busy={busy}>
            Rename
          </button>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <p>
        <code>{connection.uri}</code>
      </p>
      <div className="field">
        <label htmlFor={id}>Name</label>
        <input
          ref={inputRef}
          id={id}
          className="input"
          value={name}
          maxLength={200}
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? problemId : undefined}
          placeholder={defaultConnectionLabel(connection.uri)}
          onChange={(e) => setName(e.target.value)}
          onFocus={(e) => e.target.select()}
        />
        <p className="field-note">Leave it empty for the default name, {defaultConnectionLabel(connection.uri)}.</p>
      </div>
      {problem ? (
        <p id={problemId} className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </Modal>
  );
}

/** virt-manager's "This will remove the connection: <uri> Are you sure?" (CONN-10). */
export function RemoveConnectionDialog({ connection, onClose }: { connection: ConnectionInfo; onClose(): void }) {
  const client = useClient();
  const { busy, problem, run } = useCall();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const descId = useId();
  const connected = connection.state.kind !== 'disconnected';
  return (
    <Modal
      title="Remove connection"
      describedBy={descId}
      initialFocus={cancelRef}
      onSubmit={() => void run(() => client.call('connections.remove', connection.id), onClose)}
      onEscape={onClose}
      actions={
        <>
          <button type="submit" className="btn btn-danger" aria-busy={busy}>
            Remove
          </button>
          <button ref={cancelRef} type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <div id={descId}>
        <p>This will remove the connection:</p>
        <p>
          <code>{connection.uri}</code>
        </p>
        {connected ? <p>It will be disconnected first. Its virtual machines are not touched.</p> : null}
        <p>Are you sure?</p>
      </div>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </Modal>
  );
}
