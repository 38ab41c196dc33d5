import type { DomainAction } from '../../../preload/contract';
import { pruneSelection, selectOnly } from './list-model';
import type { ListData } from './list-slice';
import { selectionPatch } from './list-slice';
import type { SliceCreator } from './types';

export interface ContextMenuRequest {
  key: string;
  /** Viewport coordinates of the pointer, or of the row when opened from the keyboard. */
  x: number;
  y: number;
}

/** What a confirmed dialog does; data, not a callback, so the store stays plain. */
export type ConfirmIntent = { type: 'domain-action'; keys: readonly string[]; action: DomainAction } | { type: 'delete'; key: string };

export interface ConfirmRequest {
  title: string;
  message: string;
  /** Shown as a list under the message (the guests a bulk action reaches). */
  items?: readonly string[];
  confirmLabel: string;
  danger: boolean;
  intent: ConfirmIntent;
}

export interface Notification {
  id: number;
  /** One line, e.g. "Could not shut down test". */
  message: string;
  /** The reason, e.g. libvirt's own message. */
  detail?: string;
}

export interface UiData {
  selectedKey: string | null;
  contextMenu: ContextMenuRequest | null;
  confirm: ConfirmRequest | null;
  notifications: readonly Notification[];
  /** The transport to main is down (browser mode only). */
  transportLost: boolean;
  /** Domain key → the action whose call is in flight. */
  pendingActions: Readonly<Record<string, DomainAction>>;
  /** Connection ids whose domain rows are hidden. */
  collapsedConnections: Readonly<Record<string, true>>;
  /** Dialogs open besides the confirmation (console password, text to type): the page behind is inert. */
  openDialogs: number;
}

export interface UiSlice extends UiData {
  select(key: string | null): void;
  openContextMenu(request: ContextMenuRequest): void;
  closeContextMenu(): void;
  requestConfirm(request: ConfirmRequest): void;
  closeConfirm(): void;
  notify(n: Omit<Notification, 'id'>): void;
  dismissNotification(id: number): void;
  setTransportLost(lost: boolean): void;
  setPendingAction(key: string, action: DomainAction | null): void;
  toggleConnectionCollapsed(connectionId: string): void;
  dialogOpened(): void;
  dialogClosed(): void;
}

/** Older notifications beyond this many are dropped. */
export const MAX_NOTIFICATIONS = 5;

/**
 * Drops UI state that points at domains which no longer exist: the selection,
 * an open context menu, a pending confirmation.
 */
export function reconcileUi<S extends UiData & ListData & { domains: Readonly<Record<string, unknown>> }>(s: S): S {
  const gone = (key: string | undefined | null) => key != null && !(key in s.domains);
  const intent = s.confirm?.intent;
  const confirmGone = intent ? (intent.type === 'delete' ? gone(intent.key) : intent.keys.every((k) => gone(k))) : false;
  const selection = pruneSelection({ keys: s.selectedKeys, anchor: s.anchorKey, lead: s.selectedKey }, (k) => !gone(k));
  const dialogGone = gone(s.managerDialog?.key);
  if (!gone(s.selectedKey) && !gone(s.contextMenu?.key) && !confirmGone && !dialogGone && selection.keys === s.selectedKeys) return s;
  return {
    ...s,
    selectedKey: selection.lead,
    selectedKeys: selection.keys,
    anchorKey: selection.anchor,
    contextMenu: gone(s.contextMenu?.key) ? null : s.contextMenu,
    confirm: confirmGone ? null : s.confirm,
    managerDialog: dialogGone ? null : s.managerDialog,
  };
}

export const createUiSlice: SliceCreator<UiSlice> = (set) => {
  let nextNotificationId = 1;
  return {
    selectedKey: null,
    contextMenu: null,
    confirm: null,
    notifications: [],
    transportLost: false,
    pendingActions: {},
    collapsedConnections: {},
    openDialogs: 0,
    select: (key) => set(selectionPatch(selectOnly(key))),
    // Right-click inside a multi-selection acts on all of it; elsewhere it selects that row alone.
    openContextMenu: (request) =>
      set((s) => (s.selectedKeys[request.key] ? { contextMenu: request, selectedKey: request.key } : { contextMenu: request, ...selectionPatch(selectOnly(request.key)) })),
    closeContextMenu: () => set({ contextMenu: null }),
    requestConfirm: (request) => set({ confirm: request, contextMenu: null }),
    closeConfirm: () => set({ confirm: null }),
    notify: (n) =>
      set((s) => ({ notifications: [...s.notifications, { ...n, id: nextNotificationId++ }].slice(-MAX_NOTIFICATIONS) })),
    dismissNotification: (id) => set((s) => ({ notifications: s.notifications.filter((n) => n.id !== id) })),
    setTransportLost: (lost) => set({ transportLost: lost }),
    setPendingAction: (key, action) =>
      set((s) => {
        if (action) return { pendingActions: { ...s.pendingActions, [key]: action } };
        if (!(key in s.pendingActions)) return {};
        const { [key]: _done, ...rest } = s.pendingActions;
        return { pendingActions: rest };
      }),
    dialogOpened: () => set((s) => ({ openDialogs: s.openDialogs + 1 })),
    dialogClosed: () => set((s) => ({ openDialogs: Math.max(0, s.openDialogs - 1) })),
    toggleConnectionCollapsed: (id) =>
      set((s) => {
        if (s.collapsedConnections[id]) {
          const { [id]: _open, ...rest } = s.collapsedConnections;
          return { collapsedConnections: rest };
        }
        return { collapsedConnections: { ...s.collapsedConnections, [id]: true } };
      }),
  };
};
