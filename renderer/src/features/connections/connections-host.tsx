import { useEffect } from 'react';
import { AddConnectionDialog } from './add-connection-dialog';
import { AuthPromptHost } from './auth-prompt';
import { ConnectionDialogHost } from './connection-dialogs';
import { ConnectionMenuHost } from './connection-menu';
import { ADD_CONNECTION_SHORTCUT, isAddConnectionShortcut, useConnectionsUi } from './connections-ui';

/** The connection dialogs (Add Connection, auth prompts) and the Add Connection shortcut; mounted once by the app. */
export function ConnectionsHost() {
  const addOpen = useConnectionsUi((s) => s.addOpen);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!isAddConnectionShortcut(e) || document.querySelector('.modal-backdrop')) return;
      e.preventDefault();
      useConnectionsUi.getState().openAdd();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  return (
    <>
      {addOpen ? <AddConnectionDialog onClose={() => useConnectionsUi.getState().closeAdd()} /> : null}
      <ConnectionMenuHost />
      <ConnectionDialogHost />
      <AuthPromptHost />
    </>
  );
}

/** "Add Connection" for the manager's action bar (virt-manager's File → Add Connection...). */
export function AddConnectionButton({ className = 'btn btn-secondary' }: { className?: string }) {
  return (
    <button
      type="button"
      className={className}
      aria-keyshortcuts={ADD_CONNECTION_SHORTCUT.aria}
      title={`Add Connection (${ADD_CONNECTION_SHORTCUT.label})`}
      onClick={() => useConnectionsUi.getState().openAdd()}
    >
      Add Connection…
      <kbd className="shortcut-hint" aria-hidden="true">
        {ADD_CONNECTION_SHORTCUT.label}
      </kbd>
    </button>
  );
}
