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
  defineXml(xml: string): Promise<DomainInfo>;
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
