import '@xterm/xterm/css/xterm.css';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
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
  const findBarId = useId();

  useEffect(() => {
    const s = new SerialSession(screenRef.current!);
    setSession(s);
    const sub = s.terminal.onSelectionChange(() => setHasSelection(s.terminal.hasSelection()));
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

  return (
    <>
      <div className="actionbar console-actionbar">
        {lifecycle}
        <ConsoleToolbar>
          {selector}
          <button type="button" data-toolbar-item="" className="btn btn-tool" aria-disabled={!hasSelection} onClick={() => void copy()}>
            <CopyIcon />
            <span>Copy</span>
          </button>
          <button
            type="button"
            data-toolbar-item=""
            className="btn btn-tool"
            aria-expanded={findOpen}
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

function FindBar({ id, session, onClose }: { id: string; session: SerialSession; onClose(): void }) {
  const [term, setTerm] = useState('');
  const [result, setResult] = useState<'idle' | 'found' | 'none'>('idle');
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const find = (direction: 'next' | 'previous') => {
    if (!term) return;
    const found = direction === 'next' ? session.findNext(term) : session.findPrevious(term);
    setResult(found ? 'found' : 'none');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
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
        {result === 'none' ? 'No match' : ''}
      </span>
      <button type="button" className="btn btn-tool" aria-label="Close find" onClick={onClose}>
        <CloseIcon />
      </button>
    </div>
  );
}
