import { useEffect, useRef, useState } from 'react';
import { MAX_TAGS, domainNameProblem, tagProblem, type DomainStorageItem } from '../../../../preload/contract';
import { toErrorInfo } from '../../platform/virt-error';
import '../create-vm/create-vm.css';
import { FormDialog } from '../../components/form-dialog';
import { useClient } from '../../platform/client-context';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { deleteDomainWithStorage, renameDomain, saveTags } from './manage-actions';
import { focusDomainRow } from './row-focus';

/** The Edit Tags or Rename dialog the store asks for, if any. */
export function ManagerDialogHost() {
  const dialog = useAppStore((s) => s.managerDialog);
  if (!dialog) return null;
  if (dialog.type === 'delete') return <DeleteDialog key={`d${dialog.key}`} domainKey={dialog.key} />;
  return dialog.type === 'tags' ? <TagsDialog key={`t${dialog.key}`} domainKey={dialog.key} /> : <RenameDialog key={`r${dialog.key}`} domainKey={dialog.key} />;
}

function useClose(key: string) {
  const store = useAppStoreApi();
  return () => {
    store.getState().closeManagerDialog();
    queueMicrotask(() => focusDomainRow(key));
  };
}

function TagsDialog({ domainKey }: { domainKey: string }) {
  const client = useClient();
  const store = useAppStoreApi();
  const domain = useAppStore((s) => s.domains[domainKey]);
  const [tags, setTags] = useState<string[]>(() => [...(domain?.tags ?? [])]);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const close = useClose(domainKey);
  if (!domain) return null;

  /** Adds the typed tag; returns false (and says why) when it is not valid. */
  const add = (): boolean => {
    const tag = draft.trim();
    if (tag === '') return true;
    const p = tagProblem(tag) ?? (tags.some((t) => t.toLowerCase() === tag.toLowerCase()) ? `${tag} is already a tag` : undefined) ?? (tags.length >= MAX_TAGS ? `at most ${MAX_TAGS} tags` : undefined);
    if (p) {
      setProblem(p);
      return false;
    }
    setTags([...tags, tag]);
    setDraft('');
    setProblem(undefined);
    return true;
  };

  const submit = async () => {
    if (saving) return;
    // A tag typed but not added yet counts.
    const tag = draft.trim();
    let list = tags;
    if (tag !== '') {
      if (!add()) return;
      list = [...tags, tag];
    }
    setSaving(true);
    const error = await saveTags(client, store, domainKey, list);
    setSaving(false);
    if (error) setProblem(error);
    else close();
  };

  return (
    <FormDialog title={`Tags of ${domain.name}`} submitLabel="Save" submitDisabled={saving} initialFocus={inputRef} onSubmit={() => void submit()} onCancel={close}>
      <ul className="tag-edit-list" aria-label="Tags">
        {tags.length === 0 ? <li className="tag-edit-empty">No tags</li> : null}
        {tags.map((t) => (
          <li key={t} className="tag-edit-item">
            <span className="tag-chip">{t}</span>
            <button type="button" className="btn btn-plain" aria-label={`Remove tag ${t}`} onClick={() => setTags(tags.filter((x) => x !== t))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="field-row">
        <label className="field">
          <span>New tag</span>
          <input
            ref={inputRef}
            value={draft}
            maxLength={64}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              // Enter adds the tag; Save stores the list.
              if (e.key === 'Enter' && draft.trim() !== '') {
                e.preventDefault();
                add();
              }
            }}
          />
        </label>
        <button type="button" className="btn btn-secondary" onClick={() => add()}>
          Add
        </button>
      </div>
      <p className="field-hint">1–32 characters. Tags are kept in the guest's own XML, so other hosts and tools see them.</p>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </FormDialog>
  );
}

function RenameDialog({ domainKey }: { domainKey: string }) {
  const client = useClient();
  const store = useAppStoreApi();
  const domain = useAppStore((s) => s.domains[domainKey]);
  const [name, setName] = useState(() => domain?.name ?? '');
  const [problem, setProblem] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const close = useClose(domainKey);
  if (!domain) return null;
  const running = domain.id !== null;

  const submit = async () => {
    if (saving || running) return;
    const next = name;
    if (next === domain.name) return close();
    const p = domainNameProblem(next);
    if (p) return setProblem(`Cannot rename ${domain.name}: ${p}`);
    setSaving(true);
    const error = await renameDomain(client, store, domainKey, next);
    setSaving(false);
    if (error) setProblem(error);
    else close();
  };

  return (
    <FormDialog title={`Rename ${domain.name}`} submitLabel="Rename" submitDisabled={saving || running} initialFocus={inputRef} onSubmit={() => void submit()} onCancel={close}>
      {running ? (
        <p className="field-error" role="alert">
          {domain.name} is running. libvirt renames only guests that are shut off: shut it down first.
        </p>
      ) : null}
      <label className="field">
        <span>New name</span>
        <input ref={inputRef} value={name} disabled={running} onChange={(e) => setName(e.target.value)} onFocus={(e) => e.target.select()} />
      </label>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </FormDialog>
  );
}

/**
 * virt-manager's Delete dialog (DEL-01..03): what goes, and a checkbox list of
 * the guest's storage, each path named, writable disks no other guest uses
 * checked by default; read-only, shared and install media unchecked.
 */
function DeleteDialog({ domainKey }: { domainKey: string }) {
  const client = useClient();
  const store = useAppStoreApi();
  const domain = useAppStore((s) => s.domains[domainKey]);
  const [items, setItems] = useState<DomainStorageItem[] | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [withStorage, setWithStorage] = useState(true);
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const [problem, setProblem] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const close = useClose(domainKey);
  const connectionId = domain?.connectionId;
  const uuid = domain?.uuid;
  useEffect(() => {
    if (!connectionId || !uuid) return;
    let live = true;
    client.call('domains.storage', { connectionId, uuid }).then(
      (list) => {
        if (!live) return;
        setItems(list);
        setChecked(Object.fromEntries(list.map((i) => [i.path, i.defaultChecked])));
      },
      (err) => live && setLoadError(toErrorInfo(err).message),
    );
    return () => {
      live = false;
    };
  }, [client, connectionId, uuid]);
  if (!domain) return null;
  const running = domain.id !== null;
  const chosen = withStorage ? (items ?? []).filter((i) => i.deletable && checked[i.path]).map((i) => i.path) : [];

  const submit = async () => {
    if (saving) return;
    setSaving(true);
    const error = await deleteDomainWithStorage(client, store, domainKey, chosen);
    setSaving(false);
    if (error) setProblem(error);
    else store.getState().closeManagerDialog();
  };

  return (
    <FormDialog title={`Delete ${domain.name}?`} className="modal-wide" submitLabel="Delete" submitDisabled={saving} onSubmit={() => void submit()} onCancel={close}>
      <p>
        {running ? `${domain.name} is running: it is forced off first. ` : ''}
        Its definition, saved memory state, snapshot metadata and NVRAM are removed.{' '}
        {chosen.length === 0 ? 'Its disks are kept.' : `These ${chosen.length === 1 ? 'file is' : 'files are'} deleted too: ${chosen.join(', ')}`}
      </p>
      <label className="wizard-radio">
        <input type="checkbox" checked={withStorage} onChange={(e) => setWithStorage(e.target.checked)} />
        Delete associated storage
      </label>
      {loadError ? (
        <p className="field-error" role="alert">
          {loadError}
        </p>
      ) : items === undefined ? (
        <p className="field-hint" aria-busy="true">
          Reading its storage…
        </p>
      ) : items.length === 0 ? (
        <p className="field-hint">It has no storage.</p>
      ) : (
        <table className="storage-table" aria-label="Storage">
          <thead>
            <tr>
              <th scope="col">Delete</th>
              <th scope="col">Target</th>
              <th scope="col">Storage path</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.path + i.target}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Delete ${i.path}`}
                    checked={withStorage && i.deletable && !!checked[i.path]}
                    disabled={!withStorage || !i.deletable}
                    onChange={(e) => setChecked({ ...checked, [i.path]: e.target.checked })}
                  />
                </td>
                <td>{i.target}</td>
                <td className="storage-path">{i.path}</td>
                <td>{i.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </FormDialog>
  );
}
