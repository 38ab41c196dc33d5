import '@xterm/xterm/css/xterm.css';
import { useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { ArrowDownIcon, ArrowUpIcon, CloseIcon, CopyIcon, SearchIcon } from '../../components/icons';
import { useAppStoreApi } from '../../store/use-app-store';
import { ConsoleToolbar } from './console-toolbar';
import { ConnectionMessage } from './console-message';
import type { ConsoleKindProps } from './console-panel';
import { SerialSession } from './serial-session';
import { useConsoleConnection } from './use-console-connection';

/** A serial or text console: xterm.js with Copy and Find, 10,000 lines of scrollback. */
export function SerialConsole({ domain, device, up, visible, hostDown, lifecycle, selector, notice, run }: ConsoleKindProps) {
  const store = useAppStoreApi();
  const screenRef = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState<SerialSession | null>(null);
  const [hasSelection, setHasSelection] = useState(false);
  const [findOpen, setFindOpen] = useState(false);
  const [findFocus, setFindFocus] = useState(0);
  const findBarId = useId();
  const copyRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const s = new SerialSession(screenRef.current!);
    setSession(s);
    const sub = s.terminal.onSelectionChange(() => setHasSelection(s.terminal.hasSelection()));
    // Ctrl+C and Ctrl+F belong to the guest (interrupt, forward a page), so the
    // terminal's own shortcuts take Shift as other terminal emulators do.
    s.terminal.attachCustomKeyEventHandler((e) => {
      const shortcut = serialShortcut(e);
      if (!shortcut) return true;
      if (e.type === 'keydown') {
        if (shortcut === 'find') {
          setFindOpen(true);
          setFindFocus((n) => n + 1);
        } else copyRef.current();
      }
      // Chromium opens its inspector on Ctrl+Shift+C; neither key goes to the guest.
      e.preventDefault();
      return false;
    });
    return () => {
      sub.dispose();
      setSession(null);
      s.dispose();
    };
  }, []);

  const { status, reconnect } = useConsoleConnection(session, domain, device.id, up);

  useEffect(() => {
    if (visible) session?.fit();
  }, [visible, session]);

  const copy = async () => {
    const text = session?.terminal.getSelection() ?? '';
    if (!text) return;
    try {
      await navigator.clipboard.writeText(text);
    } catch (err) {
      store.getState().notify({ message: 'Could not copy the selection', detail: err instanceof Error ? err.message : String(err) });
    }
    session?.focus();
  };
  copyRef.current = () => void copy();

  return (
    <>
      <div className="actionbar console-actionbar">
        {lifecycle}
        <ConsoleToolbar>
          {selector}
          <button
            type="button"
            data-toolbar-item=""
            className="btn btn-tool"
            aria-disabled={!hasSelection}
            aria-keyshortcuts="Control+Shift+C"
            onClick={() => void copy()}
          >
            <CopyIcon />
            <span>Copy</span>
          </button>
          <button
            type="button"
            data-toolbar-item=""
            className="btn btn-tool"
            aria-expanded={findOpen}
            aria-keyshortcuts="Control+Shift+F"
            aria-controls={findOpen ? findBarId : undefined}
            onClick={() => setFindOpen((o) => !o)}
          >
            <SearchIcon />
            <span>Find</span>
          </button>
        </ConsoleToolbar>
      </div>
      {findOpen && session ? (
        <FindBar
          id={findBarId}
          session={session}
          focusRequest={findFocus}
          onClose={() => {
            setFindOpen(false);
            session.clearSearch();
            session.focus();
          }}
        />
      ) : null}
      {notice}
      <ConnectionMessage name={domain.name} label={device.label} status={status} run={run} hostDown={hostDown} onReconnect={reconnect} />
      <div className="console-screen console-screen-serial" ref={screenRef} aria-label={`${device.label} of ${domain.name}`} role="group" />
    </>
  );
}

/** The terminal's own keyboard shortcuts; anything else goes to the guest. */
export function serialShortcut(e: Pick<KeyboardEvent, 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey' | 'code'>): 'find' | 'copy' | undefined {
  if (!e.ctrlKey || !e.shiftKey || e.altKey || e.metaKey) return undefined;
  if (e.code === 'KeyF') return 'find';
  if (e.code === 'KeyC') return 'copy';
  return undefined;
}

function FindBar({ id, session, focusRequest, onClose }: { id: string; session: SerialSession; focusRequest: number; onClose(): void }) {
  const [term, setTerm] = useState('');
  const [result, setResult] = useState<'idle' | 'found' | 'none'>('idle');
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();

  // On opening, and on Ctrl+Shift+F while open.
  useEffect(() => {
    inputRef.current?.select();
    inputRef.current?.focus();
  }, [focusRequest]);

  const find = (direction: 'next' | 'previous') => {
    if (!term) return;
    const found = direction === 'next' ? session.findNext(term) : session.findPrevious(term);
    setResult(found ? 'found' : 'none');
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      find(e.shiftKey ? 'previous' : 'next');
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  };

  return (
    <div id={id} className="find-bar" role="search" aria-label="Find in console">
      <label htmlFor={inputId} className="find-label">
        Find
      </label>
      <input
        ref={inputRef}
        id={inputId}
        className="input find-input"
        type="search"
        value={term}
        spellCheck={false}
        onChange={(e) => {
          setTerm(e.target.value);
          setResult('idle');
        }}
        onKeyDown={onKeyDown}
      />
      <button type="button" className="btn btn-tool" aria-disabled={!term} onClick={() => find('previous')}>
        <ArrowUpIcon />
        <span>Previous</span>
      </button>
      <button type="button" className="btn btn-tool" aria-disabled={!term} onClick={() => find('next')}>
        <ArrowDownIcon />
        <span>Next</span>
      </button>
      <span className="find-result" role="status">
        {result === 'none' ? 'No match' : result === 'found' ? 'Found' : ''}
      </span>
      <button type="button" className="btn btn-tool" aria-label="Close find" onClick={onClose}>
        <CloseIcon />
      </button>
    </div>
  );
}
