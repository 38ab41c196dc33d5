// The last ten ISO paths and install URLs a guest was made from (virt-manager
// keeps the same in gsettings, NEW-04/05), offered as suggestions in the
// wizard. Kept in this browser profile's storage: they are paths and URLs,
// never credentials (a URL with user:password@ is not kept).
export type RecentKind = 'iso' | 'url';

export const RECENT_LIMIT = 10;
const KEY: Readonly<Record<RecentKind, string>> = { iso: 'virtdesk.recent.isos', url: 'virtdesk.recent.urls' };

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): KeyValueStore | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled
  }
}

export function recentMedia(kind: RecentKind, store: KeyValueStore | undefined = storage()): string[] {
  try {
    const v: unknown = JSON.parse(store?.getItem(KEY[kind]) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, RECENT_LIMIT) : [];
  } catch {
    return [];
  }
}

function hasCredentials(value: string): boolean {
  try {
    const u = new URL(value);
    return u.username !== '' || u.password !== '';
  } catch {
    return false;
  }
}

/** Puts `value` first, once; the oldest beyond ten drops out. */
export function rememberMedia(kind: RecentKind, value: string, store: KeyValueStore | undefined = storage()): void {
  const v = value.trim();
  if (!v || !store || (kind === 'url' && hasCredentials(v))) return;
  const next = [v, ...recentMedia(kind, store).filter((x) => x !== v)].slice(0, RECENT_LIMIT);
  try {
    store.setItem(KEY[kind], JSON.stringify(next));
  } catch {
    // quota or disabled storage: suggestions are a convenience
  }
}
