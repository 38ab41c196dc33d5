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

export interface Hypervisor {
  open(uri: string): Promise<HypervisorConnection>;
}
