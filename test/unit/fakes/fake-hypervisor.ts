import type { Socket } from 'node:net';
// In-memory stand-in for the libvirt wrapper, for unit tests of the services only.
import { LibvirtError } from '../../../main/libvirt/libvirt-error';
import type { ByteStream, CloseReason, DomainCounters, DomainInfo, DomainStatsRecord, Hypervisor, HypervisorConnection, LifecycleEvent, NodeCpuTimes, NodeMemory } from '../../../main/libvirt/types';

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
    return `<domain><name>${this.get(uuid).name}</name></domain>`;
  }
  async defineXml(): Promise<DomainInfo> {
    throw new Error('not used');
  }
  async undefine(uuid: string) {
    this.check(`undefine ${uuid}`);
    this.domains.delete(uuid);
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
