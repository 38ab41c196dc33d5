import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { domainKey, type InstallOptions, type InstallProblem, type JobFinished, type JobProgress, type OsInfo } from '../../../../preload/contract';
import { FormDialog } from '../../components/form-dialog';
import { useClient } from '../../platform/client-context';
import { toErrorInfo } from '../../platform/virt-error';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import {
  METHOD_LABELS,
  STEP_TITLES,
  applyOs,
  filterOsList,
  formatBytes,
  initialState,
  networkKey,
  overcommitWarnings,
  stepApplies,
  stepProblem,
  suggestName,
  toSpec,
  type SourceKind,
  type WizardState,
} from './wizard-model';
import { RecentList } from './recent-list';
import { rememberMedia } from './recent-media';
import { UrlSourceFields, useUrlDetection } from './url-source';
import { useDetailsUi } from '../details/details-ui';
import './create-vm.css';

/** Whether the wizard is open; a tiny store of its own, like Add Connection's. */
export const useCreateVmUi = create<{ open: boolean; openWizard(): void; close(): void }>((set) => ({
  open: false,
  openWizard: () => set({ open: true }),
  close: () => set({ open: false }),
}));

export const NEW_VM_SHORTCUT = { label: 'Ctrl+N', aria: 'Control+N' };

function isNewVmShortcut(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'n';
}

/** The wizard and its shortcut; mounted once by the app. */
export function CreateVmHost() {
  const open = useCreateVmUi((s) => s.open);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!isNewVmShortcut(e) || document.querySelector('.modal-backdrop')) return;
      e.preventDefault();
      useCreateVmUi.getState().openWizard();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  return open ? <NewVmWizard onClose={() => useCreateVmUi.getState().close()} /> : null;
}

/** "New Virtual Machine" for the manager's action bar (virt-manager's File → New Virtual Machine). */
export function NewVmButton() {
  const anyConnected = useAppStore((s) => Object.values(s.connections).some((c) => c.state.kind === 'connected'));
  return (
    <button
      type="button"
      className="btn btn-primary"
      aria-keyshortcuts={NEW_VM_SHORTCUT.aria}
      aria-disabled={!anyConnected}
      title={anyConnected ? `New Virtual Machine (${NEW_VM_SHORTCUT.label})` : 'Connect to a host first'}
      onClick={() => {
        if (anyConnected) useCreateVmUi.getState().openWizard();
      }}
    >
      New Virtual Machine
      <kbd className="shortcut-hint" aria-hidden="true">
        {NEW_VM_SHORTCUT.label}
      </kbd>
    </button>
  );
}

type Phase = { kind: 'edit' } | { kind: 'running'; jobId: string; progress: JobProgress | null; warnings: string[] } | { kind: 'failed'; finished: Extract<JobFinished, { ok: false }> };

function isLocalUri(uri: string): boolean {
  return !/^[a-z0-9]+(\+[a-z0-9]+)?:\/\/[^/]/i.test(uri);
}

export function NewVmWizard({ onClose }: { onClose(): void }) {
  const client = useClient();
  const store = useAppStoreApi();
  const connections = useAppStore((s) => s.connections);
  const order = useAppStore((s) => s.connectionOrder);
  const connected = useMemo(() => order.map((id) => connections[id]).filter((c) => c && c.state.kind === 'connected').map((c) => c!), [order, connections]);
  const preferred = connected.find((c) => isLocalUri(c.uri)) ?? connected[0];
  const [state, setState] = useState<WizardState>(() => initialState(preferred?.id ?? ''));
  const [options, setOptions] = useState<InstallOptions | undefined>();
  const [optionsError, setOptionsError] = useState<string | undefined>();
  const [osList, setOsList] = useState<OsInfo[]>([]);
  const [step, setStep] = useState(1);
  const [problem, setProblem] = useState<string | undefined>();
  const [checkProblems, setCheckProblems] = useState<InstallProblem[]>([]);
  const [busy, setBusy] = useState<string | undefined>();
  const [detected, setDetected] = useState<{ path: string; os: OsInfo | null } | undefined>();
  const [phase, setPhase] = useState<Phase>({ kind: 'edit' });
  const firstField = useRef<HTMLElement | null>(null);
  const pendingEvents = useRef(new Map<string, JobFinished>());
  const [, bump] = useState(0);
  const detecting = useRef<{ path: string; promise: Promise<OsInfo | null | undefined> } | null>(null);
  const detectedRef = useRef<{ path: string; os: OsInfo | null } | undefined>(undefined);
  const set = (patch: Partial<WizardState>) => setState((s) => ({ ...s, ...patch }));
  const urlDetection = useUrlDetection(client, state.connectionId, state.arch, (found) => {
    if (found.os) setState((s) => (s.autoDetect ? applyOs(s, found.os, options) : s));
  });
  const urlFound = urlDetection.detected?.url === state.url.trim() ? urlDetection.detected.result : undefined;

  useEffect(() => {
    void client.call('install.osList').then(setOsList, () => setOsList([]));
  }, [client]);

  // Opened (Ctrl+N) before any host finished connecting: the first one that does is used.
  const preferredId = preferred?.id;
  useEffect(() => {
    if (preferredId) setState((s) => (s.connectionId ? s : { ...s, connectionId: preferredId }));
  }, [preferredId]);

  useEffect(() => {
    if (!state.connectionId) return;
    let live = true;
    setOptions(undefined);
    setOptionsError(undefined);
    client.call('install.options', state.connectionId).then(
      (o) => {
        if (!live) return;
        setOptions(o);
        setState((s) => ({ ...initialState(s.connectionId, o), method: s.method }));
      },
      (err) => live && setOptionsError(toErrorInfo(err).message),
    );
    return () => {
      live = false;
    };
  }, [client, state.connectionId]);

  // Job events: progress for the running job; the outcome closes or explains.
  const jobId = phase.kind === 'running' ? phase.jobId : undefined;
  useEffect(() => {
    const offProgress = client.on('jobs.progress', (p) => setPhase((ph) => (ph.kind === 'running' && ph.jobId === p.jobId ? { ...ph, progress: p } : ph)));
    const offFinished = client.on('jobs.finished', (f) => {
      pendingEvents.current.set(f.jobId, f);
      bump((n) => n + 1);
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [client]);
  const finishedFor = jobId ? pendingEvents.current.get(jobId) : undefined;
  useEffect(() => {
    if (!finishedFor) return;
    pendingEvents.current.delete(finishedFor.jobId);
    if (!finishedFor.ok) {
      setPhase({ kind: 'failed', finished: finishedFor });
      return;
    }
    const key = domainKey(finishedFor.domain);
    const started = finishedFor.started;
    if (state.method === 'iso') rememberMedia('iso', state.isoPath);
    if (state.method === 'url') rememberMedia('url', state.url);
    // Customize: the details view opens on the defined guest, with Begin Installation.
    const customize = !started && state.customize ? { createdDisk: state.method !== 'import' && state.storageMode === 'new' } : undefined;
    onClose();
    // The row arrives with the lifecycle event: select it, and open its console once it is there.
    const act = () => {
      const s = store.getState();
      s.select(key);
      if (started) s.openConsole(key);
      if (customize) useDetailsUi.getState().open({ key, customize });
    };
    if (store.getState().domains[key]) act();
    else {
      let done = false;
      const unsubscribe = store.subscribe((s) => {
        if (done || !s.domains[key]) return;
        done = true;
        unsubscribe();
        act();
      });
      setTimeout(() => {
        done = true;
        unsubscribe();
      }, 15_000);
    }
  });

  const taken = useAppStore(useShallow((s) => Object.values(s.domains).filter((d) => d.connectionId === state.connectionId).map((d) => d.name)));
  const local = options?.local ?? false;
  const arch = options?.arches.find((a) => a.arch === state.arch);
  const total = 5;

  const goTo = (next: number) => {
    setProblem(undefined);
    setCheckProblems([]);
    if (next === 5 && !state.nameEdited) set({ name: suggestName(state.os, taken) });
    setStep(next);
  };

  const detect = (path: string): Promise<OsInfo | null | undefined> => {
    if (!local || !path.startsWith('/')) return Promise.resolve(undefined);
    if (detecting.current?.path === path) return detecting.current.promise;
    setBusy('Detecting the operating system…');
    let promise!: Promise<OsInfo | null | undefined>;
    promise = (async () => {
      try {
        const os = await client.call('install.detect', state.connectionId, path);
        detectedRef.current = { path, os };
        setDetected({ path, os });
        if (os) setState((s) => applyOs(s, os, options));
        return os;
      } catch (err) {
        setProblem(toErrorInfo(err).message);
        return undefined;
      } finally {
        if (detecting.current?.promise === promise) detecting.current = null;
        setBusy(undefined);
      }
    })();
    detecting.current = { path, promise };
    return promise;
  };

  const forward = async () => {
    // A detection started by leaving the path field finishes first (the click that left it is this one).
    if (detecting.current) await detecting.current.promise;
    else if (busy) return;
    const p = stepProblem(step, state, options);
    if (p) return setProblem(p);
    if (step === 2 && state.method === 'iso' && state.autoDetect && local && detectedRef.current?.path !== state.isoPath.trim()) {
      const os = await detect(state.isoPath.trim());
      if (os === null) return setProblem('The OS could not be detected from this media: untick "Automatically detect" and choose it from the list (or Generic).');
      if (os === undefined) return;
    }
    if (step === 2 && state.method === 'url') {
      // an unusable URL says why next to its field
      const found = await urlDetection.detect(state.url);
      if (!found) return;
      if (found.kind === 'tree' && !found.os && state.autoDetect) return setProblem('The OS could not be detected from this install tree: untick "Automatically detect" and choose it from the list (or Generic).');
    }
    let next = step + 1;
    while (next <= total && !stepApplies(next, state)) next++;
    if (next <= total) return goTo(next);
    await finish();
  };

  const back = () => {
    let prev = step - 1;
    while (prev > 1 && !stepApplies(prev, state)) prev--;
    goTo(Math.max(1, prev));
  };

  const finish = async () => {
    const spec = toSpec(state);
    setBusy('Checking…');
    try {
      const { problems } = await client.call('install.check', spec);
      const errors = problems.filter((x) => x.severity === 'error');
      if (errors.length > 0) {
        setCheckProblems(problems);
        return;
      }
      const { jobId: id } = await client.call('install.create', spec);
      setPhase({ kind: 'running', jobId: id, progress: null, warnings: problems.map((x) => x.message) });
    } catch (err) {
      const info = toErrorInfo(err);
      setProblem([info.message, info.detail].filter(Boolean).join(': '));
    } finally {
      setBusy(undefined);
    }
  };

  if (phase.kind === 'running') {
    const p = phase.progress;
    return (
      <FormDialog title="New Virtual Machine" className="modal-wide" submitLabel="" hideSubmit cancelLabel="Cancel" onSubmit={() => undefined} onCancel={() => void client.call('jobs.cancel', phase.jobId).catch(() => undefined)}>
        <p role="status" aria-live="polite" className="wizard-progress-step">
          {p?.step ?? 'Starting…'}
        </p>
        {p?.fraction != null ? <progress aria-label="Progress" max={1} value={p.fraction} /> : <progress aria-label="Progress" />}
        {phase.warnings.length > 0 ? (
          <ul className="wizard-warnings" aria-label="Warnings">
            {phase.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
      </FormDialog>
    );
  }

  if (phase.kind === 'failed') {
    const f = phase.finished;
    return (
      <FormDialog
        title="New Virtual Machine"
        className="modal-wide"
        submitLabel="Back to the wizard"
        cancelLabel="Close"
        onSubmit={() => setPhase({ kind: 'edit' })}
        onCancel={onClose}
      >
        <p className="field-error" role="alert">
          {f.cancelled ? 'Cancelled.' : f.error.message}
          {f.error.detail ? `: ${f.error.detail}` : ''}
        </p>
        <p className="field-hint">{f.rolledBack.length > 0 ? 'Rolled back:' : 'Nothing had been created, so nothing was left behind.'}</p>
        {f.rolledBack.length > 0 ? (
          <ul className="confirm-list" aria-label="Rolled back">
            {f.rolledBack.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : null}
      </FormDialog>
    );
  }

  const visibleOs = filterOsList(osList, state.osSearch, state.showAllOs);
  const warnings = step === 3 ? overcommitWarnings(state, options) : [];
  const pool = options?.pools.find((p) => p.name === state.pool);

  let body: ReactNode;
  if (step === 1) {
    body = (
      <>
        {connected.length > 1 ? (
          <label className="field">
            <span>Connection</span>
            <select aria-label="Connection" value={state.connectionId} onChange={(e) => set({ connectionId: e.target.value })}>
              {connected.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <p className="field-hint">Connection: {connected[0]?.label ?? 'none connected yet'}</p>
        )}
        <fieldset className="wizard-fieldset">
          <legend>How would you like to install the operating system?</legend>
          {(['iso', 'url', 'pxe', 'import', 'manual'] as SourceKind[]).map((m, i) => (
            <label key={m} className="wizard-radio">
              <input
                type="radio"
                name="method"
                ref={i === 0 ? (el) => void (firstField.current = el) : undefined}
                checked={state.method === m}
                onChange={() => set({ method: m })}
              />
              {METHOD_LABELS[m]}
            </label>
          ))}
        </fieldset>
        <details className="wizard-details" open={state.method === 'kernel' || undefined}>
          <summary>Architecture options</summary>
          <label className="wizard-radio">
            <input type="radio" name="method" checked={state.method === 'kernel'} onChange={() => set({ method: 'kernel' })} />
            {METHOD_LABELS.kernel}
          </label>
          <div className="wizard-grid">
            <label className="field">
              <span>Architecture</span>
              <select aria-label="Architecture" value={state.arch} onChange={(e) => set({ arch: e.target.value, machine: '' })}>
                {(options?.arches ?? []).map((a) => (
                  <option key={a.arch} value={a.arch}>
                    {a.arch}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Virt type</span>
              <select aria-label="Virt type" value={state.virtType} onChange={(e) => set({ virtType: e.target.value as 'kvm' | 'qemu' })}>
                {(arch?.virtTypes ?? ['qemu']).map((v) => (
                  <option key={v} value={v}>
                    {v === 'kvm' ? 'KVM' : 'QEMU (TCG, software emulation)'}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Machine type</span>
              <select aria-label="Machine type" value={state.machine} onChange={(e) => set({ machine: e.target.value })}>
                <option value="">Default</option>
                {(arch?.machines ?? []).map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </details>
        {options && arch && !arch.virtTypes.includes('kvm') ? <p className="field-hint">KVM is not available here: guests run under software emulation (TCG), which is slow.</p> : null}
        {optionsError ? (
          <p className="field-error" role="alert">
            {optionsError}
          </p>
        ) : null}
      </>
    );
  } else if (step === 2) {
    const pathHint = local ? 'A path on this machine' : 'A path on the host';
    body = (
      <>
        {state.method === 'iso' ? (
          <label className="field">
            <span>ISO image path</span>
            <input
              ref={(el) => void (firstField.current = el)}
              value={state.isoPath}
              list="recent-isos"
              placeholder="/var/lib/libvirt/images/install.iso"
              onChange={(e) => set({ isoPath: e.target.value })}
              onBlur={() => {
                if (state.autoDetect && state.isoPath.trim() && detected?.path !== state.isoPath.trim()) void detect(state.isoPath.trim());
              }}
            />
            <RecentList id="recent-isos" kind="iso" />
          </label>
        ) : null}
        {state.method === 'url' ? (
          <UrlSourceFields
            url={state.url}
            kernelArgs={state.kernelArgs}
            onUrl={(url) => set({ url })}
            onKernelArgs={(kernelArgs) => set({ kernelArgs })}
            detection={urlDetection}
            inputRef={(el) => void (firstField.current = el)}
          />
        ) : null}
        {state.method === 'import' ? (
          <>
            <label className="field">
              <span>Existing disk image path</span>
              <input ref={(el) => void (firstField.current = el)} value={state.importPath} placeholder="/srv/images/guest.qcow2" onChange={(e) => set({ importPath: e.target.value })} />
            </label>
            <label className="field">
              <span>Pool for converted images</span>
              <select aria-label="Pool for converted images" value={state.pool} onChange={(e) => set({ pool: e.target.value })}>
                {(options?.pools ?? []).map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <p className="field-hint">qcow2 and raw images are used where they are; VMDK and VDI are converted to qcow2 into the pool.</p>
          </>
        ) : null}
        {state.method === 'kernel' ? (
          <>
            <label className="field">
              <span>Kernel path</span>
              <input ref={(el) => void (firstField.current = el)} value={state.kernel} onChange={(e) => set({ kernel: e.target.value })} />
            </label>
            <label className="field">
              <span>Initrd path</span>
              <input value={state.initrd} onChange={(e) => set({ initrd: e.target.value })} />
            </label>
            <label className="field">
              <span>Kernel arguments</span>
              <input value={state.kernelCmdline} onChange={(e) => set({ kernelCmdline: e.target.value })} />
            </label>
          </>
        ) : null}
        {state.method === 'pxe' || state.method === 'manual' ? <p className="field-hint">{state.method === 'pxe' ? 'The guest boots from the network; choose a network in the last step.' : 'No install media: the guest gets a disk and nothing to boot from yet.'}</p> : null}
        {state.method !== 'pxe' && state.method !== 'manual' && state.method !== 'url' ? <p className="field-hint">{pathHint}</p> : null}

        <fieldset className="wizard-fieldset">
          <legend>Operating system</legend>
          {(state.method === 'iso' && local) || state.method === 'url' ? (
            <label className="wizard-radio">
              <input type="checkbox" checked={state.autoDetect} onChange={(e) => set({ autoDetect: e.target.checked })} />
              Automatically detect from the installation media
            </label>
          ) : null}
          {detected && state.method === 'iso' && state.autoDetect ? (
            <p className="wizard-detected" role="status">
              {detected.os ? `Detected: ${detected.os.name}` : 'Not recognised: choose the OS below'}
            </p>
          ) : null}
          {state.method === 'url' && state.autoDetect && urlFound?.kind === 'tree' ? (
            <p className="wizard-detected" role="status">
              {urlFound.os ? `Detected: ${urlFound.os.name}` : 'Not recognised: choose the OS below'}
            </p>
          ) : null}
          {(state.method !== 'iso' && state.method !== 'url') || !state.autoDetect || (state.method === 'iso' && !local) || (state.method === 'url' && urlFound?.kind !== 'tree') ? (
            <>
              <label className="field">
                <span>Search operating systems</span>
                <input type="search" value={state.osSearch} onChange={(e) => set({ osSearch: e.target.value })} />
              </label>
              <label className="field">
                <span>Operating system</span>
                <select aria-label="Operating system"
                  size={7}
                  value={state.os?.id ?? ''}
                  onChange={(e) => {
                    const os = osList.find((o) => o.id === e.target.value) ?? null;
                    setState((s) => applyOs(s, os, options));
                  }}
                >
                  <option value="">Generic or unknown OS</option>
                  {visibleOs.slice(0, state.showAllOs ? 2000 : 200).map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                      {o.releaseDate ? ` (${o.releaseDate.slice(0, 4)})` : ''}
                    </option>
                  ))}
                </select>
              </label>
              <label className="wizard-radio">
                <input type="checkbox" checked={state.showAllOs} onChange={(e) => set({ showAllOs: e.target.checked })} />
                Show all operating systems (including end-of-life)
              </label>
            </>
          ) : null}
          <p className="field-hint">Chosen: {state.os ? `${state.os.name}${state.os.vendor ? `, ${state.os.vendor}` : ''}` : 'Generic (defaults for a current Linux)'}</p>
        </fieldset>
      </>
    );
  } else if (step === 3) {
    body = (
      <>
        <div className="wizard-grid">
          <label className="field">
            <span>Memory (MiB)</span>
            <input ref={(el) => void (firstField.current = el)} type="number" min={16} step={1} value={state.memoryMiB} onChange={(e) => set({ memoryMiB: Number(e.target.value) })} />
          </label>
          <label className="field">
            <span>vCPUs</span>
            <input type="number" min={1} step={1} value={state.vcpus} onChange={(e) => set({ vcpus: Number(e.target.value) })} />
          </label>
        </div>
        {options ? (
          <p className="field-hint">
            Host: {options.hostMemoryMiB} MiB of memory ({options.allocatedMemoryMiB} MiB held by running guests), {options.hostCpus} CPUs ({options.allocatedVcpus} vCPUs in use).
            {state.os?.recommended.memoryMiB ? ` ${state.os.name} recommends ${state.os.recommended.memoryMiB} MiB.` : ''}
          </p>
        ) : null}
        {warnings.map((w) => (
          <p key={w} className="wizard-warning" role="status">
            Warning: {w}
          </p>
        ))}
      </>
    );
  } else if (step === 4) {
    body = (
      <>
        <label className="wizard-radio">
          <input
            ref={(el) => void (firstField.current = el)}
            type="checkbox"
            checked={state.storageMode !== 'none'}
            onChange={(e) => set({ storageMode: e.target.checked ? 'new' : 'none' })}
          />
          Enable storage for this virtual machine
        </label>
        {state.storageMode !== 'none' ? (
          <fieldset className="wizard-fieldset">
            <legend>Disk</legend>
            <label className="wizard-radio">
              <input type="radio" name="storage" checked={state.storageMode === 'new'} onChange={() => set({ storageMode: 'new' })} />
              Create a disk image
            </label>
            {state.storageMode === 'new' ? (
              <div className="wizard-grid">
                <label className="field">
                  <span>Pool</span>
                  <select aria-label="Pool" value={state.pool} onChange={(e) => set({ pool: e.target.value })}>
                    {(options?.pools ?? []).map((p) => (
                      <option key={p.name} value={p.name}>
                        {p.uuid === '' ? `${p.name} (created at ${p.path})` : `${p.name} (${formatBytes(p.availableBytes)} free)`}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>Disk size</span>
                  <input type="number" min={1} step="any" value={state.size} onChange={(e) => set({ size: Number(e.target.value) })} />
                </label>
                <label className="field">
                  <span>Size unit</span>
                  <select aria-label="Size unit" value={state.sizeUnit} onChange={(e) => set({ sizeUnit: e.target.value as 'MiB' | 'GiB' })}>
                    <option value="GiB">GiB</option>
                    <option value="MiB">MiB</option>
                  </select>
                </label>
                <label className="field">
                  <span>Format</span>
                  <select aria-label="Format" value={state.format} onChange={(e) => set({ format: e.target.value as 'qcow2' | 'raw' })}>
                    <option value="qcow2">qcow2</option>
                    <option value="raw">raw</option>
                  </select>
                </label>
                <label className="wizard-radio">
                  <input type="checkbox" checked={state.sparse} onChange={(e) => set({ sparse: e.target.checked })} />
                  Allocate space as it is used (sparse)
                </label>
              </div>
            ) : null}
            {pool && state.storageMode === 'new' && pool.uuid !== '' ? <p className="field-hint">Pool {pool.name}: {formatBytes(pool.availableBytes)} free of {formatBytes(pool.capacityBytes)}.</p> : null}
            <label className="wizard-radio">
              <input type="radio" name="storage" checked={state.storageMode === 'existing'} onChange={() => set({ storageMode: 'existing' })} />
              Select existing storage
            </label>
            {state.storageMode === 'existing' ? (
              <>
                <label className="field">
                  <span>Existing volume</span>
                  <select aria-label="Existing volume" value={state.existingPath} onChange={(e) => set({ existingPath: e.target.value })}>
                    <option value="">Choose a volume…</option>
                    {(options?.volumes ?? []).map((v) => (
                      <option key={v.path} value={v.path}>
                        {v.pool}/{v.name} ({formatBytes(v.capacityBytes)})
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>Existing disk path</span>
                  <input value={state.existingPath} onChange={(e) => set({ existingPath: e.target.value })} />
                </label>
              </>
            ) : null}
          </fieldset>
        ) : null}
      </>
    );
  } else {
    const netOptions = options?.networks ?? [];
    body = (
      <>
        <label className="field">
          <span>Name</span>
          <input ref={(el) => void (firstField.current = el)} value={state.name} onChange={(e) => set({ name: e.target.value, nameEdited: true })} />
        </label>
        <dl className="wizard-summary" aria-label="Summary">
          <dt>Install</dt>
          <dd>{METHOD_LABELS[state.method]}</dd>
          <dt>OS</dt>
          <dd>{state.os?.name ?? 'Generic'}</dd>
          <dt>Memory</dt>
          <dd>{state.memoryMiB} MiB</dd>
          <dt>CPUs</dt>
          <dd>{state.vcpus}</dd>
          <dt>Storage</dt>
          <dd>
            {state.method === 'import'
              ? state.importPath
              : state.storageMode === 'new'
                ? `${state.size} ${state.sizeUnit} ${state.format} in pool ${state.pool}`
                : state.storageMode === 'existing'
                  ? state.existingPath
                  : 'None'}
          </dd>
        </dl>
        <label className="field">
          <span>Network</span>
          <select aria-label="Network" value={state.network} onChange={(e) => set({ network: e.target.value })}>
            {netOptions.map((n) => (
              <option key={networkKey(n.choice)} value={networkKey(n.choice)}>
                {n.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Firmware</span>
          <select aria-label="Firmware" value={state.firmware} onChange={(e) => set({ firmware: e.target.value as 'bios' | 'efi' })}>
            <option value="bios" disabled={state.os?.uefi === 'required'}>
              BIOS
            </option>
            <option value="efi" disabled={!options?.uefi}>
              UEFI{options?.uefi ? '' : ' (not available on this host)'}
            </option>
          </select>
        </label>
        <label className="wizard-radio">
          <input type="checkbox" checked={state.customize} onChange={(e) => set({ customize: e.target.checked })} />
          Customize configuration before install (define it without starting it)
        </label>
      </>
    );
  }

  const problems = checkProblems.length > 0 ? checkProblems : [];
  return (
    <FormDialog
      title="New Virtual Machine"
      className="modal-wide"
      submitLabel={step === total ? 'Finish' : 'Forward'}
      submitDisabled={(!!busy && !detecting.current) || (step === 1 && !options)}
      initialFocus={firstField}
      onSubmit={() => void forward()}
      onCancel={onClose}
      extraActions={
        step > 1 ? (
          <button type="button" className="btn btn-secondary" onClick={back} disabled={!!busy}>
            Back
          </button>
        ) : null
      }
    >
      <h3 className="wizard-step">
        Step {step} of {total}: {STEP_TITLES[step - 1]}
      </h3>
      {body}
      {busy ? (
        <p className="field-hint" role="status" aria-busy="true">
          {busy}
        </p>
      ) : null}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {problems.length > 0 ? (
        <ul className="wizard-problems" role="alert" aria-label="Problems">
          {problems.map((p) => (
            <li key={p.message} className={p.severity === 'error' ? 'field-error' : 'wizard-warning'}>
              {p.severity === 'error' ? 'Error: ' : 'Warning: '}
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </FormDialog>
  );
}
