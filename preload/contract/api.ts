import type { AuthRequest, ConnectionInfo, ConnectionOptions, ConsoleDevice, ConsoleTicket, DomainRef, DomainSummary, PasswordStoreInfo, StatsSettings } from './types';
import type { DomainStorageItem, InstallCheck, InstallOptions, InstallSpec, JobStarted, OsInfo, UrlDetection } from './install';
import type { DetailsApplied, DetailsPatch, DomainDetails } from './details';

/**
 * Every request the renderer can make, as `noun.verb`. The service host,
 * both transports and the validators are all keyed by this table, so a
 * method without a handler or a validator is a compile error.
 */
export interface Api {
  'connections.list': () => Promise<ConnectionInfo[]>;
  /**
   * Remembers the URI and connects (or returns the connection already there
   * for it). A failure to connect is a disconnected state, not an error: the
   * dialog then asks whether to keep it.
   */
  'connections.add': (uri: string, options: ConnectionOptions) => Promise<ConnectionInfo>;
  /** Connects a disconnected connection again. */
  'connections.connect': (connectionId: string) => Promise<ConnectionInfo>;
  /** Disconnects; the connection stays listed. */
  'connections.close': (connectionId: string) => Promise<void>;
  /** Disconnects and forgets it. */
  'connections.remove': (connectionId: string) => Promise<void>;
  'connections.update': (connectionId: string, options: ConnectionOptions) => Promise<ConnectionInfo>;
  'domains.list': (connectionId: string) => Promise<DomainSummary[]>;
  'domains.xml': (ref: DomainRef) => Promise<string>;
  'domains.start': (ref: DomainRef) => Promise<void>;
  'domains.shutdown': (ref: DomainRef) => Promise<void>;
  'domains.reboot': (ref: DomainRef) => Promise<void>;
  'domains.destroy': (ref: DomainRef) => Promise<void>;
  'domains.suspend': (ref: DomainRef) => Promise<void>;
  'domains.resume': (ref: DomainRef) => Promise<void>;
  /**
   * Replaces the guest's tags (stored in its own XML under VIRTDESK_XMLNS, live
   * and persistent as its state allows); resolves with the updated summary.
   */
  'domains.setTags': (ref: DomainRef, tags: string[]) => Promise<DomainSummary>;
  /** virDomainRename: only for shut-off guests; the UUID stays. */
  'domains.rename': (ref: DomainRef, newName: string) => Promise<void>;
  /**
   * Forgets the guest (undefine with its managed save, snapshot and checkpoint
   * metadata and NVRAM), forcing it off first if it runs. Disks are kept.
   */
  'domains.delete': (ref: DomainRef) => Promise<void>;
  /** The consoles the running guest offers now (empty when it is off). */
  'consoles.list': (ref: DomainRef) => Promise<ConsoleDevice[]>;
  /** A ticket for one console's byte stream (see ConsoleTicket). */
  'consoles.open': (ref: DomainRef, deviceId: string) => Promise<ConsoleTicket>;
  'stats.settings': () => Promise<StatsSettings>;
  /** Applies and remembers new settings; returns them as now in force. */
  'stats.configure': (settings: StatsSettings) => Promise<StatsSettings>;
  /** The auth requests still waiting for an answer (for a window that opened after they were announced). */
  'auth.pending': () => Promise<AuthRequest[]>;
  /**
   * Answers an `auth.requested` event: one value per credential, in order, or
   * null to cancel (the connect then fails). Unknown or settled ids are an error.
   */
  'auth.respond': (requestId: string, values: string[] | null) => Promise<void>;
  /** Whether VNC passwords can be remembered (an OS keyring is there); the dialog offers "Remember" only then. */
  'consoles.passwordStore': () => Promise<PasswordStoreInfo>;
  /** The VNC password remembered for this guest, or null. */
  'consoles.savedPassword': (ref: DomainRef) => Promise<string | null>;
  /** Remembers this guest's VNC password in the keyring, or forgets it (null). */
  'consoles.rememberPassword': (ref: DomainRef, password: string | null) => Promise<void>;
  /** What the New VM wizard can offer on a connection: host limits and allocation, arches, firmware, pools, networks. */
  'install.options': (connectionId: string) => Promise<InstallOptions>;
  /** Debian's osinfo-db, newest release first. */
  'install.osList': () => Promise<OsInfo[]>;
  /** osinfo-detect on a local ISO: the OS it installs, or null when unknown. */
  'install.detect': (connectionId: string, path: string) => Promise<OsInfo | null>;
  /**
   * A network install URL for an `arch` guest: an ISO, or an install tree
   * (its .treeinfo, else osinfo-db's layouts) with the OS it installs; a URL
   * that is neither, or does not answer, is an error naming what was tried.
   */
  'install.detectUrl': (connectionId: string, url: string, arch: string) => Promise<UrlDetection>;
  /** Checks a spec against the host: errors block `install.create`, warnings (overcommit) do not. */
  'install.check': (spec: InstallSpec) => Promise<InstallCheck>;
  /** Starts creating the guest; progress and the outcome come as `jobs.progress` / `jobs.finished`. */
  'install.create': (spec: InstallSpec) => Promise<JobStarted>;
  /**
   * Begin Installation for a guest defined with "customize before install":
   * starts its install run, whose media is taken out at its first reboot
   * (a guest not in its install run simply starts).
   */
  'install.begin': (ref: DomainRef) => Promise<void>;
  /** Cancels a running job; what it created is rolled back. Unknown or finished ids are an error. */
  'jobs.cancel': (jobId: string) => Promise<void>;
  /** The guest's disks, kernel and initrd, for "Delete associated storage". */
  'domains.storage': (ref: DomainRef) => Promise<DomainStorageItem[]>;
  /** As domains.delete, then deletes the listed storage paths (pool volumes or files); resolves with the paths it could not delete. */
  'domains.deleteWithStorage': (ref: DomainRef, paths: string[]) => Promise<string[]>;
  /** The details view: the guest's inactive XML read into a typed summary (and the XML itself). */
  'domains.details': (ref: DomainRef) => Promise<DomainDetails>;
  /** Applies the details form's edits to the inactive XML (only the edited elements), autostart and name. */
  'domains.applyDetails': (ref: DomainRef, patch: DetailsPatch) => Promise<DetailsApplied>;
  /** Defines the guest from the XML tab's text (libvirt validates; a refused XML changes nothing). */
  'domains.defineXml': (ref: DomainRef, xml: string) => Promise<DetailsApplied>;
}

export type Method = keyof Api;
export type ArgsOf<M extends Method> = Parameters<Api[M]>;
export type ReturnOf<M extends Method> = Awaited<ReturnType<Api[M]>>;
