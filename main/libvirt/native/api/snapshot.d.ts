// snapshot methods of NativeConnection (see ../addon.d.ts), implemented in
// ../snapshot-calls.cc. A snapshot is addressed by its domain's UUID and its
// name. Unknown domain: code 42; unknown snapshot: code 72
// (VIR_ERR_NO_DOMAIN_SNAPSHOT).

/** One snapshot (virDomainSnapshot* getters plus fields of its XML). */
export interface NativeSnapshotInfo {
  name: string;
  /** Parent snapshot's name; null for a root (virDomainSnapshotGetParent). */
  parent: string | null;
  /** virDomainSnapshotIsCurrent. */
  isCurrent: boolean;
  /** virDomainSnapshotHasMetadata (false after DELETE_METADATA_ONLY-style imports). */
  hasMetadata: boolean;
  /** <creationTime>: seconds since the epoch. */
  creationTime: number;
  /** <state>: the domain state captured ("running", "paused", "shutoff", "disk-snapshot", ...). */
  state: string;
}

export interface NativeSnapshotApi {
  /**
   * virDomainListAllSnapshots. flags (VIR_DOMAIN_SNAPSHOT_LIST_*): ROOTS 1, METADATA 2,
   * LEAVES 4, NO_LEAVES 8, NO_METADATA 16, INACTIVE 32, ACTIVE 64, DISK_ONLY 128,
   * INTERNAL 256, EXTERNAL 512, TOPOLOGICAL 1024 (parents before children).
   */
  domainListAllSnapshots(uuid: string, flags: number): Promise<NativeSnapshotInfo[]>;
  /** virDomainSnapshotGetXMLDesc. flags: VIR_DOMAIN_SNAPSHOT_XML_SECURE 1. */
  domainSnapshotGetXMLDesc(uuid: string, name: string, flags: number): Promise<string>;
  /**
   * virDomainSnapshotCreateXML; xml is a <domainsnapshot> (may be minimal, even
   * "<domainsnapshot/>"). flags (VIR_DOMAIN_SNAPSHOT_CREATE_*): REDEFINE 1, CURRENT 2,
   * NO_METADATA 4, HALT 8, DISK_ONLY 16, REUSE_EXT 32, QUIESCE 64 (needs the guest
   * agent), ATOMIC 128, LIVE 256, VALIDATE 512. Long job. Resolves with the new snapshot;
   * with NO_METADATA libvirt keeps nothing to ask, so only `name` is real (parent null,
   * isCurrent/hasMetadata false, creationTime 0, state "").
   */
  domainSnapshotCreateXML(uuid: string, xml: string, flags: number): Promise<NativeSnapshotInfo>;
  /**
   * virDomainRevertToSnapshot. flags (VIR_DOMAIN_SNAPSHOT_REVERT_*): RUNNING 1, PAUSED 2,
   * FORCE 4, RESET_NVRAM 8. Long job.
   */
  domainRevertToSnapshot(uuid: string, name: string, flags: number): Promise<void>;
  /**
   * virDomainSnapshotDelete. flags (VIR_DOMAIN_SNAPSHOT_DELETE_*): CHILDREN 1 (with all
   * descendants), METADATA_ONLY 2 (forget it, keep the data), CHILDREN_ONLY 4. Long job.
   */
  domainSnapshotDelete(uuid: string, name: string, flags: number): Promise<void>;
  /** virDomainSnapshotCurrent; null when the domain has no current snapshot. */
  domainSnapshotCurrent(uuid: string): Promise<NativeSnapshotInfo | null>;
}
