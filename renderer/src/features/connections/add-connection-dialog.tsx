import { useId, useRef, useState } from 'react';
import type { ConnectionInfo } from '../../../../preload/contract';
import { useClient } from '../../platform/client-context';
import { toErrorInfo } from '../../platform/virt-error';
import { Modal } from './modal';
import { connectHint, formUri, HYPERVISOR_OPTIONS, INITIAL_FORM, remoteAllowed, setRemote, type AddConnectionForm, type HypervisorOption } from './add-connection-form';

type Phase =
  | { kind: 'edit' }
  | { kind: 'connecting'; uri: string }
  | { kind: 'failed'; connection: ConnectionInfo; reason: string; detail?: string };

/**
 * virt-manager's Add Connection dialog (createconn.py, CONN-01..06): pick a
 * hypervisor, optionally a remote host over SSH, see the URI as it is built,
 * Connect. A failed connect shows libvirt's (or ssh's) own error and asks
 * whether to keep the saved entry.
 */
export function AddConnectionDialog({ onClose }: { onClose(): void }) {
  const client = useClient();
  const [form, setForm] = useState<AddConnectionForm>(INITIAL_FORM);
  const [phase, setPhase] = useState<Phase>({ kind: 'edit' });
  const [submitted, setSubmitted] = useState(false);
  const [serverProblem, setServerProblem] = useState<string>();
  const [removing, setRemoving] = useState(false);
  const closed = useRef(false);
  const firstRef = useRef<HTMLSelectElement>(null);
  const ids = { hv: useId(), user: useId(), host: useId(), port: useId(), remote: useId(), auto: useId(), custom: useId(), uri: useId(), problem: useId(), failure: useId() };

  const built = formUri(form);
  const problem = serverProblem ?? (submitted && !built.ok ? built.problem : undefined);
  const update = (patch: Partial<AddConnectionForm>) => {
    setServerProblem(undefined);
    setForm((f) => ({ ...f, ...patch }));
  };
  const close = () => {
    closed.current = true;
    onClose();
  };

  const connect = async () => {
    setSubmitted(true);
    if (!built.ok || phase.kind !== 'edit') return;
    const uri = built.uri;
    setPhase({ kind: 'connecting', uri });
    try {
      const info = await client.call('connections.add', uri, { autoconnect: form.autoconnect });
      if (closed.current) return;
      if (info.state.kind === 'disconnected') {
        setPhase({ kind: 'failed', connection: info, reason: info.state.reason, ...(info.state.detail ? { detail: info.state.detail } : {}) });
      } else {
        close();
      }
    } catch (err) {
      if (closed.current) return;
      const e = toErrorInfo(err);
      setServerProblem(e.detail ? `${e.message}: ${e.detail}` : e.message);
      setPhase({ kind: 'edit' });
    }
  };

  const remove = async (connectionId: string) => {
    setRemoving(true);
    try {
      await client.call('connections.remove', connectionId);
      close();
    } catch (err) {
      setRemoving(false);
      const e = toErrorInfo(err);
      setServerProblem(e.detail ?? e.message);
    }
  };

  if (phase.kind === 'failed') {
    const hint = connectHint(phase.connection.uri);
    return (
      <Modal
        title="Could not connect"
        describedBy={ids.failure}
        onSubmit={close}
        onEscape={close}
        actions={
          <>
            <button type="submit" className="btn btn-primary">
              Keep
            </button>
            <button type="button" className="btn btn-danger" aria-busy={removing} onClick={() => void remove(phase.connection.id)}>
              Remove
            </button>
          </>
        }
      >
        <p id={ids.failure}>
          Could not connect to <code>{phase.connection.uri}</code>.
        </p>
        <div className="conn-error-box" role="alert">
          {phase.detail ?? phase.reason}
        </div>
        {hint ? <p className="field-note">{hint}</p> : null}
        {serverProblem ? (
          <p className="field-error" role="alert">
            {serverProblem}
          </p>
        ) : null}
        <p>Would you still like to remember this connection? Keep lists it, disconnected, so you can connect later; Remove forgets it.</p>
      </Modal>
    );
  }

  const busy = phase.kind === 'connecting';
  const remoteShown = remoteAllowed(form.hypervisor);
  const custom = form.hypervisor === 'custom';
  return (
    <Modal
      title="Add Connection"
      initialFocus={firstRef}
      onSubmit={() => void connect()}
      onEscape={close}
      actions={
        <>
          <button type="submit" className="btn btn-primary" aria-disabled={busy} aria-busy={busy}>
            Connect
          </button>
          <button type="button" className="btn btn-secondary" onClick={close}>
            Cancel
          </button>
        </>
      }
    >
      <fieldset disabled={busy} className="conn-fieldset">
        <div className="field">
          <label htmlFor={ids.hv}>Hypervisor</label>
          <select
            ref={firstRef}
            id={ids.hv}
            className="input"
            value={form.hypervisor}
            onChange={(e) => {
              const hypervisor = e.target.value as HypervisorOption;
              update(remoteAllowed(hypervisor) ? { hypervisor } : { hypervisor, remote: false, autoconnect: form.remote ? true : form.autoconnect });
            }}
          >
            {HYPERVISOR_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          {form.hypervisor === 'qemu-session' ? (
            <p className="field-note">
              QEMU usermode session is not the virt-manager default. It is likely that pre-existing QEMU/KVM guests will not be available. Networking options are very limited.
            </p>
          ) : null}
        </div>

        {custom ? (
          <div className="field">
            <label htmlFor={ids.custom}>Custom URI</label>
            <input
              id={ids.custom}
              className="input"
              spellCheck={false}
              autoComplete="off"
              placeholder="qemu+ssh://root@host/system"
              value={form.customUri}
              aria-invalid={problem !== undefined}
              aria-describedby={problem ? ids.problem : undefined}
              onChange={(e) => update({ customUri: e.target.value })}
            />
          </div>
        ) : null}

        {remoteShown ? (
          <div className="field field-inline">
            <input id={ids.remote} type="checkbox" checked={form.remote} onChange={(e) => { setServerProblem(undefined); setForm((f) => setRemote(f, e.target.checked)); }} />
            <label htmlFor={ids.remote}>Connect to remote host over SSH</label>
          </div>
        ) : null}

        {remoteShown && form.remote ? (
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.user}>Username</label>
              <input id={ids.user} className="input" autoComplete="off" spellCheck={false} value={form.user} onChange={(e) => update({ user: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={ids.host}>Hostname</label>
              <input
                id={ids.host}
                className="input"
                autoComplete="off"
                spellCheck={false}
                value={form.host}
                aria-invalid={problem !== undefined && form.host.trim() === ''}
                aria-describedby={problem ? ids.problem : undefined}
                onChange={(e) => update({ host: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.port}>Port</label>
              <input id={ids.port} className="input" inputMode="numeric" placeholder="22" value={form.port} onChange={(e) => update({ port: e.target.value })} />
            </div>
          </div>
        ) : null}

        <div className="field field-inline">
          <input id={ids.auto} type="checkbox" checked={form.autoconnect} onChange={(e) => update({ autoconnect: e.target.checked })} />
          <label htmlFor={ids.auto}>Autoconnect</label>
        </div>
      </fieldset>

      {custom ? null : (
        <div className="field">
          <span className="field-label" id={ids.uri}>
            Generated URI
          </span>
          <output className="conn-uri-preview" aria-labelledby={ids.uri} aria-live="polite">
            {built.ok ? built.uri : '—'}
          </output>
        </div>
      )}

      {problem ? (
        <p id={ids.problem} className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {busy ? (
        <p role="status" className="field-note">
          Connecting to {phase.uri}…
        </p>
      ) : null}
    </Modal>
  );
}
