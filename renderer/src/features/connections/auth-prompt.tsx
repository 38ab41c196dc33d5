import { useEffect, useId, useRef, useState } from 'react';
import type { AuthRequest } from '../../../../preload/contract';
import { useClient } from '../../platform/client-context';
import { Modal } from './modal';

/**
 * Shows libvirt's credential requests (CONN-12) one at a time, as they come
 * (`auth.requested`, or `auth.pending` for requests made before this window
 * loaded), and closes a prompt when any window answered it or main gave up
 * (`auth.settled`). Answers go straight to main; nothing keeps them.
 */
export function AuthPromptHost() {
  const client = useClient();
  const [queue, setQueue] = useState<readonly AuthRequest[]>([]);

  useEffect(() => {
    let stopped = false;
    const add = (req: AuthRequest) => setQueue((q) => (q.some((r) => r.requestId === req.requestId) ? q : [...q, req]));
    const drop = (requestId: string) => setQueue((q) => q.filter((r) => r.requestId !== requestId));
    const offs = [client.on('auth.requested', add), client.on('auth.settled', (s) => drop(s.requestId))];
    client.call('auth.pending').then(
      (list) => {
        if (!stopped) list.forEach(add);
      },
      () => undefined,
    );
    return () => {
      stopped = true;
      offs.forEach((off) => off());
    };
  }, [client]);

  const current = queue[0];
  if (!current) return null;
  const done = () => setQueue((q) => q.filter((r) => r.requestId !== current.requestId));
  return (
    <AuthPrompt
      key={current.requestId}
      request={current}
      onAnswer={(values) => {
        done();
        // A request that ended meanwhile (another window, the timeout) is refused; its settled event says why.
        client.call('auth.respond', current.requestId, values).catch(() => undefined);
      }}
    />
  );
}

export function AuthPrompt({ request, onAnswer }: { request: AuthRequest; onAnswer(values: string[] | null): void }) {
  const [values, setValues] = useState(() => request.credentials.map((c) => c.defaultResult ?? ''));
  const firstRef = useRef<HTMLInputElement>(null);
  const baseId = useId();
  const descId = useId();
  return (
    <Modal
      title="Authentication required"
      describedBy={descId}
      initialFocus={firstRef}
      onSubmit={() => onAnswer(values)}
      onEscape={() => onAnswer(null)}
      actions={
        <>
          <button type="submit" className="btn btn-primary">
            OK
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => onAnswer(null)}>
            Cancel
          </button>
        </>
      }
    >
      <p id={descId}>
        Authentication is required to connect to <code>{request.uri}</code>.
      </p>
      {request.credentials.map((c, i) => (
        <div className="field" key={i}>
          <label htmlFor={`${baseId}-${i}`}>{credentialLabel(c.type, c.prompt, request)}</label>
          <input
            ref={i === 0 ? firstRef : undefined}
            id={`${baseId}-${i}`}
            className="input"
            type={c.secret ? 'password' : 'text'}
            autoComplete={c.secret ? 'current-password' : c.type === 'username' || c.type === 'authname' ? 'username' : 'off'}
            spellCheck={false}
            value={values[i] ?? ''}
            onChange={(e) => {
              const v = e.target.value;
              setValues((old) => old.map((x, j) => (j === i ? v : x)));
            }}
          />
          {c.prompt && credentialLabel(c.type, c.prompt, request) !== c.prompt ? <p className="field-note">{c.prompt}</p> : null}
        </div>
      ))}
    </Modal>
  );
}

/** A short field label; libvirt's own prompt text is shown under it when it says more. */
function credentialLabel(type: string, prompt: string, request: AuthRequest): string {
  // SASL asks for both: the authorization name (whom to act as) and the login (authentication) name.
  if (type === 'username') return request.credentials.some((c) => c.type === 'authname') ? 'Authorization name' : 'Username';
  if (type === 'authname') return 'Username';
  if (type === 'passphrase') return 'Password';
  if (type === 'realm') return 'Realm';
  return prompt.replace(/:\s*$/, '') || 'Answer';
}
