import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { CameraIcon, ClipboardIcon, FullscreenIcon } from '../../components/icons';
import { useClient } from '../../platform/client-context';
import { useAppStoreApi } from '../../store/use-app-store';
import { PasswordDialog, TypeTextDialog } from './console-dialogs';
import { downloadBlob, screenshotFileName } from './console-files';
import { ConsoleToolbar } from './console-toolbar';
import { ConnectionMessage } from './console-message';
import type { ConsoleKindProps } from './console-panel';
import { chord, textToKeySteps } from './keysyms';
import { SavedPassword, type Credentials } from './saved-password';
import { SendKeyMenu } from './send-key-menu';
import { useConsoleConnection } from './use-console-connection';
import { SCALE_LABELS, VncSession, type ScaleMode } from './vnc-session';

/** What the password prompt needs to show. */
interface Prompt {
  types: readonly string[];
  rememberAvailable: boolean;
  savedPassword: string | null;
}

/** The graphical console: noVNC with Send Key, Scale, Fullscreen, Screenshot and Type Clipboard. */
export function VncConsole({ domain, device, up, visible, hostDown, lifecycle, selector, notice, run, panelRef }: ConsoleKindProps) {
  const store = useAppStoreApi();
  const client = useClient();
  const screenRef = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState<VncSession | null>(null);
  const [askCredentials, setAskCredentials] = useState<Prompt | null>(null);
  const [typing, setTyping] = useState(false);
  const [scale, setScale] = useState<ScaleMode>('fit');
  const [resizeSupported, setResizeSupported] = useState(true);
  const [fullscreen, setFullscreen] = useState(false);
  const scaleId = useId();
  // Reused for reconnects within this tab (guest reboot); never stored.
  const remembered = useRef<Credentials | null>(null);
  const autoSent = useRef(false);
  // Across runs, opt-in, in the OS keyring (Electron only).
  const saved = useMemo(
    () => new SavedPassword(client, { connectionId: domain.connectionId, uuid: domain.uuid }, (message, detail) => store.getState().notify({ message, detail })),
    [client, store, domain.connectionId, domain.uuid],
  );
  const savedRef = useRef(saved);
  savedRef.current = saved;

  useEffect(() => {
    const s: VncSession = new VncSession(screenRef.current!, {
      onCredentialsRequired: (types) => {
        if (remembered.current && !autoSent.current) {
          autoSent.current = true;
          s.sendCredentials(remembered.current);
          return;
        }
        const sp = savedRef.current;
        void (async () => {
          const automatic = await sp.automatic(types);
          // The keyring answered after the attempt ended: nothing to send or ask.
          if (!s.awaitingCredentials) return;
          if (automatic) {
            remembered.current = automatic;
            autoSent.current = true;
            s.sendCredentials(automatic);
            return;
          }
          const rememberAvailable = await sp.available();
          const savedPassword = rememberAvailable ? await sp.lookup() : null;
          if (s.awaitingCredentials) setAskCredentials({ types, rememberAvailable, savedPassword });
        })();
      },
      onAuthFailed: () => {
        remembered.current = null;
        void savedRef.current.authFailed();
      },
    });
    setSession(s);
    return () => setSession(null);
  }, []);

  const { status, reconnect } = useConsoleConnection(session, domain, device.id, up);
  const connected = status.kind === 'connected';

  useEffect(() => {
    if (connected) {
      autoSent.current = false;
      void saved.connected();
    }
    // The prompt belongs to a connection attempt; when that is over, so is the prompt.
    if (status.kind !== 'connecting' && status.kind !== 'retrying') setAskCredentials(null);
  }, [connected, status.kind, saved]);

  useEffect(() => {
    session?.setScale(scale);
  }, [session, scale]);

  useEffect(() => {
    session?.setVisible(visible);
  }, [session, visible]);

  // Whether the guest can follow the window is known shortly after connecting.
  useEffect(() => {
    if (!session || !connected || scale !== 'remote') return;
    const timer = setTimeout(() => setResizeSupported(session.canResizeGuest !== false), 1500);
    return () => clearTimeout(timer);
  }, [session, connected, scale]);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement !== null && document.fullscreenElement === panelRef.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [panelRef]);

  const toggleFullscreen = async () => {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await panelRef.current?.requestFullscreen();
      session?.focus();
    } catch (err) {
      store.getState().notify({ message: 'Could not switch to full screen', detail: err instanceof Error ? err.message : String(err) });
    }
  };

  const screenshot = async () => {
    const blob = await session?.screenshot();
    if (!blob) {
      store.getState().notify({ message: `Could not take a screenshot of ${domain.name}`, detail: 'The display is not connected' });
      return;
    }
    downloadBlob(blob, screenshotFileName(domain.name));
  };

  const scaleNote = scale === 'remote' && !resizeSupported ? 'This VNC server cannot change its resolution on request' : undefined;

  return (
    <>
      <div className="actionbar console-actionbar">
        {lifecycle}
        <ConsoleToolbar>
          {selector}
          <SendKeyMenu disabled={!connected} onSend={(combo) => session?.sendKeys(chord(combo.keys))} />
          <div className="console-select">
            <label htmlFor={scaleId} className="console-select-label">
              Scale
            </label>
            <select
              id={scaleId}
              data-toolbar-item=""
              className="select"
              value={scale}
              title={scaleNote}
              onChange={(e) => setScale(e.target.value as ScaleMode)}
            >
              {(Object.keys(SCALE_LABELS) as ScaleMode[]).map((mode) => (
                <option key={mode} value={mode}>
                  {SCALE_LABELS[mode]}
                </option>
              ))}
            </select>
          </div>
          <button type="button" data-toolbar-item="" className="btn btn-tool" aria-pressed={fullscreen} onClick={() => void toggleFullscreen()}>
            <FullscreenIcon />
            <span>Fullscreen</span>
          </button>
          <button type="button" data-toolbar-item="" className="btn btn-tool" aria-disabled={!connected} onClick={() => connected && void screenshot()}>
            <CameraIcon />
            <span>Screenshot</span>
          </button>
          <button type="button" data-toolbar-item="" className="btn btn-tool" aria-disabled={!connected} onClick={() => connected && setTyping(true)}>
            <ClipboardIcon />
            <span>Type Clipboard</span>
          </button>
        </ConsoleToolbar>
      </div>
      {notice}
      {scaleNote ? (
        <p className="console-note" role="status">
          {scaleNote}: the display is shown as is.
        </p>
      ) : null}
      <ConnectionMessage name={domain.name} label={device.label} status={status} run={run} hostDown={hostDown} onReconnect={reconnect} />
      <div className={`console-screen console-screen-vnc scale-${scale}`} ref={screenRef} role="group" aria-label={`${device.label} of ${domain.name}`} />
      {askCredentials ? (
        <PasswordDialog
          name={domain.name}
          types={askCredentials.types}
          rememberAvailable={askCredentials.rememberAvailable}
          savedPassword={askCredentials.savedPassword}
          onSubmit={(credentials, remember) => {
            setAskCredentials(null);
            remembered.current = credentials;
            autoSent.current = true;
            saved.submitted(credentials, remember);
            session?.sendCredentials(credentials);
          }}
          onCancel={() => {
            setAskCredentials(null);
            session?.cancelCredentials();
          }}
        />
      ) : null}
      {typing ? (
        <TypeTextDialog
          name={domain.name}
          onCancel={() => {
            setTyping(false);
            session?.focus();
          }}
          onSubmit={(text) => {
            setTyping(false);
            void session?.type(textToKeySteps(text).steps);
          }}
        />
      ) : null}
    </>
  );
}
