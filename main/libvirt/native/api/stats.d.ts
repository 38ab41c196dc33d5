// Bulk domain statistics methods of NativeConnection (see ../addon.d.ts).
// Implemented in ../stats-calls.cc.

/**
 * A decoded virTypedParameter list, keyed by parameter name ("cpu.time",
 * "vcpu.0.state", ...). int/uint/double -> number, boolean -> boolean,
 * string -> string; llong/ullong -> number when |v| <= 2^53, else bigint
 * (so check `typeof` before arithmetic on counters that can grow that big).
 */
export type NativeTypedParams = Record<string, number | bigint | string | boolean>;

/** One virDomainStatsRecord. */
export interface NativeDomainStatsRecord {
  uuid: string;
  name: string;
  /** The stats of every group asked for, flat, libvirt's names ("state.state", "balloon.current", "block.0.rd.bytes"...). */
  params: NativeTypedParams;
}

/*
 * virDomainStatsTypes bits for `statsMask` (0 = every group the driver supports):
 * STATE 1, CPU_TOTAL 2, BALLOON 4, VCPU 8, INTERFACE 16, BLOCK 32, PERF 64,
 * IOTHREAD 128, MEMORY 256, DIRTYRATE 512.
 */

export interface NativeStatsApi {
  /**
   * virConnectGetAllDomainStats. `statsMask`: virDomainStatsTypes bits, 0 = all
   * groups the driver supports. `flags`: virConnectGetAllDomainStatsFlags
   * (domain filters such as ACTIVE = 1, plus ENFORCE_STATS = 1 << 31 to fail on
   * an unsupported group instead of skipping it).
   */
  getAllDomainStats(statsMask: number, flags: number): Promise<NativeDomainStatsRecord[]>;
  /**
   * virDomainListGetStats for the domains with these UUIDs (rejects with
   * VIR_ERR_NO_DOMAIN = 42 if one is unknown; [] for an empty list). Same
   * `statsMask` and `flags` as getAllDomainStats (filter flags are not allowed).
   */
  domainGetStats(uuids: string[], statsMask: number, flags: number): Promise<NativeDomainStatsRecord[]>;
}
