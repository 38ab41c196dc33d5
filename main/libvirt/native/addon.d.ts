import type { NativeHostApi } from './api/host';
import type { NativeDomainApi } from './api/domain';
import type { NativeSnapshotApi } from './api/snapshot';
import type { NativeStatsApi } from './api/stats';
import type { NativeNetworkApi } from './api/network';
import type { NativeStorageApi } from './api/storage';
import type { NativeNodeDeviceApi } from './api/node-device';
import type { NativeSecretApi } from './api/secret';
import type { NativeEventApi } from './api/event';
import type { NativeStreamApi } from './api/stream';

// Raw API of build/Release/virtdesk_libvirt.node (see main/libvirt/native/*.cc).
//
// Every NativeConnection method runs its libvirt call(s) on that connection's
// own worker thread and settles on the JS thread; nothing blocks the JS thread
// or libuv's threadpool. Failed libvirt calls reject with an Error whose
// message is libvirt's message and which also carries NativeLibvirtErrorFields.
// Wrong argument types reject with a TypeError; calls after close() reject
// with a plain Error ("libvirt connection is closed ...").

/** Own properties added to an Error that came from libvirt. */
export interface NativeLibvirtErrorFields {
  /** virErrorNumber, e.g. 42 = VIR_ERR_NO_DOMAIN. */
  code: number;
  /** virErrorDomain. */
  domain: number;
  /** virErrorLevel. */
  level: number;
  libvirtError: true;
}

export interface NativeDomainInfo {
  /** Canonical 36-char lowercase UUID (virDomainGetUUIDString). */
  uuid: string;
  name: string;
  /** -1 when inactive. */
  id: number;
  /** virDomainState. */
  state: number;
  /** State reason (meaning depends on state). */
  reason: number;
  persistent: boolean;
  /** "" when none (virDomainGetMetadata TITLE). */
  title: string;
  /** A managed save image exists (asked only for shut-off domains; false otherwise). */
  hasManagedSave: boolean;
}

/**
 * One interface per area, each in api/<area>.d.ts next to the .cc files that
 * implement it, so an area grows without touching the others.
 */
export interface NativeConnection
  extends NativeHostApi,
    NativeDomainApi,
    NativeSnapshotApi,
    NativeStatsApi,
    NativeNetworkApi,
    NativeStorageApi,
    NativeNodeDeviceApi,
    NativeSecretApi,
    NativeEventApi,
    NativeStreamApi {
  /** Idempotent; rejects nothing on second call. */
  close(): Promise<void>;
  getURI(): Promise<string>;
  getHostname(): Promise<string>;
  getLibVersion(): Promise<number>;
  isAlive(): Promise<boolean>;
  setKeepAlive(intervalSec: number, count: number): Promise<void>;
  /** virConnectListAllDomains. */
  listAllDomains(flags: number): Promise<NativeDomainInfo[]>;
  /** Lookup by UUID. */
  domainInfo(uuid: string): Promise<NativeDomainInfo>;
  domainGetXMLDesc(uuid: string, flags: number): Promise<string>;
  domainDefineXML(xml: string): Promise<NativeDomainInfo>;
  /** virDomainCreateWithFlags. */
  domainCreate(uuid: string, flags: number): Promise<void>;
  /** virDomainShutdownFlags. */
  domainShutdown(uuid: string, flags: number): Promise<void>;
  domainReboot(uuid: string, flags: number): Promise<void>;
  /** virDomainDestroyFlags. */
  domainDestroy(uuid: string, flags: number): Promise<void>;
  domainSuspend(uuid: string): Promise<void>;
  domainResume(uuid: string): Promise<void>;
  /** virDomainUndefineFlags. */
  domainUndefine(uuid: string, flags: number): Promise<void>;
  /** Registers VIR_DOMAIN_EVENT_ID_LIFECYCLE for all domains; returns the callback id (unique across all event kinds, see api/event.d.ts). */
  onDomainLifecycle(
    cb: (uuid: string, name: string, event: number, detail: number) => void,
  ): Promise<number>;
  /** virConnectRegisterCloseCallback; reason is virConnectCloseReason (0 error, 1 eof, 2 keepalive, 3 client). Only one per connection; a second call replaces it. */
  onClose(cb: (reason: number) => void): Promise<void>;
  /** Deregisters a callback of any kind (domain, network, storage pool, node device) by the id its register method returned. */
  deregisterEvent(callbackId: number): Promise<void>;
}

/** One credential libvirt asks for (virConnectCredential). */
export interface NativeCredentialRequest {
  /** VIR_CRED_*: 1 USERNAME, 2 AUTHNAME, 3 LANGUAGE, 4 CNONCE, 5 PASSPHRASE, 6 ECHOPROMPT, 7 NOECHOPROMPT, 8 REALM, 9 EXTERNAL. */
  type: number;
  /** Text to show the user. */
  prompt: string;
  challenge: string | null;
  /** Suggested answer, if any. */
  defresult: string | null;
}

export interface NativeOpenAuthOptions {
  /** VIR_CONNECT_RO. Default false. */
  readOnly?: boolean;
  /** The VIR_CRED_* types onCredentials can answer (libvirt fails the open if it needs another). */
  credTypes: number[];
  /** How long the open waits for each onCredentials answer before failing. Default 120,000. */
  timeoutMs?: number;
}

export interface NativeAddon {
  /** virConnectOpen (readonly=false) or virConnectOpenReadOnly, with NULL auth: never prompts (no tty reads); use openAuth for credentials. */
  open(uri: string, readOnly: boolean): Promise<NativeConnection>;
  /**
   * virConnectOpenAuth with an interactive callback. When libvirt needs
   * credentials (possibly several times: e.g. user name, then password),
   * onCredentials receives the requests and resolves with one answer per
   * request, in order: a string, or null to cancel (the open then rejects with
   * libvirt's auth error, VIR_ERR_AUTH_FAILED = 45 for most drivers). The open
   * waits on the connection's own worker thread, never the JS thread. If
   * onCredentials throws, rejects, resolves with anything but such an array,
   * or does not answer within timeoutMs, the open rejects the same way, with
   * the reason appended to libvirt's message. Answers are wiped from native
   * memory after use.
   */
  openAuth(
    uri: string,
    options: NativeOpenAuthOptions,
    onCredentials: (creds: NativeCredentialRequest[]) => Promise<(string | null)[]> | (string | null)[],
  ): Promise<NativeConnection>;
  /** libvirt library version (virGetVersion), synchronous, cheap. */
  libVersion(): number;
}
