// Secret methods of NativeConnection (see ../addon.d.ts).
// Implemented in ../secret-calls.cc. Secrets are addressed by UUID; an unknown
// one rejects with VIR_ERR_NO_SECRET (66). Values are never logged, and the
// native copies of a value are wiped before their memory is freed.

export interface NativeSecretInfo {
  uuid: string;
  /** virSecretUsageType: 0 none, 1 volume, 2 ceph, 3 iscsi, 4 tls, 5 vtpm. */
  usageType: number;
  /** virSecretGetUsageID: the usage's identifier (volume path, ceph/iscsi/tls/vtpm name); "" for none. */
  usageID: string;
}

export interface NativeSecretApi {
  /** virSecretDefineXML (creates or redefines). `flags` 0 (default). */
  secretDefineXML(xml: string, flags?: number): Promise<NativeSecretInfo>;
  /** virSecretGetXMLDesc. `flags` 0 (default). */
  secretGetXMLDesc(uuid: string, flags?: number): Promise<string>;
  /** virSecretSetValue: stores the raw bytes. */
  secretSetValue(uuid: string, value: Uint8Array): Promise<void>;
  /** virSecretGetValue: the raw bytes (fails for private='yes' secrets). */
  secretGetValue(uuid: string): Promise<Buffer>;
  /** virSecretUndefine. */
  secretUndefine(uuid: string): Promise<void>;
  /** virConnectListAllSecrets. `flags`: VIR_CONNECT_LIST_SECRETS_* filter bits (0 = all). */
  listAllSecrets(flags: number): Promise<NativeSecretInfo[]>;
}
