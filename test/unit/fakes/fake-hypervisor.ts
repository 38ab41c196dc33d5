import type { Socket } from 'node:net';
// In-memory stand-in for the libvirt wrapper, for unit tests of the services only.
import { LibvirtError } from '../../../main/libvirt/libvirt-error';
import type { ByteStream, CloseReason, DomainCounters, DomainInfo, DomainStatsRecord, Hypervisor, HypervisorConnection, LifecycleEvent, NetworkSummary, NodeCpuTimes, NodeMemory, StoragePoolInfo, StorageVolumeInfo, VolumeUpload } from '../../../main/libvirt/types';

export class FakeConnection implements HypervisorConnection {
  domains = new Map<string, DomainInfo>();
  lifecycle = new Set<(e: LifecycleEvent) => void>();
  closeListener?: (r: CloseReason) => void;
  closed = false;
  calls: string[] = [];
  failNext?: LibvirtError;

  constructor(readonly uri: string, domains: DomainInfo[] = []) {
    for (const d of domains) this.domains.set(d.uuid, d);
  }
  private check(call: string): void {
    this.calls.push(call);
    if (this.closed) throw new LibvirtError('connection closed', 6, 0, 2);
    const f = this.failNext;
    if (f) {
      this.failNext = undefined;
      throw f;
    }
  }
  private get(uuid: string): DomainInfo {
    const d = this.domains.get(uuid);
    if (!d) throw new LibvirtError(`Domain not found: no domain with matching uuid '${uuid}'`, 42, 10, 2);
    return d;
  }
  async close() {
    this.closed = true;
  }
  async hostname() {
    this.check('hostname');
    return 'fakehost';
  }
  async libVersion() {
    return '9.0.0';
  }
  async isAlive() {
    return !this.closed;
  }
  async setKeepAlive() {}
  async listDomains() {
    this.check('listDomains');
    return [...this.domains.values()].map((d) => ({ ...d }));
  }
  async domainInfo(uuid: string) {
    this.check(`domainInfo ${uuid}`);
    return { ...this.get(uuid) };
  }
  async domainXml(uuid: string) {
    this.check(`domainXml ${uuid}`);
    return this.xmls.get(uuid) ?? `<domain><name>${this.get(uuid).name}</name></domain>`;
  }
  /** Defined XML by uuid (defineXml keeps what it was given). */
  xmls = new Map<string, string>();
  async defineXml(xml: string, flags?: number): Promise<DomainInfo> {
    this.check(flags === undefined ? 'defineXml' : `defineXml ${flags}`);
    const name = /<name>([^<]*)<\/name>/.exec(xml)?.[1] ?? 'unnamed';
    const uuid = /<uuid>([^<]*)<\/uuid>/.exec(xml)?.[1] ?? `00000000-0000-4000-8000-${String(this.domains.size + 100).padStart(12, '0')}`;
    // Redefining a running guest changes its persistent config only: it keeps running.
    const before = this.domains.get(uuid);
    const info: DomainInfo = before ? { ...before, name, persistent: true } : { uuid, name, id: -1, state: 5, reason: 0, persistent: true, title: '', hasManagedSave: false };
    this.domains.set(uuid, info);
    this.xmls.set(uuid, xml);
    this.fire({ uuid, name, event: 0, detail: 0 });
    return { ...info };
  }
  async undefine(uuid: string) {
    this.check(`undefine ${uuid}`);
    this.get(uuid);
    this.domains.delete(uuid);
    this.xmls.delete(uuid);
  }
  private setState(uuid: string, state: number, id: number, event: number) {
    const d = this.get(uuid);
    this.domains.set(uuid, { ...d, state, id, reason: 1 });
    this.fire({ uuid, name: d.name, event, detail: 0 });
  }
  async start(uuid: string) {
    this.check(`start ${uuid}`);
    this.setState(uuid, 1, 7, 2);
  }
  async shutdown(uuid: string) {
    this.check(`shutdown ${uuid}`);
    this.setState(uuid, 5, -1, 5);
  }
  async reboot(uuid: string) {
    this.check(`reboot ${uuid}`);
  }
  async destroy(uuid: string) {
    this.check(`destroy ${uuid}`);
    this.setState(uuid, 5, -1, 5);
  }
  async suspend(uuid: string) {
    this.check(`suspend ${uuid}`);
    this.setState(uuid, 3, this.get(uuid).id, 3);
  }
  async resume(uuid: string) {
    this.check(`resume ${uuid}`);
    this.setState(uuid, 1, this.get(uuid).id, 4);
  }
  consoleStreams: { alias: string; written: Uint8Array[]; emit(data: string): void; end(reason?: string): void }[] = [];
  async openConsole(uuid: string, alias: string): Promise<ByteStream> {
    this.check(`openConsole ${uuid} ${alias}`);
    const data: ((c: Buffer) => void)[] = [];
    const closes: ((r?: string) => void)[] = [];
    const record = {
      alias,
      written: [] as Uint8Array[],
      emit: (s: string) => data.forEach((l) => l(Buffer.from(s))),
      end: (reason?: string) => closes.forEach((l) => l(reason)),
    };
    this.consoleStreams.push(record);
    return {
      write: (c) => void record.written.push(c),
      pause() {},
      resume() {},
      close: () => record.end(),
      onData: (l) => void data.push(l),
      onClose: (l) => void closes.push(l),
    };
  }
  /** Set to a socket to answer openGraphicsSocket; unset, it fails as over a remote link. */
  graphicsSocket: Socket | undefined;
  async openGraphicsSocket(uuid: string): Promise<Socket> {
    this.check(`openGraphicsSocket ${uuid}`);
    if (!this.graphicsSocket) throw new Error('virDomainOpenGraphicsFD: not supported over this link');
    return this.graphicsSocket;
  }
  /** Bulk stats records by uuid; a driver without bulk stats returns state only (like libvirt's test driver). */
  stats = new Map<string, DomainStatsRecord['params']>();
  counters = new Map<string, DomainCounters>();
  nodeCpu?: NodeCpuTimes;
  nodeMem?: NodeMemory;
  capabilitiesXml = "<capabilities><host><cpu><arch>x86_64</arch></cpu></host><guest><arch name='x86_64'><domain type='qemu'/><domain type='kvm'/></arch></guest></capabilities>";
  async allDomainStats(mask: number): Promise<DomainStatsRecord[]> {
    this.check(`allDomainStats ${mask}`);
    return [...this.domains.values()].filter((d) => d.id >= 0).map((d) => ({ uuid: d.uuid, params: this.stats.get(d.uuid) ?? { 'state.state': d.state } }));
  }
  async domainCounters(uuids: readonly string[]): Promise<(DomainCounters | null)[]> {
    this.check(`domainCounters ${uuids.join(' ')}`);
    return uuids.map((u) => this.counters.get(u) ?? null);
  }
  async nodeSummary() {
    this.check('nodeSummary');
    return { cpus: 4, memoryKiB: 8 * 1024 * 1024 };
  }
  async nodeCpuTimes(): Promise<NodeCpuTimes> {
    this.check('nodeCpuTimes');
    if (!this.nodeCpu) throw new LibvirtError('this function is not supported by the connection driver: virNodeGetCPUStats', 3, 10, 2);
    return this.nodeCpu;
  }
  async nodeMemory(): Promise<NodeMemory> {
    this.check('nodeMemory');
    if (!this.nodeMem) throw new LibvirtError('this function is not supported by the connection driver: virNodeGetMemoryStats', 3, 10, 2);
    return this.nodeMem;
  }
  async capabilities() {
    this.check('capabilities');
    return this.capabilitiesXml;
  }
  domainCapabilitiesXml = "<domainCapabilities><os supported='yes'><enum name='firmware'/></os><devices><tpm supported='yes'><enum name='backendModel'><value>passthrough</value></enum></tpm></devices></domainCapabilities>";
  async domainCapabilities() {
    this.check('domainCapabilities');
    return this.domainCapabilitiesXml;
  }
  /** Pools by uuid, with their stats and volumes (keys are paths, as for dir pools). */
  pools = new Map<string, StoragePoolInfo & { path: string; capacity: number; available: number; volumes: StorageVolumeInfo[] }>();
  addPool(name: string, path: string, capacity: number, available: number) {
    const uuid = `10000000-0000-4000-8000-${String(this.pools.size + 1).padStart(12, '0')}`;
    this.pools.set(uuid, { uuid, name, active: true, persistent: true, autostart: true, path, capacity, available, volumes: [] });
    return uuid;
  }
  private pool(uuid: string) {
    const p = this.pools.get(uuid);
    if (!p) throw new LibvirtError('Storage pool not found', 49, 18, 2);
    return p;
  }
  async listPools() {
    this.check('listPools');
    return [...this.pools.values()].map(({ uuid, name, active, persistent, autostart }) => ({ uuid, name, active, persistent, autostart }));
  }
  async poolStats(uuid: string) {
    const p = this.pool(uuid);
    return { state: 2, capacity: p.capacity, allocation: p.capacity - p.available, available: p.available };
  }
  async poolXml(uuid: string) {
    const p = this.pool(uuid);
    return `<pool type='dir'><name>${p.name}</name><target><path>${p.path}</path></target></pool>`;
  }
  async createPersistentPool(xml: string) {
    this.check('createPersistentPool');
    const name = /<name>([^<]*)<\/name>/.exec(xml)![1]!;
    const path = /<path>([^<]*)<\/path>/.exec(xml)![1]!;
    const uuid = this.addPool(name, path, 100 * 2 ** 30, 50 * 2 ** 30);
    const { volumes: _v, capacity: _c, available: _a, path: _p, ...info } = this.pool(uuid);
    return info;
  }
  async refreshPool(uuid: string) {
    this.pool(uuid);
  }
  async listVolumes(poolUuid: string) {
    return [...this.pool(poolUuid).volumes];
  }
  async createVolume(poolUuid: string, xml: string) {
    this.check(`createVolume ${poolUuid}`);
    const p = this.pool(poolUuid);
    const name = /<name>([^<]*)<\/name>/.exec(xml)![1]!;
    const capacity = Number(/<capacity[^>]*>(\d+)</.exec(xml)![1]);
    if (p.volumes.some((v) => v.name === name)) throw new LibvirtError(`storage volume '${name}' exists already`, 90, 18, 2);
    const vol = { name, key: `${p.path}/${name}`, path: `${p.path}/${name}`, type: 0, capacity, allocation: 0 };
    p.volumes.push(vol);
    return { ...vol };
  }
  async deleteVolume(key: string) {
    this.check(`deleteVolume ${key}`);
    for (const p of this.pools.values()) {
      const i = p.volumes.findIndex((v) => v.key === key);
      if (i >= 0) {
        p.volumes.splice(i, 1);
        return;
      }
    }
    throw new LibvirtError('Storage volume not found', 50, 18, 2);
  }
  async volumeByPath(path: string) {
    for (const p of this.pools.values()) for (const v of p.volumes) if (v.path === path) return { ...v };
    return null;
  }
  async uploadVolume(): Promise<VolumeUpload> {
    return { write: async () => undefined, finish: async () => undefined, abort: async () => undefined };
  }
  networks: NetworkSummary[] = [];
  async listNetworks() {
    return this.networks.map((n) => ({ ...n }));
  }
  async networkXml(uuid: string) {
    const n = this.networks.find((x) => x.uuid === uuid);
    return `<network><name>${n?.name ?? ''}</name></network>`;
  }
  /** `${uuid} ${type} ${uri}` → stored metadata. */
  metadata = new Map<string, string>();
  metadataListeners = new Set<(uuid: string) => void>();
  async getMetadata(uuid: string, type: number, uri: string | null = null) {
    this.check(`getMetadata ${uuid} ${type}`);
    this.get(uuid);
    return this.metadata.get(`${uuid} ${type} ${uri ?? ''}`) ?? null;
  }
  async setMetadata(uuid: string, type: number, metadata: string | null, _key: string | null = null, uri: string | null = null) {
    this.check(`setMetadata ${uuid} ${type}`);
    this.get(uuid);
    const k = `${uuid} ${type} ${uri ?? ''}`;
    if (metadata) this.metadata.set(k, metadata);
    else this.metadata.delete(k);
    for (const l of this.metadataListeners) l(uuid);
  }
  autostart = new Map<string, boolean>();
  async domainAutostart(uuid: string) {
    this.check(`domainAutostart ${uuid}`);
    this.get(uuid);
    return this.autostart.get(uuid) ?? false;
  }
  async setDomainAutostart(uuid: string, on: boolean) {
    this.check(`setDomainAutostart ${uuid} ${on}`);
    this.get(uuid);
    this.autostart.set(uuid, on);
  }
  async rename(uuid: string, newName: string) {
    this.check(`rename ${uuid} ${newName}`);
    const d = this.get(uuid);
    if (d.id >= 0) throw new LibvirtError('Requested operation is not valid: cannot rename active domain', 55, 10, 2);
    if ([...this.domains.values()].some((x) => x.name === newName)) throw new LibvirtError(`domain '${newName}' already exists`, 9, 10, 2);
    this.domains.set(uuid, { ...d, name: newName });
    this.fire({ uuid, name: newName, event: 0, detail: 2 });
  }
  async onMetadataChange(listener: (uuid: string) => void) {
    this.metadataListeners.add(listener);
    return async () => void this.metadataListeners.delete(listener);
  }
  fire(e: LifecycleEvent) {
    for (const l of this.lifecycle) l(e);
  }
  async onDomainLifecycle(listener: (e: LifecycleEvent) => void) {
    this.lifecycle.add(listener);
    return async () => void this.lifecycle.delete(listener);
  }
  async onClose(listener: (r: CloseReason) => void) {
    this.closeListener = listener;
  }
}

export class FakeHypervisor implements Hypervisor {
  hosts = new Map<string, () => FakeConnection>();
  opened: FakeConnection[] = [];
  async open(uri: string): Promise<HypervisorConnection> {
    const make = this.hosts.get(uri);
    if (!make) throw new LibvirtError(`no connection driver available for ${uri}`, 60, 0, 2);
    const c = make();
    this.opened.push(c);
    return c;
  }
}

export function domainInfo(name: string, n: number, state = 1): DomainInfo {
  return {
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name,
    id: state === 1 || state === 3 ? n : -1,
    state,
    reason: 1,
    persistent: true,
    title: '',
    hasManagedSave: false,
  };
}

export class RecordingSink {
  events: { name: string; payload: unknown }[] = [];
  emit(name: string, payload: unknown) {
    this.events.push({ name, payload });
  }
  named(name: string) {
    return this.events.filter((e) => e.name === name).map((e) => e.payload);
  }
}

export const flush = () => new Promise((r) => setTimeout(r, 0));
