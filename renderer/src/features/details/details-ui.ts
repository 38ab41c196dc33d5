import { create } from 'zustand';

/** Opened by the New VM wizard after "Customize configuration before install". */
export interface CustomizeContext {
  /** The wizard made the guest's disk (a new volume or a converted image): Cancel Installation offers to delete it. */
  createdDisk: boolean;
}

export interface DetailsTarget {
  /** domainKey of the guest. */
  key: string;
  customize?: CustomizeContext;
}

/** Which guest's details view is open; a tiny store of its own, like the wizard's. */
export const useDetailsUi = create<{ target: DetailsTarget | null; open(target: DetailsTarget): void; close(): void }>((set) => ({
  target: null,
  open: (target) => set({ target }),
  close: () => set({ target: null }),
}));

export const DETAILS_SHORTCUT = { label: 'Ctrl+D', aria: 'Control+D' };

export function isDetailsShortcut(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'd';
}
