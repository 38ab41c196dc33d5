// The only module the rest of main uses to reach libvirt.
import { Socket } from 'node:net';
import { openLibvirt, openLibvirtAuth, type LibvirtConnection } from './connection';
import { nativeByteStream } from './native-byte-stream';
import { LibvirtError, VIR_ERR } from './libvirt-error';
import type { NetworkSummary, StoragePoolInfo, StoragePoolStats, StorageVolumeInfo, VolumeUpload } from './types';
import type { ByteStream, CloseReason, DomainCounters, DomainInfo, DomainStatsRecord, Hypervisor, HypervisorConnection, LifecycleEvent, MetadataType, NodeCpuTimes, NodeMemory, NodeSummary, OpenOptions } from './types';

export { LibvirtError, VIR_ERR } from './libvirt-error';
export { openLibvirt, openLibvirtAuth, toCredentialRequest, VIR_CRED, type LibvirtConnection } from './connection';
export { DOMAIN_EVENT, toDomainState } from './domain-state';
export type * from './types';
export { METADATA_TYPE } from './types';

const VIR_DOMAIN_CONSOLE_FORCE = 1;
const VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE = 1;
const VIR_DOMAIN_AFFECT_LIVE = 1;
const VIR_DOMAIN_AFFECT_CONFIG = 2;

const VIR_STORAGE_XML_INACTIVE = 1;
const VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA = 1;
const VIR_ERR_NO_STORAGE_VOL = 50;

function volumeInfo(v: { name: string; key: string; path: string; type: number; capacity: number | bigint; allocation: number | bigint }): StorageVolumeInfo {
  return { name: v.name, key: v.key, path: v.path, type: v.type, capacity: Number(v.capacity), allocation: Number(v.allocation) };
}

const CLOSE_REASONS: readonly CloseReason[] = ['error', 'eof', 'keepalive', 'client'];

function versionString(v: number): string {
  return `${Math.floor(v / 1_000_000)}.${Math.floor(v / 1000) % 1000}.${v % 1000}`;
}

class NativeHypervisorConnection implements HypervisorConnection {
  constructor(
    readonly uri: string,
    private readonly native: LibvirtConnection,
  ) {}

  close(): Promise<void> {
    return this.native.close();
  }
  hostname(): Promise<string> {
    return this.native.getHostname();
  }
  async libVersion(): Promise<string> {
    return versionString(await this.native.getLibVersion());
  }
  isAlive(): Promise<boolean> {
    return this.native.isAlive();
  }
  setKeepAlive(intervalSec: number, count: number): Promise<void> {
    return this.native.setKeepAlive(intervalSec, count);
  }
  listDomains(): Promise<DomainInfo[]> {
    // VIR_CONNECT_LIST_DOMAINS_* flags 0 = all domains, active and inactive.
    return this.native.listAllDomains(0);
  }
  domainInfo(uuid: string): Promise<DomainInfo> {
    return this.native.domainInfo(uuid);
  }
  domainXml(uuid: string, flags = 0): Promise<string> {
    return this.native.domainGetXMLDesc(uuid, flags);
  }
  defineXml(xml: string, flags?: number): Promise<DomainInfo> {
    return flags === undefined ? this.native.domainDefineXML(xml) : this.native.domainDefineXMLFlags(xml, flags);
  }
  domainAutostart(uuid: string): Promise<boolean> {
    return this.native.domainGetAutostart(uuid);
  }
  setDomainAutostart(uuid: string, autostart: boolean): Promise<void> {
    return this.native.domainSetAutostart(uuid, autostart);
  }
  undefine(uuid: string, flags = 0): Promise<void> {
    return this.native.domainUndefine(uuid, flags);
  }
  start(uuid: string): Promise<void> {
    return this.native.domainCreate(uuid, 0);
  }
  shutdown(uuid: string): Promise<void> {
    return this.native.domainShutdown(uuid, 0);
  }
  reboot(uuid: string): Promise<void> {
    return this.native.domainReboot(uuid, 0);
  }
  destroy(uuid: string): Promise<void> {
    return this.native.domainDestroy(uuid, 0);
  }
  suspend(uuid: string): Promise<void> {
    return this.native.domainSuspend(uuid);
  }
  resume(uuid: string): Promise<void> {
    return this.native.domainResume(uuid);
  }
  async openConsole(uuid: string, alias: string): Promise<ByteStream> {
    // FORCE: a console left open by a crashed client, or by virsh, must not lock the user out.
    return nativeByteStream(await this.native.domainOpenConsole(uuid, alias, VIR_DOMAIN_CONSOLE_FORCE));
  }
  async openGraphicsSocket(uuid: string): Promise<Socket> {
    const fd = await this.native.domainOpenGraphicsFD(uuid, 0, 0);
    return new Socket({ fd, readable: true, writable: true });
  }
  allDomainStats(statsMask: number): Promise<DomainStatsRecord[]> {
    return this.native.getAllDomainStats(statsMask, VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE);
  }
  async domainCounters(uuids: readonly string[]): Promise<(DomainCounters | null)[]> {
    const c = await this.native.domainGetInfoMany([...uuids]);
    return Array.from(c.found, (found, i) =>
      found ? { cpuTimeNs: c.cpuTime[i]!, vcpus: c.nrVirtCpu[i]!, memoryKiB: c.memory[i]!, maxMemKiB: c.maxMem[i]! } : null,
    );
  }
  async nodeSummary(): Promise<NodeSummary> {
    const info = await this.native.nodeGetInfo();
    return { cpus: info.cpus, memoryKiB: info.memoryKiB };
  }
  async nodeCpuTimes(): Promise<NodeCpuTimes> {
    const p = await this.native.nodeGetCPUStats(-1, 0);
    const n = (k: string) => (typeof p[k] === 'number' || typeof p[k] === 'bigint' ? Number(p[k]) : 0);
    const busyNs = n('user') + n('kernel') + n('iowait');
    return { busyNs, totalNs: busyNs + n('idle') };
  }
  async nodeMemory(): Promise<NodeMemory> {
    const p = await this.native.nodeGetMemoryStats(-1, 0);
    const n = (k: string) => (typeof p[k] === 'number' || typeof p[k] === 'bigint' ? Number(p[k]) : 0);
    return { totalKiB: n('total'), availableKiB: n('free') + n('buffers') + n('cached') };
  }
  capabilities(): Promise<string> {
    return this.native.getCapabilities();
  }
  domainCapabilities(arch: string | null, machine: string | null, virtType: string | null): Promise<string> {
    return this.native.getDomainCapabilities(null, arch, machine, virtType, 0);
  }
  listPools(): Promise<StoragePoolInfo[]> {
    return this.native.listAllStoragePools(0);
  }
  async poolStats(uuid: string): Promise<StoragePoolStats> {
    const s = await this.native.storagePoolGetInfo(uuid);
    return { state: s.state, capacity: Number(s.capacity), allocation: Number(s.allocation), available: Number(s.available) };
  }
  poolXml(uuid: string, inactive = false): Promise<string> {
    return this.native.storagePoolGetXMLDesc(uuid, inactive ? VIR_STORAGE_XML_INACTIVE : 0);
  }
  async createPersistentPool(xml: string): Promise<StoragePoolInfo> {
    const pool = await this.native.storagePoolDefineXML(xml, 0);
    try {
      await this.native.storagePoolBuild(pool.uuid, 0);
      await this.native.storagePoolCreate(pool.uuid, 0);
      await this.native.storagePoolSetAutostart(pool.uuid, true);
    } catch (err) {
      await this.native.storagePoolDestroy(pool.uuid).catch(() => undefined);
      await this.native.storagePoolUndefine(pool.uuid).catch(() => undefined);
      throw err;
    }
    return this.native.storagePoolLookupByName(pool.name);
  }
  refreshPool(uuid: string): Promise<void> {
    return this.native.storagePoolRefresh(uuid, 0);
  }
  async listVolumes(poolUuid: string): Promise<StorageVolumeInfo[]> {
    return (await this.native.storagePoolListAllVolumes(poolUuid)).map(volumeInfo);
  }
  async createVolume(poolUuid: string, xml: string, preallocate = false): Promise<StorageVolumeInfo> {
    return volumeInfo(await this.native.storageVolCreateXML(poolUuid, xml, preallocate ? VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA : 0));
  }
  deleteVolume(key: string): Promise<void> {
    return this.native.storageVolDelete(key, 0);
  }
  async volumeByPath(path: string): Promise<StorageVolumeInfo | null> {
    try {
      return volumeInfo(await this.native.storageVolLookupByPath(path));
    } catch (err) {
      if (err instanceof LibvirtError && err.code === VIR_ERR_NO_STORAGE_VOL) return null;
      throw err;
    }
  }
  async uploadVolume(key: string): Promise<VolumeUpload> {
    const stream = await this.native.storageVolUpload(key, 0, 0, 0);
    return { write: (chunk) => stream.write(chunk), finish: () => stream.finish(), abort: () => stream.abort() };
  }
  listNetworks(): Promise<NetworkSummary[]> {
    return this.native.listAllNetworks(0);
  }
  networkXml(uuid: string): Promise<string> {
    return this.native.networkGetXMLDesc(uuid, 0);
  }
  async getMetadata(uuid: string, type: MetadataType, uri: string | null = null): Promise<string | null> {
    try {
      return await this.native.domainGetMetadata(uuid, type, uri, 0);
    } catch (err) {
      if (err instanceof LibvirtError && err.code === VIR_ERR.NO_DOMAIN_METADATA) return null;
      throw err;
    }
  }
  async setMetadata(uuid: string, type: MetadataType, metadata: string | null, key: string | null = null, uri: string | null = null): Promise<void> {
    // Both the running guest and its definition when it has both, so the
    // change shows now and survives the next boot; else whichever it has.
    const info = await this.native.domainInfo(uuid);
    const flags = (info.id >= 0 ? VIR_DOMAIN_AFFECT_LIVE : 0) | (info.persistent ? VIR_DOMAIN_AFFECT_CONFIG : 0);
    return this.native.domainSetMetadata(uuid, type, metadata, key, uri, flags);
  }
  rename(uuid: string, newName: string): Promise<void> {
    return this.native.domainRename(uuid, newName, 0);
  }
  async onMetadataChange(listener: (uuid: string) => void): Promise<() => Promise<void>> {
    const id = await this.native.onDomainEvent('metadata-change', (uuid) => listener(uuid));
    return () => this.native.deregisterEvent(id);
  }
  /**
   * libvirt refuses a second lifecycle registration on one connection with
   * the same C callback ("event callback already tracked"; it ignores the
   * opaque pointer), and the binding has one C callback: so one native
   * registration per connection, fanned out to every listener. Registering
   * and deregistering run one at a time, so a last listener leaving never
   * races a new one arriving.
   */
  async onDomainLifecycle(listener: (event: LifecycleEvent) => void): Promise<() => Promise<void>> {
    await this.lifecycleSerial(async () => {
      if (this.lifecycleId === undefined) {
        this.lifecycleId = await this.native.onDomainLifecycle((uuid, name, event, detail) => {
          for (const l of [...this.lifecycleListeners]) l({ uuid, name, event, detail });
        });
      }
      this.lifecycleListeners.add(listener);
    });
    let removed = false;
    return () =>
      this.lifecycleSerial(async () => {
        if (removed) return;
        removed = true;
        this.lifecycleListeners.delete(listener);
        if (this.lifecycleListeners.size > 0 || this.lifecycleId === undefined) return;
        const id = this.lifecycleId;
        this.lifecycleId = undefined;
        await this.native.deregisterEvent(id);
      });
  }
  private lifecycleId: number | undefined;
  private readonly lifecycleListeners = new Set<(event: LifecycleEvent) => void>();
  private lifecycleChain: Promise<unknown> = Promise.resolve();
  private lifecycleSerial(op: () => Promise<void>): Promise<void> {
    const run = this.lifecycleChain.then(op);
    this.lifecycleChain = run.catch(() => undefined);
    return run;
  }
  onClose(listener: (reason: CloseReason) => void): Promise<void> {
    return this.native.onClose((reason) => listener(CLOSE_REASONS[reason] ?? 'error'));
  }
}

/** The real hypervisor access, through our Node-API binding. */
export const libvirt: Hypervisor = {
  async open(uri: string, options: OpenOptions = {}): Promise<HypervisorConnection> {
    const native = options.authenticate
      ? await openLibvirtAuth(uri, options.authenticate, options.authTimeoutMs !== undefined ? { timeoutMs: options.authTimeoutMs } : {})
      : await openLibvirt(uri);
    return new NativeHypervisorConnection(uri, native);
  },
};
