// Plain, serializable DTOs shared by main and renderer. No classes, no Dates (epoch ms).

/** A libvirt connection as the UI sees it. `id` is stable for the life of the process. */
export interface ConnectionInfo {
  id: string;
  uri: string;
  /** What the user calls it: their own name, or virt-manager's default ("QEMU/KVM: host"). */
  label: string;
  /** Remembered across runs (added by the user), as opposed to opened for this run only (--connect). */
  saved: boolean;
  /** Opened at startup (saved connections only). */
  autoconnect: boolean;
  state: ConnectionState;
}

export interface ConnectionOptions {
  autoconnect: boolean;
  /** The user's name for it; "" restores the default label. */
  label?: string;
}

export type ConnectionState =
  | { kind: 'connecting' }
  | {
      kind: 'connected';
      hostname: string;
      libvirtVersion: string;
      /** Set when guests on this host cannot use hardware virtualization: why, for a banner. */
      virtualizationWarning?: string;
    }
  | {
      kind: 'disconnected';
      reason: string;
      detail?: string;
      /** Epoch ms of the next automatic reconnect attempt; absent when none is planned. */
      retryAt?: number;
    };

/**
 * virDomainState, plus `saved` (shut off with a saved memory image) which
 * users see as a state of its own in virt-manager.
 */
export type DomainState =
  | 'nostate'
  | 'running'
  | 'blocked'
  | 'paused'
  | 'shutdown'
  | 'shutoff'
  | 'crashed'
  | 'pmsuspended'
  | 'saved';

export interface DomainRef {
  connectionId: string;
  uuid: string;
}

export interface DomainSummary extends DomainRef {
  name: string;
  /** "" when the domain has no title. */
  title: string;
  /** Hypervisor id while active, null when inactive. */
  id: number | null;
  state: DomainState;
  persistent: boolean;
  /**
   * The guest's description ("" when none) and our tags (virtdesk metadata).
   * Filled in after the list arrives, by background metadata reads: until then
   * both are empty and `metadataLoaded` is false.
   */
  description: string;
  tags: readonly string[];
  metadataLoaded: boolean;
}

export type DomainAction = 'start' | 'shutdown' | 'reboot' | 'destroy' | 'suspend' | 'resume';

export const DOMAIN_STATE_LABELS: Readonly<Record<DomainState, string>> = {
  nostate: 'No state',
  running: 'Running',
  blocked: 'Blocked',
  paused: 'Paused',
  shutdown: 'Shutting down',
  shutoff: 'Shut off',
  crashed: 'Crashed',
  pmsuspended: 'Suspended',
  saved: 'Saved',
};

/**
 * Which lifecycle actions make sense in a state; the toolbar and context menu
 * enable buttons from this, and libvirt stays the final judge.
 */
export function allowedActions(domain: Pick<DomainSummary, 'state' | 'id'>): ReadonlySet<DomainAction> {
  const { state } = domain;
  const allowed = new Set<DomainAction>();
  if (state === 'shutoff' || state === 'crashed' || state === 'saved') allowed.add('start');
  if (state === 'running' || state === 'blocked') {
    allowed.add('shutdown');
    allowed.add('reboot');
    allowed.add('suspend');
  }
  if (state === 'paused') allowed.add('resume');
  // Force Off needs a live process: an id, which a crashed domain only has
  // when libvirt preserved it (on_crash=preserve).
  if (domain.id !== null) allowed.add('destroy');
  return allowed;
}

export function domainKey(ref: DomainRef): string {
  return `${ref.connectionId}/${ref.uuid}`;
}

/** A console a guest offers: its graphical display or one of its character devices. */
export type ConsoleKind = 'vnc' | 'serial';

export interface ConsoleDevice {
  /** Stable within the domain: `vnc0`, `serial0`, `console0`, ... */
  id: string;
  kind: ConsoleKind;
  /** What the user sees in the selector, e.g. "Graphical console (VNC)", "Serial port 0". */
  label: string;
}

/**
 * A single-use, short-lived right to open one console byte stream: redeemed
 * by a WebSocket on /stream/<ticket> (browser mode) or a MessagePort handed
 * over by the preload (Electron).
 */
export interface ConsoleTicket {
  ticket: string;
  kind: ConsoleKind;
  /** Epoch ms after which the ticket is refused. */
  expiresAt: number;
}

/** One guest's rates over the last interval. Groups switched off in StatsSettings are null. */
export interface GuestStats {
  uuid: string;
  /** Of the guest's own vCPUs, 0–100. */
  cpuPct: number;
  /** Of all host CPUs, 0–100. */
  hostCpuPct: number;
  memPct: number | null;
  diskRdBps: number | null;
  diskWrBps: number | null;
  netRxBps: number | null;
  netTxBps: number | null;
}

export interface HostStats {
  /** Host CPU busy %, from the host's counters (or the sum of its guests where the driver has none). */
  cpuPct: number;
  /** Host memory in use %, null when the host does not say. */
  memPct: number | null;
}

/**
 * One sampling tick of one connection: every running guest, and the host.
 * Guests go column-wise (entry i of each column is guest `uuid[i]`): at
 * 1,000 guests a tick goes out every second, and per-guest objects cost more
 * to encode, send and decode than the figures they carry (110 kB a tick
 * against 45 kB). `guestStatsColumns`/`guestStatsAt` convert.
 */
export interface StatsSample {
  connectionId: string;
  /** Epoch ms. */
  at: number;
  host: HostStats;
  guests: GuestStatsColumns;
}

/** A figure for every guest, or null for the whole column when no guest has it (sampling off, driver without it). */
export type StatsColumn = (number | null)[] | null;

export interface GuestStatsColumns {
  uuid: string[];
  cpuPct: number[];
  hostCpuPct: number[];
  memPct: StatsColumn;
  diskRdBps: StatsColumn;
  diskWrBps: StatsColumn;
  netRxBps: StatsColumn;
  netTxBps: StatsColumn;
}

/** What is sampled, and how often (virt-manager's Preferences > Polling). */
export interface StatsSettings {
  /** Seconds between samples, 1–60. */
  intervalSec: number;
  memory: boolean;
  disk: boolean;
  network: boolean;
}

export const DEFAULT_STATS_SETTINGS: StatsSettings = { intervalSec: 1, memory: true, disk: true, network: true };

/** Samples of history kept per guest (two minutes at the default interval). */
export const STATS_HISTORY = 120;
/**
 * What libvirt asks for while opening a connection (virConnectCredential):
 * `username`/`authname` (a login), `passphrase` (a password), `echoprompt` and
 * `noechoprompt` (free answers, shown or hidden), `realm`.
 */
export type AuthCredentialType = 'username' | 'authname' | 'passphrase' | 'echoprompt' | 'noechoprompt' | 'realm';

export interface AuthCredential {
  type: AuthCredentialType;
  /** libvirt's own text, e.g. "Enter username for localhost". */
  prompt: string;
  challenge?: string;
  /** A suggested answer, e.g. the local user name. */
  defaultResult?: string;
  /** Never echoed: show a password field. */
  secret: boolean;
}

/** A connection waiting for the user's credentials (answer with `auth.respond`). */
export interface AuthRequest {
  requestId: string;
  uri: string;
  credentials: AuthCredential[];
  /** Epoch ms when main gives up waiting and cancels the connect. */
  expiresAt: number;
}

/** Why a pending auth request ended: answered (by any window), cancelled, or timed out. */
export type AuthOutcome = 'answered' | 'cancelled' | 'timeout';
/** Whether console passwords can be remembered here: only through an OS keyring (Electron's safeStorage), never in browser mode. */
export interface PasswordStoreInfo {
  available: boolean;
}

/** Our XML namespace for metadata in the guest's own definition. */
export const VIRTDESK_XMLNS = 'https://virtdesk.dev/xmlns/1';

export const MAX_TAG_LENGTH = 32;
export const MAX_TAGS = 64;
/** libvirt refuses '/' in names; we also keep names short enough for a file name. */
export const MAX_DOMAIN_NAME_LENGTH = 199;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why `tag` is not a valid tag, or undefined: 1–32 characters, no control characters, not only spaces. */
export function tagProblem(tag: unknown): string | undefined {
  if (typeof tag !== 'string') return 'a tag must be text';
  if (tag.trim() === '') return 'a tag cannot be empty';
  if ([...tag].length > MAX_TAG_LENGTH) return `a tag has at most ${MAX_TAG_LENGTH} characters`;
  if (CONTROL.test(tag)) return 'a tag cannot contain control characters';
  if (tag !== tag.trim()) return 'a tag cannot start or end with a space';
  return undefined;
}

/** Why `name` cannot name a guest, or undefined. */
export function domainNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'the name cannot be empty';
  if (name.length > MAX_DOMAIN_NAME_LENGTH) return `the name must be shorter than ${MAX_DOMAIN_NAME_LENGTH + 1} characters`;
  if (name.includes('/')) return "the name cannot contain '/'";
  if (CONTROL.test(name)) return 'the name cannot contain control characters';
  if (name !== name.trim()) return 'the name cannot start or end with a space';
  return undefined;
}
