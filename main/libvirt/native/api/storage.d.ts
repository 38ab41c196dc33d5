// Storage pool and volume methods of NativeConnection (see ../addon.d.ts),
// implemented in pool-calls.cc and volume-calls.cc.
//
// Addressing: pools by UUID (unknown: code 49, VIR_ERR_NO_STORAGE_POOL);
// volumes by their key (NativeVolumeInfo.key, virStorageVolLookupByKey;
// unknown: code 50, VIR_ERR_NO_STORAGE_VOL). A key is unique on the host and
// stable across refreshes and reconnects (for file-based pools it is the
// path). storageVolLookupByName/ByPath translate other handles into it.
// Volumes exist only in active pools.
//
// Sizes are bytes: a number when exact (<= 2^53-1, every real size), else a
// bigint (drivers report nonsense such as 2^64 - n when allocation exceeds
// capacity). Inputs accept a safe-integer number or a bigint.
import type { NativeStream } from './stream';

export type NativeByteCount = number | bigint;

export interface NativePoolInfo {
  uuid: string;
  name: string;
  active: boolean;
  persistent: boolean;
  autostart: boolean;
}

/** virStoragePoolInfo. */
export interface NativePoolStats {
  /** virStoragePoolState: 0 inactive, 1 building, 2 running, 3 degraded, 4 inaccessible. */
  state: number;
  capacity: NativeByteCount;
  allocation: NativeByteCount;
  available: NativeByteCount;
}

/** virStorageVolInfo. */
export interface NativeVolumeStats {
  /** virStorageVolType: 0 file, 1 block, 2 dir, 3 network, 4 netdir, 5 ploop. */
  type: number;
  capacity: NativeByteCount;
  allocation: NativeByteCount;
}

export interface NativeVolumeInfo extends NativeVolumeStats {
  name: string;
  /** The volume's address in this API. */
  key: string;
  path: string;
}

export interface NativeStorageApi {
  /** virConnectListAllStoragePools; flags: VIR_CONNECT_LIST_STORAGE_POOLS_* (0 = all). */
  listAllStoragePools(flags: number): Promise<NativePoolInfo[]>;
  /** virStoragePoolLookupByName. */
  storagePoolLookupByName(name: string): Promise<NativePoolInfo>;
  /** virStoragePoolGetXMLDesc; flags: VIR_STORAGE_XML_INACTIVE (1). */
  storagePoolGetXMLDesc(uuid: string, flags: number): Promise<string>;
  /** virStoragePoolDefineXML; flags: VIR_STORAGE_POOL_DEFINE_VALIDATE (1). */
  storagePoolDefineXML(xml: string, flags: number): Promise<NativePoolInfo>;
  /** virStoragePoolBuild (e.g. creates a dir pool's directory); flags: VIR_STORAGE_POOL_BUILD_* (0 new, 1 repair, 2 resize, 4 no overwrite, 8 overwrite). */
  storagePoolBuild(uuid: string, flags: number): Promise<void>;
  /** virStoragePoolCreate: starts a defined pool; flags: VIR_STORAGE_POOL_CREATE_WITH_BUILD* (0 = just start). */
  storagePoolCreate(uuid: string, flags: number): Promise<void>;
  /** virStoragePoolDestroy: stops it; the data stays. */
  storagePoolDestroy(uuid: string): Promise<void>;
  /** virStoragePoolDelete: deletes the (inactive) pool's underlying storage, e.g. the dir; flags: VIR_STORAGE_POOL_DELETE_NORMAL (0) / ZEROED (1). */
  storagePoolDelete(uuid: string, flags: number): Promise<void>;
  /** virStoragePoolUndefine: removes an inactive pool's definition. */
  storagePoolUndefine(uuid: string): Promise<void>;
  /** virStoragePoolRefresh: rescans its volumes; flags: 0. */
  storagePoolRefresh(uuid: string, flags: number): Promise<void>;
  /** virStoragePoolGetAutostart. */
  storagePoolGetAutostart(uuid: string): Promise<boolean>;
  /** virStoragePoolSetAutostart. */
  storagePoolSetAutostart(uuid: string, autostart: boolean): Promise<void>;
  /** virStoragePoolGetInfo. */
  storagePoolGetInfo(uuid: string): Promise<NativePoolStats>;
  /**
   * virConnectFindStoragePoolSources: `<sources>` XML for a pool type
   * ('logical', 'netfs', 'iscsi', ...); srcSpec: a `<source>` XML hint (e.g.
   * the NFS host) or null; flags: 0.
   */
  findStoragePoolSources(type: string, srcSpec: string | null, flags: number): Promise<string>;

  /** virStoragePoolListAllVolumes (+ virStorageVolGetInfo each) of an active pool. */
  storagePoolListAllVolumes(poolUuid: string): Promise<NativeVolumeInfo[]>;
  /** virStorageVolLookupByName in the pool. */
  storageVolLookupByName(poolUuid: string, name: string): Promise<NativeVolumeInfo>;
  /** virStorageVolLookupByPath. */
  storageVolLookupByPath(path: string): Promise<NativeVolumeInfo>;
  /** virStorageVolGetXMLDesc; flags: 0. */
  storageVolGetXMLDesc(key: string, flags: number): Promise<string>;
  /** virStorageVolGetInfo. */
  storageVolGetInfo(key: string): Promise<NativeVolumeStats>;
  /** virStorageVolCreateXML in the pool; flags: VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA (1), REFLINK (2), VALIDATE (4). */
  storageVolCreateXML(poolUuid: string, xml: string, flags: number): Promise<NativeVolumeInfo>;
  /** virStorageVolCreateXMLFrom: a new volume in the pool, filled from `sourceKey` (clone/convert); flags as storageVolCreateXML. */
  storageVolCreateXMLFrom(poolUuid: string, xml: string, sourceKey: string, flags: number): Promise<NativeVolumeInfo>;
  /** virStorageVolDelete; flags: VIR_STORAGE_VOL_DELETE_NORMAL (0), ZEROED (1), WITH_SNAPSHOTS (2). */
  storageVolDelete(key: string, flags: number): Promise<void>;
  /** virStorageVolWipe: overwrites the data with zeroes; flags: 0. */
  storageVolWipe(key: string, flags: number): Promise<void>;
  /** virStorageVolWipePattern; algorithm: virStorageVolWipeAlgorithm (0 zero, 1 nnsa, ... 8 random, 9 trim); flags: 0. */
  storageVolWipePattern(key: string, algorithm: number, flags: number): Promise<void>;
  /** virStorageVolResize to `capacity` bytes; flags: VIR_STORAGE_VOL_RESIZE_ALLOCATE (1), DELTA (2), SHRINK (4). */
  storageVolResize(key: string, capacity: NativeByteCount, flags: number): Promise<void>;
  /**
   * virStorageVolUpload: a write-only NativeStream; write() the bytes, then
   * finish() (resolves when the daemon confirmed). offset/length in bytes
   * (length 0 = to the end). flags: 0 (SPARSE_STREAM is rejected: not supported).
   */
  storageVolUpload(key: string, offset: NativeByteCount, length: NativeByteCount, flags: number): Promise<NativeStream>;
  /**
   * virStorageVolDownload: a read-only NativeStream; onData until onEnd.
   * offset/length in bytes (length 0 = to the end). flags: 0 (SPARSE_STREAM
   * is rejected: not supported).
   */
  storageVolDownload(key: string, offset: NativeByteCount, length: NativeByteCount, flags: number): Promise<NativeStream>;
}
