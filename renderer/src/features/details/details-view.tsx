// The guest details view (virt-manager's VM details window): a list of
// sections on the left, the section's form on the right, Apply and Revert.
// Opened for any guest from the manager, and by the New VM wizard for
// "Customize configuration before install", where it also offers Begin and
// Cancel Installation.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { DomainDetails, DomainStorageItem } from '../../../../preload/contract';
import { Modal } from '../../components/modal';
import { useClient } from '../../platform/client-context';
import { toErrorInfo } from '../../platform/virt-error';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import '../create-vm/create-vm.css';
import { deleteDomainWithStorage } from '../manager/manage-actions';
import { formDirty, formFrom, patchFrom, type DetailsForm } from './details-model';
import { BootPage, CpusPage, DevicePage, MemoryPage, OverviewPage, XmlPage } from './details-pages';
import type { DetailsTarget } from './details-ui';
import './details.css';

type Message = { kind: 'error' | 'status'; text: string } | undefined;

type Prompt =
  | { kind: 'unsaved'; then(): void }
  | { kind: 'cancel-install'; disks: DomainStorageItem[]; checked: ReadonlySet<string> }
  | undefined;

interface Section {
  id: string;
  label: string;
}

const errorText = (err: unknown) => {
  const info = toErrorInfo(err);
  return [info.message, info.detail].filter(Boolean).join(': ');
};

export function DetailsView({ target, onClose }: { target: DetailsTarget; onClose(): void }) {
  const client = useClient();
  const store = useAppStoreApi();
  const domain = useAppStore((s) => s.domains[target.key]);
  const connected = useAppStore((s) => (domain ? s.connections[domain.connectionId]?.state.kind === 'connected' : false));
  // Kept from the first render: the guest may vanish while the view is open.
  const [ref] = useState(() => (domain ? { connectionId: domain.connectionId, uuid: domain.uuid } : undefined));
  const [name] = useState(() => domain?.name ?? 'This virtual machine');
  const [read, setDetails] = useState<DomainDetails | undefined>();
  // Running or not as the list says now (lifecycle events), not as when the XML was read.
  const details = read && domain ? { ...read, active: domain.id !== null } : read;
  const [form, setForm] = useState<DetailsForm | undefined>();
  const [xml, setXml] = useState('');
  const [section, setSection] = useState('overview');
  const [busy, setBusy] = useState<string | undefined>();
  const [message, setMessage] = useState<Message>();
  const [prompt, setPrompt] = useState<Prompt>();
  const tabRefs = useRef(new Map<string, HTMLButtonElement | null>());
  const firstTab = useRef<HTMLButtonElement | null>(null);

  const show = (d: DomainDetails) => {
    setDetails(d);
    setForm(formFrom(d));
    setXml(d.xml);
  };

  useEffect(() => {
    if (!ref) return;
    let live = true;
    setBusy('Loading…');
    client.call('domains.details', ref).then(
      (d) => live && show(d),
      (err) => live && setMessage({ kind: 'error', text: errorText(err) }),
    ).finally(() => live && setBusy(undefined));
    return () => {
      live = false;
    };
  }, [client, ref]);

  const gone = details !== undefined && !domain;
  const xmlDirty = details !== undefined && xml !== details.xml;
  const dirty = details !== undefined && form !== undefined && (formDirty(details, form) || xmlDirty);
  const shownName = domain?.name ?? name;
  const installing = !!details && !details.active && !!domain && (domain.state === 'shutoff' || domain.state === 'crashed') && (target.customize !== undefined || details.installPhase);

  const sections: Section[] = [
    { id: 'overview', label: 'Overview' },
    { id: 'cpus', label: 'CPUs' },
    { id: 'memory', label: 'Memory' },
    { id: 'boot', label: 'Boot Options' },
    ...(details?.devices ?? []).map((d) => ({ id: `device:${d.id}`, label: d.label })),
    { id: 'xml', label: 'XML' },
  ];

  const set = (patch: Partial<DetailsForm>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setMessage(undefined);
  };

  /** Runs `then` now, or after the user decided what happens to unapplied changes. */
  const guard = (then: () => void) => {
    if (dirty) setPrompt({ kind: 'unsaved', then });
    else then();
  };

  const revert = () => {
    if (read) show(read);
    setMessage(undefined);
  };

  /** Applies what is dirty; resolves true when it went through (or there was nothing). */
  const apply = async (): Promise<boolean> => {
    if (!details || !form || !ref || busy) return false;
    if (gone) {
      setMessage({ kind: 'error', text: `${shownName} no longer exists` });
      return false;
    }
    let call: () => Promise<{ details: DomainDetails; afterShutdown: boolean }>;
    if (xmlDirty) call = () => client.call('domains.defineXml', ref, xml);
    else {
      const r = patchFrom(details, form);
      if ('problem' in r) {
        setMessage({ kind: 'error', text: r.problem });
        return false;
      }
      if (Object.keys(r.patch).length === 0) {
        revert();
        return true;
      }
      call = () => client.call('domains.applyDetails', ref, r.patch);
    }
    setBusy('Applying…');
    setMessage(undefined);
    try {
      const r = await call();
      show(r.details);
      setMessage({ kind: 'status', text: r.afterShutdown ? 'Changes saved. They take effect after the guest shuts down.' : 'Changes applied.' });
      return true;
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const choose = (id: string) => {
    if (id === section) return;
    guard(() => {
      setSection(id);
      // An error was about the page left; "applied" still holds.
      setMessage((m) => (m?.kind === 'error' ? undefined : m));
    });
  };

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = sections.findIndex((s) => s.id === section);
    let next: number | undefined;
    if (e.key === 'ArrowDown') next = Math.min(sections.length - 1, i + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = sections.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    const id = sections[next]!.id;
    tabRefs.current.get(id)?.focus();
    choose(id);
  };

  const begin = () =>
    guard(async () => {
      if (!ref) return;
      setBusy('Starting the installation…');
      setMessage(undefined);
      try {
        await client.call('install.begin', ref);
      } catch (err) {
        setMessage({ kind: 'error', text: errorText(err) });
        setBusy(undefined);
        return;
      }
      onClose();
      // As after a normal create: the guest's console opens.
      const s = store.getState();
      s.select(target.key);
      s.openConsole(target.key);
    });

  const cancelInstall = () =>
    guard(async () => {
      if (!ref) return;
      setBusy('Reading the guest’s storage…');
      try {
        const storage = await client.call('domains.storage', ref);
        // Only disks: a kernel or an install ISO is not the wizard's to delete.
        const disks = storage.filter((s) => s.device === 'disk' && s.deletable);
        const created = target.customize ? target.customize.createdDisk : true;
        setPrompt({ kind: 'cancel-install', disks, checked: new Set(disks.filter((s) => s.defaultChecked && created).map((s) => s.path)) });
      } catch (err) {
        setMessage({ kind: 'error', text: errorText(err) });
      } finally {
        setBusy(undefined);
      }
    });

  const confirmCancelInstall = async (paths: string[]) => {
    setPrompt(undefined);
    setBusy('Deleting…');
    const problem = await deleteDomainWithStorage(client, store, target.key, paths);
    setBusy(undefined);
    if (problem) setMessage({ kind: 'error', text: problem });
    else onClose();
  };

  const requestClose = () => guard(onClose);

  const current = sections.find((s) => s.id === section) ?? sections[0]!;
  let page: ReactNode = null;
  if (details && form) {
    const props = { details, form, set };
    if (section === 'overview') page = <OverviewPage {...props} />;
    else if (section === 'cpus') page = <CpusPage {...props} />;
    else if (section === 'memory') page = <MemoryPage {...props} />;
    else if (section === 'boot') page = <BootPage {...props} />;
    else if (section === 'xml') page = <XmlPage xml={xml} setXml={(v) => (setXml(v), setMessage(undefined))} readOnly={false} />;
    else {
      const dev = details.devices.find((d) => `device:${d.id}` === section);
      page = dev ? <DevicePage device={dev} /> : null;
    }
  }
  const readOnlySection = section.startsWith('device:');
  const canApply = !!details && connected && !gone && !busy && dirty;

  return (
    <Modal title={`${shownName} details`} className="details-window" actions={null} onEscape={requestClose} initialFocus={firstTab}>
      {details?.active ? <p className="field-hint">The guest is running: changes are saved to its configuration and take effect after it shuts down.</p> : null}
      {gone ? (
        <p className="field-error" role="alert">
          {shownName} no longer exists.
        </p>
      ) : !connected && domain ? (
        <p className="field-error" role="alert">
          The connection to this guest’s host is lost: changes cannot be applied until it is back.
        </p>
      ) : null}
      <div className="details-layout">
        <div role="tablist" aria-label="Sections" aria-orientation="vertical" className="details-nav" onKeyDown={onTabKey}>
          {sections.map((s, i) => (
            <button
              key={s.id}
              ref={(el) => {
                tabRefs.current.set(s.id, el);
                if (s.id === section) firstTab.current = el;
                else if (i === 0 && !firstTab.current) firstTab.current = el;
              }}
              type="button"
              role="tab"
              id={`details-tab-${s.id}`}
              aria-selected={s.id === section}
              aria-controls="details-panel"
              tabIndex={s.id === section ? 0 : -1}
              className={s.id === section ? 'details-tab details-tab-selected' : 'details-tab'}
              onClick={() => choose(s.id)}
            >
              {s.label}
            </button>
          ))}
        </div>
        <div role="tabpanel" id="details-panel" aria-labelledby={`details-tab-${current.id}`} className="details-panel" aria-busy={busy === 'Loading…'}>
          <h3 className="details-panel-title">{current.label}</h3>
          {!details && busy ? <p className="placeholder">Loading…</p> : page}
        </div>
      </div>
      <div className="details-footer">
        {message ? (
          <p className={message.kind === 'error' ? 'field-error' : 'field-hint'} role={message.kind === 'error' ? 'alert' : 'status'}>
            {message.text}
          </p>
        ) : busy && details ? (
          <p className="field-hint" role="status">
            {busy}
          </p>
        ) : null}
        <div className="modal-actions">
          {installing ? (
            <>
              <button type="button" className="btn btn-primary" aria-disabled={!!busy || !connected} onClick={() => !busy && connected && begin()}>
                Begin Installation
              </button>
              <button type="button" className="btn btn-danger" aria-disabled={!!busy || !connected} onClick={() => !busy && connected && cancelInstall()}>
                Cancel Installation
              </button>
              <span className="details-spacer" />
            </>
          ) : null}
          {!readOnlySection ? (
            <>
              <button type="button" className="btn btn-primary" aria-disabled={!canApply} onClick={() => canApply && void apply()}>
                {busy === 'Applying…' ? 'Applying…' : 'Apply'}
              </button>
              <button type="button" className="btn btn-secondary" aria-disabled={!dirty || !!busy} onClick={() => dirty && !busy && revert()}>
                Revert
              </button>
            </>
          ) : null}
          <button type="button" className="btn btn-secondary" onClick={requestClose}>
            Close
          </button>
        </div>
      </div>
      {prompt?.kind === 'unsaved' ? (
        <Modal
          title="Unapplied changes"
          describedBy="body"
          onEscape={() => setPrompt(undefined)}
          actions={
            <>
              <button
                type="button"
                className="btn btn-primary"
                onClick={async () => {
                  const then = prompt.then;
                  setPrompt(undefined);
                  if (await apply()) then();
                }}
              >
                Apply
              </button>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => {
                  const then = prompt.then;
                  setPrompt(undefined);
                  revert();
                  then();
                }}
              >
                Discard
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => setPrompt(undefined)}>
                Keep editing
              </button>
            </>
          }
        >
          <p>There are unapplied changes to {shownName}. Apply them, or discard them?</p>
        </Modal>
      ) : null}
      {prompt?.kind === 'cancel-install' ? (
        <CancelInstallPrompt
          name={shownName}
          disks={prompt.disks}
          checked={prompt.checked}
          onChange={(checked) => setPrompt({ ...prompt, checked })}
          onConfirm={() => void confirmCancelInstall([...prompt.checked])}
          onCancel={() => setPrompt(undefined)}
        />
      ) : null}
    </Modal>
  );
}

function CancelInstallPrompt(props: {
  name: string;
  disks: DomainStorageItem[];
  checked: ReadonlySet<string>;
  onChange(checked: ReadonlySet<string>): void;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { name, disks, checked } = props;
  const cancelRef = useRef<HTMLButtonElement>(null);
  const chosen = disks.filter((d) => checked.has(d.path));
  return (
    <Modal
      title={`Cancel the installation of ${name}?`}
      describedBy="body"
      initialFocus={cancelRef}
      onEscape={props.onCancel}
      actions={
        <>
          <button type="button" className="btn btn-danger" onClick={props.onConfirm}>
            {chosen.length > 0 ? 'Delete guest and disk' : 'Delete guest'}
          </button>
          <button type="button" ref={cancelRef} className="btn btn-secondary" onClick={props.onCancel}>
            Keep it
          </button>
        </>
      }
    >
      <p>
        This deletes the definition of {name}
        {chosen.length > 0 ? <> and its disk {chosen.map((d) => d.path).join(', ')}</> : null}.
      </p>
      {disks.length > 0 ? (
        <fieldset className="wizard-fieldset">
          <legend>Disks to delete</legend>
          {disks.map((d) => (
            <label key={d.path} className="wizard-radio">
              <input
                type="checkbox"
                checked={checked.has(d.path)}
                onChange={(e) => {
                  const next = new Set(checked);
                  if (e.target.checked) next.add(d.path);
                  else next.delete(d.path);
                  props.onChange(next);
                }}
              />
              {d.path}
              {d.note ? ` (${d.note})` : ''}
            </label>
          ))}
        </fieldset>
      ) : null}
    </Modal>
  );
}
