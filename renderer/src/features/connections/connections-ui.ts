import { create } from 'zustand';

/**
 * UI state of the connection dialogs that several places open (the header
 * button, the empty state, the keyboard shortcut). Kept here rather than in
 * the app store: nothing else reads it, and main's events never touch it.
 */
export interface ConnectionMenuRequest {
  connectionId: string;
  x: number;
  y: number;
  /** Where focus goes back when the menu closes from the keyboard. */
  returnFocus: HTMLElement | null;
}

export type ConnectionDialog = { kind: 'rename' | 'remove'; connectionId: string };

interface ConnectionsUi {
  addOpen: boolean;
  menu: ConnectionMenuRequest | null;
  dialog: ConnectionDialog | null;
  openAdd(): void;
  closeAdd(): void;
  openMenu(request: ConnectionMenuRequest): void;
  closeMenu(): void;
  openDialog(dialog: ConnectionDialog): void;
  closeDialog(): void;
}

export const useConnectionsUi = create<ConnectionsUi>()((set) => ({
  addOpen: false,
  menu: null,
  dialog: null,
  openAdd: () => set({ addOpen: true, menu: null }),
  closeAdd: () => set({ addOpen: false }),
  openMenu: (menu) => set({ menu }),
  closeMenu: () => set({ menu: null }),
  openDialog: (dialog) => set({ dialog, menu: null }),
  closeDialog: () => set({ dialog: null }),
}));

/** The Add Connection shortcut, as shown to the user and for aria-keyshortcuts. */
export const ADD_CONNECTION_SHORTCUT = { label: 'Ctrl+Shift+N', aria: 'Control+Shift+N' } as const;

export function isAddConnectionShortcut(e: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'key'>): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'n';
}
