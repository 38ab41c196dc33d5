// Virtual network methods of NativeConnection (see ../addon.d.ts),
// implemented in network-calls.cc. Networks are addressed by UUID; an
// unknown one rejects with code 43 (VIR_ERR_NO_NETWORK).

export interface NativeNetworkInfo {
  uuid: string;
  name: string;
  active: boolean;
  persistent: boolean;
  autostart: boolean;
  /** virNetworkGetBridgeName; "" for forward modes without a bridge (macvtap, hostdev). */
  bridge: string;
}

/** virNetworkDHCPLease. */
export interface NativeDHCPLease {
  iface: string;
  /** Seconds since the epoch. */
  expiryTime: number;
  /** virIPAddrType: 0 IPv4, 1 IPv6. */
  type: number;
  mac: string | null;
  /** IPv6 IAID, null for IPv4. */
  iaid: string | null;
  ipaddr: string;
  prefix: number;
  hostname: string | null;
  clientid: string | null;
}

export interface NativeNetworkApi {
  /** virConnectListAllNetworks; flags: VIR_CONNECT_LIST_NETWORKS_* (0 = all). */
  listAllNetworks(flags: number): Promise<NativeNetworkInfo[]>;
  /** virNetworkLookupByName. */
  networkLookupByName(name: string): Promise<NativeNetworkInfo>;
  /** virNetworkGetXMLDesc; flags: VIR_NETWORK_XML_INACTIVE (1) for the persistent config. */
  networkGetXMLDesc(uuid: string, flags: number): Promise<string>;
  /** virNetworkDefineXML: defines (or redefines) a persistent network, inactive if new. */
  networkDefineXML(xml: string): Promise<NativeNetworkInfo>;
  /** virNetworkUndefine: a running network stays until destroyed, then disappears. */
  networkUndefine(uuid: string): Promise<void>;
  /** virNetworkCreate: starts a defined network. */
  networkCreate(uuid: string): Promise<void>;
  /** virNetworkDestroy: stops it (hard). */
  networkDestroy(uuid: string): Promise<void>;
  /** virNetworkGetAutostart. */
  networkGetAutostart(uuid: string): Promise<boolean>;
  /** virNetworkSetAutostart (persistent networks only). */
  networkSetAutostart(uuid: string, autostart: boolean): Promise<void>;
  /** virNetworkGetDHCPLeases; `mac` null = all leases. Unsupported by the test driver (code 3). */
  networkGetDHCPLeases(uuid: string, mac: string | null): Promise<NativeDHCPLease[]>;
  /**
   * virNetworkUpdate. command: virNetworkUpdateCommand (1 MODIFY, 2 DELETE,
   * 3 ADD_LAST, 4 ADD_FIRST); section: virNetworkUpdateSection (4 IP_DHCP_HOST,
   * 5 IP_DHCP_RANGE, 10 DNS_HOST, ...); parentIndex: which <ip> (-1 = the
   * first/any); xml: the element, e.g. `<host mac=... ip=.../>`; flags:
   * VIR_NETWORK_UPDATE_AFFECT_LIVE (1) | AFFECT_CONFIG (2).
   */
  networkUpdate(
    uuid: string,
    command: number,
    section: number,
    parentIndex: number,
    xml: string,
    flags: number,
  ): Promise<void>;
}
