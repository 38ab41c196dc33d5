import { lazy, Suspense, useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { CloseIcon, ConsoleIcon, ServerIcon } from '../../components/icons';
import { useAppStore, useAppStoreApi } from '../../store/use-app-store';
import { ManagerView } from '../manager/manager-view';

// noVNC and xterm.js are most of the renderer's weight: loaded with the first console opened,
// so the manager comes up without them.
const ConsolePanel = lazy(() => import('./console-panel').then((m) => ({ default: m.ConsolePanel })));

export const MANAGER_TAB_LABEL = 'Virtual machines';

/**
 * Tabs: the manager first, then one per open guest console (closable). Panels
 * of the tabs in the back stay mounted (hidden), so their consoles stay
 * connected. Left/Right/Home/End move between tabs and show them; Delete
 * closes a console tab.
 */
export function Workspace() {
  const store = useAppStoreApi();
  const tabs = useAppStore((s) => s.consoleTabs);
  const active = useAppStore((s) => s.activeTab);
  const baseId = useId();
  const tabRefs = useRef(new Map<string | null, HTMLButtonElement>());

  const ids = (key: string | null) => {
    const suffix = key === null ? 'manager' : key.replace(/[^A-Za-z0-9_-]/g, '_');
    return { tab: `${baseId}-tab-${suffix}`, panel: `${baseId}-panel-${suffix}` };
  };

  // When what had focus disappeared (its panel hidden, its tab closed), focus the tab in front.
  useEffect(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el.closest('[hidden]')) tabRefs.current.get(active)?.focus();
  }, [active, tabs]);

  const order: (string | null)[] = [null, ...tabs];

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = order.indexOf(active);
    let next: string | null | undefined;
    if (e.key === 'ArrowRight') next = order[(i + 1) % order.length];
    else if (e.key === 'ArrowLeft') next = order[(i - 1 + order.length) % order.length];
    else if (e.key === 'Home') next = null;
    else if (e.key === 'End') next = order[order.length - 1];
    else if (e.key === 'Delete' && active !== null) {
      e.preventDefault();
      store.getState().closeConsole(active);
      return;
    }
    if (next === undefined) return;
    e.preventDefault();
    store.getState().activateTab(next);
    tabRefs.current.get(next)?.focus();
  };

  const setTabRef = (key: string | null) => (el: HTMLButtonElement | null) => {
    if (el) tabRefs.current.set(key, el);
    else tabRefs.current.delete(key);
  };

  return (
    <div className="workspace">
      <div role="tablist" aria-label="Open views" className="tabstrip" onKeyDown={onKeyDown}>
        <div className="tab-item" role="presentation">
          <button
            ref={setTabRef(null)}
            type="button"
            role="tab"
            id={ids(null).tab}
            aria-controls={ids(null).panel}
            aria-selected={active === null}
            tabIndex={active === null ? 0 : -1}
            className="tab"
            onClick={() => store.getState().activateTab(null)}
          >
            <ServerIcon />
            <span>{MANAGER_TAB_LABEL}</span>
          </button>
        </div>
        {tabs.map((key) => (
          <ConsoleTab
            key={key}
            domainKey={key}
            ids={ids(key)}
            selected={active === key}
            tabRef={setTabRef(key)}
            onSelect={() => store.getState().activateTab(key)}
            onClose={() => store.getState().closeConsole(key)}
          />
        ))}
      </div>
      <div role="tabpanel" id={ids(null).panel} aria-labelledby={ids(null).tab} className="tabpanel" hidden={active !== null}>
        <ManagerView />
      </div>
      {tabs.map((key) => (
        <div key={key} role="tabpanel" id={ids(key).panel} aria-labelledby={ids(key).tab} className="tabpanel" hidden={active !== key}>
          <Suspense
            fallback={
              <p className="console-message" role="status" aria-busy="true">
                Loading the console…
              </p>
            }
          >
            <ConsolePanel domainKey={key} visible={active === key} />
          </Suspense>
        </div>
      ))}
    </div>
  );
}

interface ConsoleTabProps {
  domainKey: string;
  ids: { tab: string; panel: string };
  selected: boolean;
  tabRef(el: HTMLButtonElement | null): void;
  onSelect(): void;
  onClose(): void;
}

function ConsoleTab({ domainKey, ids, selected, tabRef, onSelect, onClose }: ConsoleTabProps) {
  const name = useAppStore((s) => s.domains[domainKey]?.name ?? '');
  return (
    <div className={selected ? 'tab-item is-selected' : 'tab-item'} role="presentation">
      <button
        ref={tabRef}
        type="button"
        role="tab"
        id={ids.tab}
        aria-controls={ids.panel}
        aria-selected={selected}
        aria-keyshortcuts="Delete"
        tabIndex={selected ? 0 : -1}
        className="tab"
        onClick={onSelect}
        onAuxClick={(e) => {
          // Middle click closes, as in browsers.
          if (e.button === 1) onClose();
        }}
      >
        <ConsoleIcon />
        <span>{name}</span>
      </button>
      <button
        type="button"
        className="tab-close"
        aria-label={`Close ${name}`}
        title={`Close ${name}`}
        tabIndex={selected ? 0 : -1}
        onClick={onClose}
      >
        <CloseIcon size={12} />
      </button>
    </div>
  );
}
