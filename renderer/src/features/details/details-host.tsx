import { useEffect } from 'react';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { DetailsView } from './details-view';
import { DETAILS_SHORTCUT, isDetailsShortcut, useDetailsUi } from './details-ui';

/** The details view and its shortcut (Ctrl+D on the selected guest); mounted once by the app. */
export function DetailsHost() {
  const store = useAppStoreApi();
  const target = useDetailsUi((s) => s.target);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!isDetailsShortcut(e) || document.querySelector('.modal-backdrop')) return;
      const key = store.getState().selectedKey;
      // Ctrl+D is the browser's "bookmark" otherwise: take it only when it does something here.
      if (!key || !store.getState().domains[key]) return;
      e.preventDefault();
      useDetailsUi.getState().open({ key });
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [store]);
  if (!target) return null;
  return <DetailsView key={target.key} target={target} onClose={() => useDetailsUi.getState().close()} />;
}

/** "Details" for the manager's action bar (virt-manager's Open → Details). */
export function DetailsButton() {
  const selected = useAppStore((s) => (s.selectedKey && s.domains[s.selectedKey] ? s.selectedKey : null));
  return (
    <button
      type="button"
      className="btn btn-secondary"
      aria-keyshortcuts={DETAILS_SHORTCUT.aria}
      aria-disabled={!selected}
      title={selected ? `Details (${DETAILS_SHORTCUT.label})` : 'Select a virtual machine first'}
      onClick={() => {
        if (selected) useDetailsUi.getState().open({ key: selected });
      }}
    >
      Details
      <kbd className="shortcut-hint" aria-hidden="true">
        {DETAILS_SHORTCUT.label}
      </kbd>
    </button>
  );
}
