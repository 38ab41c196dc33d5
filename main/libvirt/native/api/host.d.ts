// Host (hypervisor and node) methods of NativeConnection (see ../addon.d.ts).
// Implemented in ../host-calls.cc; isAlive/keepalive/onClose are in addon.d.ts.
import type { NativeTypedParams } from './stats';

/** virNodeInfo. */
export interface NativeNodeInfo {
  /** CPU model string (e.g. "x86_64"). */
  model: string;
  /** Memory size in KiB. */
  memoryKiB: number;
  /** Number of active CPUs. */
  cpus: number;
  /** Expected CPU frequency, MHz (0 if unknown). */
  mhz: number;
  /** NUMA cells (1 when the topology is unusual; see libvirt's docs). */
  nodes: number;
  /** CPU sockets per NUMA node. */
  sockets: number;
  /** Cores per socket. */
  cores: number;
  /** Threads per core. */
  threads: number;
}

export interface NativeHostApi {
  /** virConnectGetType: the driver name, e.g. "QEMU", "TEST". */
  getType(): Promise<string>;
  /** virConnectGetVersion: hypervisor version, major * 1,000,000 + minor * 1,000 + release. */
  getVersion(): Promise<number>;
  /** virConnectGetSysinfo: host SMBIOS as <sysinfo> XML. `flags` must be 0 (default). */
  getSysinfo(flags?: number): Promise<string>;
  /** virConnectGetCapabilities: <capabilities> XML. */
  getCapabilities(): Promise<string>;
  /**
   * virConnectGetDomainCapabilities: <domainCapabilities> XML. Each string may be
   * null for libvirt's default (emulator binary, arch, machine type, virt type
   * such as "kvm"/"qemu"). `flags`: virConnectGetDomainCapabilitiesFlags (0).
   * Needs a read-write connection on QEMU.
   */
  getDomainCapabilities(
    emulatorbin: string | null,
    arch: string | null,
    machine: string | null,
    virttype: string | null,
    flags: number,
  ): Promise<string>;
  /** virNodeGetInfo. */
  nodeGetInfo(): Promise<NativeNodeInfo>;
  /**
   * virNodeGetCPUStats: cumulative time in nanoseconds per field ("kernel",
   * "user", "idle", "iowait", or "utilization" in % with some drivers).
   * `cpuNum` -1 = all CPUs (VIR_NODE_CPU_STATS_ALL_CPUS). `flags` 0.
   */
  nodeGetCPUStats(cpuNum: number, flags: number): Promise<NativeTypedParams>;
  /**
   * virNodeGetMemoryStats: KiB per field ("total", "free", "buffers", "cached").
   * `cellNum` -1 = whole host (VIR_NODE_MEMORY_STATS_ALL_CELLS). `flags` 0.
   */
  nodeGetMemoryStats(cellNum: number, flags: number): Promise<NativeTypedParams>;
  /** virNodeGetFreeMemory: free memory in BYTES (number, or bigint above 2^53). */
  nodeGetFreeMemory(): Promise<number | bigint>;
}
