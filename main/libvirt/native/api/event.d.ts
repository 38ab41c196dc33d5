// Event methods of NativeConnection beyond onDomainLifecycle/onClose (see
// ../addon.d.ts). Implemented in ../domain-events.cc and ../object-events.cc.
//
// Every register method resolves with a callback id that is unique on this
// connection across ALL kinds; pass it to deregisterEvent(id). Callbacks run
// on the JS thread, delivered through libvirt's one event-loop thread, and
// never keep the process alive. A callback that throws surfaces as an
// uncaught exception, like a throwing EventEmitter listener.
import type { NativeTypedParams } from './stats';

/** Payload of each onDomainEvent kind (the libvirt event it maps to in brackets). */
export interface NativeDomainEventPayloads {
  /** [VIR_DOMAIN_EVENT_ID_REBOOT] The guest reset (also a fake reboot after an ACPI reboot). */
  reboot: Record<string, never>;
  /** [DEVICE_ADDED] `alias`: the device's alias ("serial1", "ua-foo", ...). */
  'device-added': { alias: string };
  /** [DEVICE_REMOVED] Emitted once the guest released the device. */
  'device-removed': { alias: string };
  /** [BALLOON_CHANGE] The balloon's new actual size in KiB. */
  'balloon-change': { actualKiB: number };
  /** [TRAY_CHANGE] `reason`: virConnectDomainEventTrayChangeReason (0 opened, 1 closed). */
  'tray-change': { devAlias: string; reason: number };
  /** [JOB_COMPLETED] The job's final statistics (VIR_DOMAIN_JOB_* typed parameters). */
  'job-completed': { params: NativeTypedParams };
  /** [METADATA_CHANGE] `type`: virDomainMetadataType (0 description, 1 title, 2 element); `nsuri` "" unless type 2. */
  'metadata-change': { type: number; nsuri: string };
  /** [AGENT_LIFECYCLE] `state`: 1 connected, 2 disconnected; `reason`: 0 unknown, 1 domain started, 2 channel event. */
  'agent-lifecycle': { state: number; reason: number };
  /**
   * [BLOCK_JOB_2] `disk`: the disk's target ("vda"); `type`: virDomainBlockJobType
   * (1 pull, 2 copy, 3 commit, 4 active commit, 5 backup); `status`:
   * virConnectDomainEventBlockJobStatus (0 completed, 1 failed, 2 canceled, 3 ready).
   */
  'block-job': { disk: string; type: number; status: number };
}

export type NativeDomainEventKind = keyof NativeDomainEventPayloads;

export interface NativeEventApi {
  /**
   * virConnectDomainEventRegisterAny for one non-lifecycle event kind, all
   * domains. Rejects with a TypeError for an unknown kind.
   */
  onDomainEvent<K extends NativeDomainEventKind>(
    kind: K,
    cb: (uuid: string, name: string, payload: NativeDomainEventPayloads[K]) => void,
  ): Promise<number>;
  /**
   * virConnectNetworkEventRegisterAny(VIR_NETWORK_EVENT_ID_LIFECYCLE), all networks.
   * `event`: virNetworkEventLifecycleType (0 defined, 1 undefined, 2 started, 3 stopped); `detail` 0.
   */
  onNetworkLifecycle(cb: (uuid: string, name: string, event: number, detail: number) => void): Promise<number>;
  /**
   * virConnectStoragePoolEventRegisterAny(VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE), all pools.
   * `event`: virStoragePoolEventLifecycleType (0 defined, 1 undefined, 2 started, 3 stopped, 4 created, 5 deleted).
   */
  onStoragePoolLifecycle(cb: (uuid: string, name: string, event: number, detail: number) => void): Promise<number>;
  /** virConnectStoragePoolEventRegisterAny(VIR_STORAGE_POOL_EVENT_ID_REFRESH): a pool was refreshed. */
  onStoragePoolRefresh(cb: (uuid: string, name: string) => void): Promise<number>;
  /**
   * virConnectNodeDeviceEventRegisterAny(VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE), all devices.
   * `event`: virNodeDeviceEventLifecycleType (0 created, 1 deleted, 2 defined, 3 undefined).
   */
  onNodeDeviceLifecycle(cb: (name: string, event: number, detail: number) => void): Promise<number>;
}
