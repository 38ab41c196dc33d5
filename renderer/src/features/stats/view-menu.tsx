import { useRef, useState } from 'react';
import { DEFAULT_STATS_SETTINGS, type StatsSettings } from '../../../../preload/contract';
import { FormDialog } from '../../components/form-dialog';
import { MenuButton } from '../../components/menu-button';
import { useClient } from '../../platform/client-context';
import { toErrorInfo } from '../../platform/virt-error';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { OPTIONAL_COLUMNS } from '../manager/columns';

/** View: which graph columns the list shows, and the sampling preferences. */
export function ViewMenu() {
  const store = useAppStoreApi();
  const columns = useAppStore((s) => s.visibleColumns);
  const [prefsOpen, setPrefsOpen] = useState(false);
  const items = [
    ...OPTIONAL_COLUMNS.map((c) => ({
      label: c.label,
      checked: columns.includes(c.id),
      onSelect: () => store.getState().setColumnVisible(c.id, !columns.includes(c.id)),
    })),
    { label: 'Statistics Preferences…', onSelect: () => setPrefsOpen(true) },
  ];
  return (
    <>
      <MenuButton label="View" items={items} />
      {prefsOpen ? <StatsPreferencesDialog onClose={() => setPrefsOpen(false)} /> : null}
    </>
  );
}

function StatsPreferencesDialog({ onClose }: { onClose(): void }) {
  const client = useClient();
  const store = useAppStoreApi();
  const current = useAppStore((s) => s.statsSettings);
  const [draft, setDraft] = useState<StatsSettings>(current ?? DEFAULT_STATS_SETTINGS);
  const [intervalText, setIntervalText] = useState(String(draft.intervalSec));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const interval = Number(intervalText);
  const intervalValid = Number.isInteger(interval) && interval >= 1 && interval <= 60;

  const save = async () => {
    if (!intervalValid || busy) return;
    setBusy(true);
    try {
      const applied = await client.call('stats.configure', { ...draft, intervalSec: interval });
      store.getState().statsSettingsLoaded(applied);
      onClose();
    } catch (err) {
      const info = toErrorInfo(err);
      setError(info.detail ? `${info.message}: ${info.detail}` : info.message);
      setBusy(false);
    }
  };

  const toggle = (key: 'memory' | 'disk' | 'network') => setDraft((d) => ({ ...d, [key]: !d[key] }));
  return (
    <FormDialog title="Statistics preferences" submitLabel="Save" initialFocus={first} submitDisabled={!intervalValid || busy} onSubmit={() => void save()} onCancel={onClose}>
      <label className="field">
        <span className="field-label">Update interval (seconds)</span>
        <input
          ref={first}
          type="number"
          min={1}
          max={60}
          step={1}
          value={intervalText}
          aria-invalid={!intervalValid}
          aria-describedby={intervalValid ? undefined : 'stats-interval-error'}
          onChange={(e) => setIntervalText(e.target.value)}
        />
      </label>
      {intervalValid ? null : (
        <p id="stats-interval-error" className="field-error" role="alert">
          The interval is a whole number of seconds from 1 to 60.
        </p>
      )}
      <fieldset className="field-group">
        <legend>Sample besides CPU</legend>
        {(['memory', 'disk', 'network'] as const).map((key) => (
          <label key={key} className="check">
            <input type="checkbox" checked={draft[key]} onChange={() => toggle(key)} />
            <span>{{ memory: 'Memory', disk: 'Disk I/O', network: 'Network I/O' }[key]}</span>
          </label>
        ))}
      </fieldset>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </FormDialog>
  );
}
