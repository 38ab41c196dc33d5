// domain methods of NativeConnection (see ../addon.d.ts), implemented in
// ../domain-{lookup,lifecycle,config,resource,device,job,guest,migrate}-calls.cc.
//
// Domains are addressed by UUID. Calls run on the connection's worker thread,
// except the "long jobs" marked below, which run on their own short-lived
// thread (../long-jobs.h) so they never hold up the connection's other calls;
// they settle the same way and keep Node alive while pending.
//
// 64-bit quantities are `number` while exact (<= 2^53) and `bigint` above.
import type { NativeConnection, NativeDomainInfo } from '../addon';

/** virDomainGetInfo. */
export interface NativeDomainGetInfo {
  /** virDomainState. */
  state: number;
  /** Maximum memory in KiB. */
  maxMem: number | bigint;
  /** Current memory in KiB (the balloon target when there is a balloon). */
  memory: number | bigint;
  nrVirtCpu: number;
  /** CPU time used, in nanoseconds (a bigint after ~104 days of CPU time). */
  cpuTime: number | bigint;
}

/**
 * virDomainGetInfo of many domains, column by column. Memory (KiB) and CPU
 * time (ns) are float64: exact up to 2^53 (104 days of CPU time), then within
 * a part in 2^53, which rates over a tick cannot notice.
 */
export interface NativeDomainInfoColumns {
  /** 1 where the domain was found and read. */
  found: Uint8Array;
  state: Uint8Array;
  nrVirtCpu: Uint32Array;
  memory: Float64Array;
  maxMem: Float64Array;
  cpuTime: Float64Array;
}

/** virDomainGetJobInfo: times in ms, data/mem/file in bytes. */
export interface NativeDomainJobInfo {
  /** virDomainJobType: 0 NONE, 1 BOUNDED, 2 UNBOUNDED, 3 COMPLETED, 4 FAILED, 5 CANCELLED. */
  type: number;
  timeElapsed: number | bigint;
  timeRemaining: number | bigint;
  dataTotal: number | bigint;
  dataProcessed: number | bigint;
  dataRemaining: number | bigint;
  memTotal: number | bigint;
  memProcessed: number | bigint;
  memRemaining: number | bigint;
  fileTotal: number | bigint;
  fileProcessed: number | bigint;
  fileRemaining: number | bigint;
}

/** virDomainGetJobStats. */
export interface NativeDomainJobStats {
  /** virDomainJobType (see NativeDomainJobInfo.type). */
  type: number;
  /**
   * The typed parameters by libvirt's field name (VIR_DOMAIN_JOB_*: "operation",
   * "time_elapsed", "data_total", "data_processed", "memory_total", ...).
   * Integers are number or bigint as above; booleans, doubles and strings as such.
   */
  params: Record<string, number | bigint | boolean | string>;
}

/** One IP address of a guest interface (virDomainIPAddress). */
export interface NativeDomainIPAddress {
  /** virIPAddrType: 0 IPv4, 1 IPv6. */
  type: number;
  addr: string;
  prefix: number;
}

/** virDomainInterface. */
export interface NativeDomainInterface {
  name: string;
  /** MAC address; null when the source does not know it. */
  hwaddr: string | null;
  addrs: NativeDomainIPAddress[];
}

/** virDomainGetBlockInfo, all in bytes. */
export interface NativeDomainBlockInfo {
  /** Logical size seen by the guest. */
  capacity: number | bigint;
  /** Host storage in use by the image. */
  allocation: number | bigint;
  /** Host physical size of the image or device. */
  physical: number | bigint;
}

/** Named virTypedParameters for virDomainMigrate3 (all optional). */
export interface NativeMigrateParams {
  /** VIR_MIGRATE_PARAM_DEST_NAME: the domain's name on the destination. */
  dname?: string;
  /** VIR_MIGRATE_PARAM_BANDWIDTH: maximum bandwidth in MiB/s (0 = hypervisor default). */
  bandwidth?: number;
  /** VIR_MIGRATE_PARAM_URI: hypervisor data channel, e.g. "tcp://10.0.0.2". */
  uri?: string;
  /** VIR_MIGRATE_PARAM_DEST_XML: domain XML to use on the destination. */
  destXml?: string;
  /** VIR_MIGRATE_PARAM_PERSIST_XML: persistent XML for the destination (with PERSIST_DEST). */
  persistXml?: string;
  /** VIR_MIGRATE_PARAM_MIGRATE_DISKS: disk targets to copy with NON_SHARED_DISK/INC. */
  migrateDisks?: string[];
}

export interface NativeDomainApi {
  // ---- lookup ---------------------------------------------------------------
  /** virDomainLookupByName; rejects with code 42 (VIR_ERR_NO_DOMAIN) if absent. */
  domainLookupByName(name: string): Promise<NativeDomainInfo>;
  /** virDomainLookupByID (running domains only); code 42 if absent. */
  domainLookupByID(id: number): Promise<NativeDomainInfo>;

  // ---- definition -----------------------------------------------------------
  /** virDomainDefineXMLFlags; flags: VIR_DOMAIN_DEFINE_VALIDATE (1) checks the XML against the schema (code 92 VIR_ERR_XML_INVALID_SCHEMA). */
  domainDefineXMLFlags(xml: string, flags: number): Promise<NativeDomainInfo>;
  /**
   * virDomainGetMetadata. type: VIR_DOMAIN_METADATA_DESCRIPTION 0, TITLE 1, ELEMENT 2
   * (uri = the element's namespace, required for ELEMENT, else null). flags:
   * VIR_DOMAIN_AFFECT_CURRENT 0, LIVE 1, CONFIG 2. Rejects with code 80
   * (VIR_ERR_NO_DOMAIN_METADATA) when there is no such metadata.
   */
  domainGetMetadata(uuid: string, type: number, uri: string | null, flags: number): Promise<string>;
  /**
   * virDomainSetMetadata. metadata null (or "") removes it. For ELEMENT, `metadata` is
   * one XML element, `key` the namespace prefix it is stored under and `uri` its
   * namespace; both null otherwise. flags as domainGetMetadata.
   */
  domainSetMetadata(
    uuid: string,
    type: number,
    metadata: string | null,
    key: string | null,
    uri: string | null,
    flags: number,
  ): Promise<void>;
  /** virDomainRename (inactive domains; the UUID stays the same). flags: none defined, pass 0. */
  domainRename(uuid: string, newName: string, flags: number): Promise<void>;
  /** virDomainGetAutostart. */
  domainGetAutostart(uuid: string): Promise<boolean>;
  /** virDomainSetAutostart (persistent domains). */
  domainSetAutostart(uuid: string, autostart: boolean): Promise<void>;

  // ---- lifecycle ------------------------------------------------------------
  /** virDomainReset: hard reset, like the reset button (no guest cooperation). */
  domainReset(uuid: string): Promise<void>;
  /**
   * virDomainManagedSave: saves RAM to a libvirt-managed file and stops the domain; the
   * next domainCreate restores it. flags: VIR_DOMAIN_SAVE_BYPASS_CACHE 1, RUNNING 2,
   * PAUSED 4 (state after restore). Long job: progress via domainGetJobStats meanwhile.
   */
  domainManagedSave(uuid: string, flags: number): Promise<void>;
  /** virDomainHasManagedSaveImage. */
  domainHasManagedSaveImage(uuid: string): Promise<boolean>;
  /** virDomainManagedSaveRemove: deletes the image (the next start is a cold boot). */
  domainManagedSaveRemove(uuid: string): Promise<void>;

  // ---- resources ------------------------------------------------------------
  /** virDomainGetInfo. */
  domainGetInfo(uuid: string): Promise<NativeDomainGetInfo>;
  /**
   * virDomainGetInfo for each UUID, in one worker job (one round trip for a
   * whole host), as columns: index i is uuids[i]. A domain that cannot be
   * found or read has found[i] = 0 and zeros elsewhere.
   */
  domainGetInfoMany(uuids: string[]): Promise<NativeDomainInfoColumns>;
  /**
   * virDomainSetMemoryFlags, kib in KiB (number or bigint). flags: AFFECT_CURRENT 0,
   * LIVE 1 (balloon target; needs a balloon device, else code 55), CONFIG 2 (next boot),
   * and VIR_DOMAIN_MEM_MAXIMUM 4 (change the maximum instead; config only for QEMU).
   * LIVE resolves once QEMU took the target; domainGetInfo().memory follows only as
   * the guest's balloon driver gives the memory back.
   */
  domainSetMemoryFlags(uuid: string, kib: number | bigint, flags: number): Promise<void>;
  /** virDomainSetMaxMemory, kib in KiB (QEMU: inactive domains only). */
  domainSetMaxMemory(uuid: string, kib: number | bigint): Promise<void>;
  /**
   * virDomainSetVcpusFlags. flags: AFFECT_CURRENT 0, LIVE 1, CONFIG 2,
   * VIR_DOMAIN_VCPU_MAXIMUM 4, VIR_DOMAIN_VCPU_GUEST 8, VIR_DOMAIN_VCPU_HOTPLUGGABLE 16.
   */
  domainSetVcpusFlags(uuid: string, nvcpus: number, flags: number): Promise<void>;
  /** virDomainGetVcpusFlags; flags as domainSetVcpusFlags (MAXIMUM 4: the maximum). */
  domainGetVcpusFlags(uuid: string, flags: number): Promise<number>;

  // ---- devices --------------------------------------------------------------
  /**
   * virDomainAttachDeviceFlags; xml is one device element. flags: AFFECT_CURRENT 0, LIVE 1,
   * CONFIG 2. A disk target already in use rejects with code 27 (VIR_ERR_XML_ERROR).
   */
  domainAttachDeviceFlags(uuid: string, xml: string, flags: number): Promise<void>;
  /**
   * virDomainDetachDeviceFlags; flags as attach. A live detach needs the guest's
   * cooperation: QEMU waits up to 5 s, and may return with the unplug still pending
   * (it completes with a DEVICE_REMOVED event). Long job. A device not present rejects
   * with code 99 (VIR_ERR_DEVICE_MISSING).
   */
  domainDetachDeviceFlags(uuid: string, xml: string, flags: number): Promise<void>;
  /**
   * virDomainUpdateDeviceFlags (e.g. change a CD-ROM's media: the same <disk> with a new
   * or no <source>); flags as attach, plus FORCE 4 (eject a locked tray). QEMU reports a
   * device not present as code 1 (internal error "disk 'vdb' not found"), not 99.
   */
  domainUpdateDeviceFlags(uuid: string, xml: string, flags: number): Promise<void>;

  // ---- jobs (each on its own short thread: they are asked *during* long jobs) --
  /** virDomainGetJobInfo (the domain's current job; type 0 when none). */
  domainGetJobInfo(uuid: string): Promise<NativeDomainJobInfo>;
  /**
   * virDomainGetJobStats. flags: VIR_DOMAIN_JOB_STATS_COMPLETED 1 (the last finished job;
   * QEMU keeps these only for jobs that succeeded: type 0 after an aborted migration),
   * KEEP_COMPLETED 2.
   */
  domainGetJobStats(uuid: string, flags: number): Promise<NativeDomainJobStats>;
  /** virDomainAbortJob: cancels the current migration/save/dump (the long job then rejects). */
  domainAbortJob(uuid: string): Promise<void>;

  // ---- guest ------------------------------------------------------------------
  /**
   * virDomainInterfaceAddresses. source: VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE 0
   * (libvirt network DHCP leases), AGENT 1 (guest agent; rejects without one), ARP 2
   * (host ARP table). Empty when the guest has no interfaces.
   */
  domainInterfaceAddresses(uuid: string, source: number): Promise<NativeDomainInterface[]>;
  /** virDomainGetBlockInfo; disk is a target ("vda") or source path. flags: none defined, pass 0. */
  domainGetBlockInfo(uuid: string, disk: string, flags: number): Promise<NativeDomainBlockInfo>;
  /**
   * virDomainOpenGraphicsFD: a connected socket to the guest's idx-th <graphics>
   * (VNC/SPICE), for this process. Returns the file descriptor, which the caller then
   * owns: wrap it (`new net.Socket({ fd })`) or close it (fs.closeSync). flags:
   * VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH 1 (skip the graphics password). Needs a local
   * (UNIX socket) connection: descriptors cannot cross TCP/SSH. An idx with no graphics
   * device rejects with code 1 (QEMU: "No graphics backend with index N").
   */
  domainOpenGraphicsFD(uuid: string, idx: number, flags: number): Promise<number>;

  // ---- migration --------------------------------------------------------------
  /**
   * virDomainMigrate3 to `destConnection`, another open NativeConnection (the Proxy
   * from openLibvirt() works too). Both connections must stay open until this
   * settles: each is held by the migration, so a close() meanwhile only takes effect
   * afterwards. Long job (domainGetJobStats/domainAbortJob answer meanwhile).
   * Resolves with the domain as seen on the destination.
   * flags (virDomainMigrateFlags): LIVE 1, PEER2PEER 2, TUNNELLED 4 (needs P2P),
   * PERSIST_DEST 8, UNDEFINE_SOURCE 16, PAUSED 32, NON_SHARED_DISK 64 (copy full
   * disks), NON_SHARED_INC 128, CHANGE_PROTECTION 256, UNSAFE 512, OFFLINE 1024
   * (config only, needs PERSIST_DEST), COMPRESSED 2048, ABORT_ON_ERROR 4096,
   * AUTO_CONVERGE 8192, POSTCOPY 32768. Same-host migration is refused by QEMU's
   * driver ("Attempt to migrate guest to the same host", code 1) by host UUID. QEMU
   * derives the data channel from the destination's host name and refuses one that
   * resolves to localhost: pass params.uri then. OFFLINE without PERSIST_DEST: code 55.
   * Aborted by domainAbortJob: code 78 (VIR_ERR_OPERATION_ABORTED).
   */
  domainMigrate(
    uuid: string,
    destConnection: NativeConnection,
    flags: number,
    params: NativeMigrateParams | null,
  ): Promise<NativeDomainInfo>;
}
