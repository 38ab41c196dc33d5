// Node device methods of NativeConnection (see ../addon.d.ts).
// Implemented in ../node-device-calls.cc. Devices are addressed by name.

export interface NativeNodeDevice {
  /** virNodeDeviceGetName, e.g. "pci_0000_00_02_0", "net_eth0_52_54_00_00_00_01". */
  name: string;
  /** virNodeDeviceGetParent; null for the root device ("computer"). */
  parent: string | null;
  /** virNodeDeviceListCaps: capability names ("pci", "net", "storage", "scsi_host", ...). */
  caps: string[];
}

export interface NativeNodeDeviceApi {
  /** virConnectListAllNodeDevices. `flags`: VIR_CONNECT_LIST_NODE_DEVICES_CAP_* filter bits (0 = all). */
  listAllNodeDevices(flags: number): Promise<NativeNodeDevice[]>;
  /** virNodeDeviceLookupByName + virNodeDeviceGetXMLDesc. Unknown name: VIR_ERR_NO_NODE_DEVICE (53). `flags` 0. */
  nodeDeviceGetXMLDesc(name: string, flags?: number): Promise<string>;
  /** virNodeDeviceCreateXML: creates a transient device (e.g. an NPIV vHBA under a vport-capable scsi_host). `flags`: VIR_NODE_DEVICE_CREATE_XML_VALIDATE (1) or 0. */
  nodeDeviceCreateXML(xml: string, flags: number): Promise<NativeNodeDevice>;
  /** virNodeDeviceDestroy: removes a device created by nodeDeviceCreateXML (or stops a defined mediated device). */
  nodeDeviceDestroy(name: string): Promise<void>;
}
