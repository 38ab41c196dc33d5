import { useEffect, useId, useRef, useState } from 'react';
import { FormDialog } from '../../components/form-dialog';
import { textToKeySteps } from './keysyms';

export interface PasswordDialogProps {
  name: string;
  /** What the server asked for; VeNCrypt may add "username". */
  types: readonly string[];
  /** Offer "Remember password": only where main keeps it in the OS keyring. */
  rememberAvailable?: boolean;
  /** A password remembered earlier (pre-filled, and the box starts ticked). */
  savedPassword?: string | null;
  onSubmit(credentials: { username?: string; password: string }, remember: boolean): void;
  onCancel(): void;
}

export const passwordDialogTitle = (name: string) => `VNC password for ${name}`;

/** Asked when the VNC server wants a password (noVNC's `credentialsrequired`). */
export function PasswordDialog({ name, types, rememberAvailable = false, savedPassword = null, onSubmit, onCancel }: PasswordDialogProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState(savedPassword ?? '');
  const [remember, setRemember] = useState(savedPassword !== null);
  const firstRef = useRef<HTMLInputElement>(null);
  const userId = useId();
  const passId = useId();
  const wantsUser = types.includes('username');
  return (
    <FormDialog
      title={passwordDialogTitle(name)}
      submitLabel="Connect"
      initialFocus={firstRef}
      onSubmit={() => onSubmit(wantsUser ? { username, password } : { password }, rememberAvailable && remember)}
      onCancel={onCancel}
    >
      <p>The graphical console of {name} is protected by a password.</p>
      {/* For password managers: which "account" this password belongs to. */}
      {wantsUser ? null : <input type="text" autoComplete="username" value={name} readOnly hidden />}
      {wantsUser ? (
        <div className="field">
          <label htmlFor={userId}>Username</label>
          <input ref={firstRef} id={userId} className="input" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={passId}>Password</label>
        <input
          ref={wantsUser ? undefined : firstRef}
          id={passId}
          className="input"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {/* Never in browser mode: there is no keyring there, and a browser's storage is no place for it. */}
      {rememberAvailable ? <RememberPasswordField checked={remember} onChange={setRemember} /> : null}
    </FormDialog>
  );
}

/** "Remember password": offered only where main keeps it in the OS keyring. */
export function RememberPasswordField({ checked, onChange }: { checked: boolean; onChange(checked: boolean): void }) {
  const id = useId();
  const noteId = useId();
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" checked={checked} aria-describedby={noteId} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>Remember password</label>
      <p id={noteId} className="field-note">
        Kept encrypted with your system keyring; forgotten if the guest refuses it.
      </p>
    </div>
  );
}

export interface TypeTextDialogProps {
  name: string;
  onSubmit(text: string): void;
  onCancel(): void;
}

export const typeTextDialogTitle = (name: string) => `Type text into ${name}`;

/**
 * "Type Clipboard": the text to send as key presses, prefilled with the
 * clipboard when the browser lets us read it, so nothing is typed into the
 * guest unseen.
 */
export function TypeTextDialog({ name, onSubmit, onCancel }: TypeTextDialogProps) {
  const [text, setText] = useState('');
  const [clipboardNote, setClipboardNote] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const noteId = useId();

  useEffect(() => {
    let cancelled = false;
    const read = navigator.clipboard?.readText?.bind(navigator.clipboard);
    if (!read) {
      setClipboardNote('The clipboard cannot be read here: paste or type the text.');
      return;
    }
    read().then(
      (t) => {
        if (cancelled) return;
        setText((current) => (current === '' ? t : current));
        ref.current?.select();
      },
      () => {
        if (!cancelled) setClipboardNote('The clipboard could not be read: paste or type the text.');
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const { skipped } = textToKeySteps(text);
  const skippedNote =
    skipped.length > 0
      ? `${skipped.length === 1 ? '1 character' : `${skipped.length} characters`} will be left out: only ASCII text can be typed (as on a US keyboard).`
      : null;

  return (
    <FormDialog
      title={typeTextDialogTitle(name)}
      submitLabel="Type"
      initialFocus={ref}
      submitDisabled={text === ''}
      onSubmit={() => onSubmit(text)}
      onCancel={onCancel}
    >
      <div className="field">
        <label htmlFor={id}>Text to type</label>
        <textarea
          ref={ref}
          id={id}
          className="input textarea"
          rows={5}
          spellCheck={false}
          value={text}
          aria-describedby={noteId}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <p id={noteId} className="field-note" aria-live="polite">
        {[clipboardNote, skippedNote].filter(Boolean).join(' ')}
      </p>
    </FormDialog>
  );
}
