import type { Socket } from 'node:net';

// The typed, promise-based surface the services use. Services depend on these
// interfaces only, so unit tests can hand them an in-memory fake.

export interface DomainInfo {
  uuid: string;
  name: string;
  /** -1 when inactive. */
  id: number;
  /** virDomainState */
  state: number;
  /** virDomainState reason */
  reason: number;
  persistent: boolean;
  title: string;
  /** Shut off with a managed save image: users see it as "Saved". */
  hasManagedSave: boolean;
}

/** virDomainMetadataType */
export const METADATA_TYPE = { DESCRIPTION: 0, TITLE: 1, ELEMENT: 2 } as const;
export type MetadataType = (typeof METADATA_TYPE)[keyof typeof METADATA_TYPE];

export interface LifecycleEvent {
  uuid: string;
  name: string;
  /** virDomainEventType */
  event: number;
  detail: number;
}

/** One virDomainStatsRecord: libvirt's flat parameter names ("cpu.time", "block.0.rd.bytes", ...). */
export interface DomainStatsRecord {
  uuid: string;
  params: Readonly<Record<string, number | bigint | string | boolean>>;
}

/** virDomainGetInfo's counters, for drivers without bulk stats. */
export interface DomainCounters {
  cpuTimeNs: number;
  vcpus: number;
  /** Current and maximum memory, KiB. */
  memoryKiB: number;
  maxMemKiB: number;
}

export interface NodeSummary {
  /** Active host CPUs. */
  cpus: number;
  memoryKiB: number;
}

/** virNodeGetCPUStats (all CPUs), summed: busy = user + kernel (+ iowait), total = busy + idle. */
export interface NodeCpuTimes {
  busyNs: number;
  totalNs: number;
}

/** virNodeGetMemoryStats: what the host has, and what it could hand out (free + buffers + cached). */
export interface NodeMemory {
  totalKiB: number;
  availableKiB: number;
}

export interface StoragePoolInfo {
  uuid: string;
  name: string;
  active: boolean;
  persistent: boolean;
  autostart: boolean;
}

/** virStoragePoolInfo, bytes. state: 0 inactive, 1 building, 2 running, 3 degraded, 4 inaccessible. */
export interface StoragePoolStats {
  state: number;
  capacity: number;
  allocation: number;
  available: number;
}

export interface StorageVolumeInfo {
  name: string;
  /** The volume's address (its path for file pools). */
  key: string;
  path: string;
  /** virStorageVolType: 0 file, 1 block, 2 dir, 3 network ... */
  type: number;
  capacity: number;
  allocation: number;
}

/** A write-only upload into a volume: write() with back-pressure, then finish(), or abort(). */
export interface VolumeUpload {
  write(chunk: Uint8Array): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

export interface NetworkSummary {
  uuid: string;
  name: string;
  active: boolean;
  /** "" for forward modes without a bridge. */
  bridge: string;
}

/** virConnectCloseReason */
export type CloseReason = 'error' | 'eof' | 'keepalive' | 'client';

/**
 * A bidirectional console byte stream, whatever its source (a libvirt console
 * stream, a socket to a VNC server, an SSH channel). The transports
 * (WebSocket, Electron MessagePort) only ever see this shape.
 */
export interface ByteStream {
  write(chunk: Uint8Array): void;
  /** Stop delivering data until resume(): the consumer is full. */
  pause(): void;
  resume(): void;
  close(): void;
  onData(listener: (chunk: Buffer) => void): void;
  /** Once, when either side ended it; `reason` is for the user when the far end failed. */
  onClose(listener: (reason?: string) => void): void;
}

export interface HypervisorConnection {
  readonly uri: string;
  close(): Promise<void>;
  hostname(): Promise<string>;
  /** "major.minor.micro" of the libvirt library. */
  libVersion(): Promise<string>;
  isAlive(): Promise<boolean>;
  setKeepAlive(intervalSec: number, count: number): Promise<void>;
  listDomains(): Promise<DomainInfo[]>;
  domainInfo(uuid: string): Promise<DomainInfo>;
  domainXml(uuid: string, flags?: number): Promise<string>;
  /** virDomainDefineXML, or virDomainDefineXMLFlags when `flags` is given (VIR_DOMAIN_DEFINE_VALIDATE = 1). */
  defineXml(xml: string, flags?: number): Promise<DomainInfo>;
  /** virDomainGetAutostart. */
  domainAutostart(uuid: string): Promise<boolean>;
  /** virDomainSetAutostart (persistent guests). */
  setDomainAutostart(uuid: string, autostart: boolean): Promise<void>;
  undefine(uuid: string, flags?: number): Promise<void>;
  start(uuid: string): Promise<void>;
  shutdown(uuid: string): Promise<void>;
  reboot(uuid: string): Promise<void>;
  destroy(uuid: string): Promise<void>;
  suspend(uuid: string): Promise<void>;
  resume(uuid: string): Promise<void>;
  /** The guest's console `alias` (serial0, console1, ...) as a byte stream (virDomainOpenConsole, forced). */
  openConsole(uuid: string, alias: string): Promise<ByteStream>;
  /**
   * A socket already connected to the guest's first display (virDomainOpenGraphicsFD):
   * no listening port is dialled. Only over a local (unix socket) connection.
   */
  openGraphicsSocket(uuid: string): Promise<Socket>;
  /**
   * virConnectGetAllDomainStats of the running guests, for the groups in
   * `statsMask` (virDomainStatsTypes bits). Drivers may return fewer groups.
   */
  allDomainStats(statsMask: number): Promise<DomainStatsRecord[]>;
  /** virDomainGetInfo of each guest in one round trip; null for one that is gone. */
  domainCounters(uuids: readonly string[]): Promise<(DomainCounters | null)[]>;
  nodeSummary(): Promise<NodeSummary>;
  nodeCpuTimes(): Promise<NodeCpuTimes>;
  nodeMemory(): Promise<NodeMemory>;
  /** virConnectGetCapabilities: the host's capabilities XML. */
  capabilities(): Promise<string>;
  /** virConnectGetDomainCapabilities for arch/machine/virt type (null: libvirt's default). */
  domainCapabilities(arch: string | null, machine: string | null, virtType: string | null): Promise<string>;
  listPools(): Promise<StoragePoolInfo[]>;
  poolStats(uuid: string): Promise<StoragePoolStats>;
  /** virStoragePoolGetXMLDesc (inactive = the persistent config). */
  poolXml(uuid: string, inactive?: boolean): Promise<string>;
  /** Defines, builds (e.g. makes the directory), starts and sets autostart on a new pool. */
  createPersistentPool(xml: string): Promise<StoragePoolInfo>;
  refreshPool(uuid: string): Promise<void>;
  listVolumes(poolUuid: string): Promise<StorageVolumeInfo[]>;
  /** virStorageVolCreateXML; `preallocate` sets VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA. */
  createVolume(poolUuid: string, xml: string, preallocate?: boolean): Promise<StorageVolumeInfo>;
  deleteVolume(key: string): Promise<void>;
  /** The pool volume at `path`, or null when no active pool holds it. */
  volumeByPath(path: string): Promise<StorageVolumeInfo | null>;
  /** virStorageVolUpload of the whole volume. */
  uploadVolume(key: string): Promise<VolumeUpload>;
  listNetworks(): Promise<NetworkSummary[]>;
  networkXml(uuid: string): Promise<string>;
  /**
   * virDomainGetMetadata: `type` 0 description, 1 title, 2 element (then `uri`
   * names its namespace). Resolves null when the guest has no such metadata.
   */
  getMetadata(uuid: string, type: MetadataType, uri?: string | null): Promise<string | null>;
  /**
   * virDomainSetMetadata on the live guest and/or its persistent definition,
   * whichever it has. `metadata` null removes it; for an element, `key` is the
   * namespace prefix and `uri` the namespace.
   */
  setMetadata(uuid: string, type: MetadataType, metadata: string | null, key?: string | null, uri?: string | null): Promise<void>;
  /** virDomainRename (inactive guests only). */
  rename(uuid: string, newName: string): Promise<void>;
  /** METADATA_CHANGE events, all guests; returns an unsubscribe function. */
  onMetadataChange(listener: (uuid: string) => void): Promise<() => Promise<void>>;
  /** Returns an unsubscribe function. */
  onDomainLifecycle(listener: (event: LifecycleEvent) => void): Promise<() => Promise<void>>;
  onClose(listener: (reason: CloseReason) => void): Promise<void>;
}

/** What libvirt asks for while opening a connection (the VIR_CRED_* types we can answer). */
export type CredentialType = 'username' | 'authname' | 'passphrase' | 'echoprompt' | 'noechoprompt' | 'realm';

export interface CredentialRequest {
  type: CredentialType;
  prompt: string;
  challenge?: string;
  defaultResult?: string;
  /** Not to be echoed (passwords). */
  secret: boolean;
}

/**
 * Answers libvirt's credential requests: one value per request, in order, or
 * null for a cancelled one. Rejecting fails the open with the rejection's
 * message appended to libvirt's auth error.
 */
export type Authenticator = (requests: CredentialRequest[]) => Promise<(string | null)[]>;

export interface OpenOptions {
  /** Asked when the host needs credentials; without it, such hosts fail to open. */
  authenticate?: Authenticator;
  /** How long libvirt waits for each answer (default 2 min 10 s; the authenticator should time out first). */
  authTimeoutMs?: number;
}

export interface Hypervisor {
  open(uri: string, options?: OpenOptions): Promise<HypervisorConnection>;
}
