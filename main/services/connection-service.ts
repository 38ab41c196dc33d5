import { defaultConnectionLabel, type ConnectionInfo, type ConnectionOptions, type ConnectionState, type DomainSummary } from '../../preload/contract';
import type { ConnectionStore, SavedConnection } from './connection-store';
import { LibvirtError, METADATA_TYPE, VIR_ERR, type Authenticator, type CloseReason, type Hypervisor, type HypervisorConnection, type LifecycleEvent, type OpenOptions } from '../libvirt';
import { parseTags } from '../libvirt/xml/domain-tags';
import { VIRTDESK_XMLNS } from '../../preload/contract';
import { toDomainSummary } from './domain-summary';
import { virtualizationWarning } from './host-check';
import type { EventSink, Logger } from './event-sink';
import { ServiceError } from './service-error';

interface Entry {
  info: ConnectionInfo;
  /** The user's own name, if they gave one (info.label falls back to the default). */
  customLabel?: string;
  conn?: HypervisorConnection;
  /** Last known domains, kept (and shown stale) while disconnected. */
  domains: Map<string, DomainSummary>;
  unsubscribe?: () => Promise<void>;
  unsubscribeMetadata?: () => Promise<void>;
  /** Background metadata reads: uuids waiting, reads in flight, results not yet announced. */
  metadata: { queue: string[]; queued: Set<string>; active: number; ready: Map<string, DomainSummary>; flush?: ReturnType<typeof setTimeout> };
  /** Per-domain refresh coalescing: uuid → whether another refresh is wanted. */
  refreshing: Map<string, boolean>;
  /** Automatic reconnection after a lost link (never after a user close or a failed first open). */
  retry?: { attempt: number; timer: ReturnType<typeof setTimeout> };
}

/**
 * Delays between reconnect attempts. Local daemons come back in seconds (a
 * restart), so local hosts stay at 2 s at most and reconnect within ~2 s of
 * the daemon's return; remote hosts back off further to spare the network.
 */
export function reconnectDelayMs(attempt: number, remote: boolean): number {
  const steps = [500, 1000, 2000, 4000, 8000, 15000];
  return Math.min(steps[Math.min(attempt, steps.length - 1)]!, remote ? 15000 : 2000);
}

function isRemote(uri: string): boolean {
  // A host part: qemu+ssh://host/system, qemu+tcp://host/system; not qemu:///system.
  return /^[a-z0-9]+(\+[a-z0-9]+)?:\/\/[^/]/i.test(uri);
}

/**
 * Metadata reads in flight per connection. Each connection has one libvirt
 * worker thread, so this bounds how far a user's action can queue behind the
 * background reads of a large host.
 */
export const METADATA_CONCURRENCY = 4;
/** Metadata read in the background is announced in batches, at most this often. */
export const METADATA_FLUSH_MS = 100;

const CLOSE_REASON_TEXT: Record<CloseReason, string> = {
  error: 'The connection failed',
  eof: 'The host closed the connection',
  keepalive: 'The host stopped answering (keepalive timeout)',
  client: 'Disconnected',
};

/**
 * Owns every libvirt connection: opens them, follows their domains through
 * lifecycle events (no polling) and reports state changes as contract events.
 */
export class ConnectionService {
  private readonly entries = new Map<string, Entry>();
  private nextId = 1;
  private readonly stateListeners = new Set<(info: ConnectionInfo) => void>();

  constructor(
    private readonly hypervisor: Hypervisor,
    private readonly events: EventSink,
    private readonly log: Logger,
    private readonly store?: ConnectionStore,
    /** Asks the user for credentials when a host needs them (user-started opens only; reconnects never prompt). */
    private readonly auth?: { authenticator(uri: string): Authenticator; readonly libvirtTimeoutMs: number },
  ) {}

  /** Called on every state change of every connection (after the event went out). */
  onStateChange(listener: (info: ConnectionInfo) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  list(): ConnectionInfo[] {
    return [...this.entries.values()].map((e) => e.info);
  }

  /** Lists the saved connections (not connected yet); returns those to open at startup. */
  loadSaved(): SavedConnection[] {
    const saved = this.store?.load() ?? [];
    for (const s of saved) {
      if (this.byUri(s.uri)) continue;
      this.events.emit('connections.changed', this.addEntry(s.uri, { saved: true, autoconnect: s.autoconnect, label: s.label }).info);
    }
    return saved.filter((s) => s.autoconnect);
  }

  /**
   * Opens the autoconnect connections one at a time, as virt-manager does, so
   * that SSH or polkit prompts never pile up.
   */
  async openInTurn(uris: readonly string[]): Promise<void> {
    for (const uri of uris) await this.open(uri);
  }

  /** Remembers `uri` (with its options) and connects it. */
  async add(uri: string, options: ConnectionOptions): Promise<ConnectionInfo> {
    const entry = this.byUri(uri) ?? this.addEntry(uri, { saved: true, autoconnect: options.autoconnect, label: options.label });
    this.applyOptions(entry, options, true);
    return this.open(uri);
  }

  async connect(connectionId: string): Promise<ConnectionInfo> {
    return this.open(this.entry(connectionId).info.uri);
  }

  /** Disconnects and forgets a connection. */
  async remove(connectionId: string): Promise<void> {
    const entry = this.entry(connectionId);
    await this.close(connectionId);
    this.entries.delete(connectionId);
    this.events.emit('connections.removed', { connectionId });
    if (entry.info.saved) this.persist();
  }

  update(connectionId: string, options: ConnectionOptions): ConnectionInfo {
    const entry = this.entry(connectionId);
    this.applyOptions(entry, options, entry.info.saved);
    return entry.info;
  }

  /** Opens `uri`, or returns the connection already open (or opening) for it. A failure is a state, not a throw. */
  async open(uri: string): Promise<ConnectionInfo> {
    const existing = this.byUri(uri);
    if (existing && existing.info.state.kind !== 'disconnected') return existing.info;
    const entry = existing ?? this.addEntry(uri);
    this.cancelRetry(entry);
    this.setState(entry, { kind: 'connecting' });
    try {
      await this.attach(entry, await this.hypervisor.open(uri, this.promptingOptions(uri)));
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      this.log.warn(`could not connect to ${uri}: ${detail}`);
      this.setState(entry, { kind: 'disconnected', reason: `Could not connect to ${uri}`, detail });
    }
    return entry.info;
  }

  /**
   * Opens the first URI that answers, silently skipping the others: used for
   * the default connection, where a missing daemon is not an error.
   */
  async openFirstAvailable(uris: readonly string[]): Promise<ConnectionInfo | undefined> {
    for (const uri of uris) {
      let conn: HypervisorConnection;
      try {
        conn = await this.hypervisor.open(uri);
      } catch (err) {
        this.log.info(`${uri} is not available: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      const entry = this.addEntry(uri);
      this.setState(entry, { kind: 'connecting' });
      try {
        await this.attach(entry, conn);
      } catch (err) {
        this.setState(entry, { kind: 'disconnected', reason: `Could not connect to ${uri}`, detail: String(err) });
      }
      return entry.info;
    }
    return undefined;
  }

  /** Disconnects on the user's request; the row stays, its domains go. */
  async close(connectionId: string): Promise<void> {
    const entry = this.entry(connectionId);
    this.cancelRetry(entry);
    const conn = entry.conn;
    this.detach(entry);
    entry.domains.clear();
    this.events.emit('domains.listed', { connectionId, domains: [] });
    this.setState(entry, { kind: 'disconnected', reason: CLOSE_REASON_TEXT.client });
    if (conn) await conn.close().catch((err) => this.log.warn(`closing ${entry.info.uri}: ${String(err)}`));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }

  /** The live connection, or a ServiceError the user can read. */
  connection(connectionId: string): HypervisorConnection {
    const entry = this.entry(connectionId);
    if (!entry.conn || entry.info.state.kind !== 'connected') {
      throw new ServiceError('not-connected', `${entry.info.uri} is not connected`);
    }
    return entry.conn;
  }

  domains(connectionId: string): DomainSummary[] {
    return [...this.entry(connectionId).domains.values()];
  }

  domain(connectionId: string, uuid: string): DomainSummary | undefined {
    return this.entries.get(connectionId)?.domains.get(uuid);
  }

  /** Re-reads one domain after we acted on it, in case its event is slow or missing. */
  refreshDomain(connectionId: string, uuid: string): void {
    const entry = this.entries.get(connectionId);
    if (entry?.conn) this.scheduleRefresh(entry, entry.conn, uuid);
  }

  private promptingOptions(uri: string): OpenOptions {
    return this.auth ? { authenticate: this.auth.authenticator(uri), authTimeoutMs: this.auth.libvirtTimeoutMs } : {};
  }

  /** Reads the description and tags of one domain again (after our own write, or a metadata event). */
  refreshMetadata(connectionId: string, uuid: string): void {
    const entry = this.entries.get(connectionId);
    if (entry?.conn) this.queueMetadata(entry, entry.conn, [uuid]);
  }

  /** Records what we just wrote, so the row changes without waiting for the re-read. */
  applyMetadata(connectionId: string, uuid: string, patch: Partial<Pick<DomainSummary, 'description' | 'tags'>>): DomainSummary | undefined {
    const entry = this.entries.get(connectionId);
    const old = entry?.domains.get(uuid);
    if (!entry || !old) return undefined;
    const summary: DomainSummary = { ...old, ...patch, metadataLoaded: true };
    entry.domains.set(uuid, summary);
    this.events.emit('domains.changed', summary);
    return summary;
  }

  private queueMetadata(entry: Entry, conn: HypervisorConnection, uuids: Iterable<string>): void {
    const m = entry.metadata;
    for (const uuid of uuids) {
      if (m.queued.has(uuid)) continue;
      m.queued.add(uuid);
      m.queue.push(uuid);
    }
    while (m.active < METADATA_CONCURRENCY && m.queue.length > 0) {
      const uuid = m.queue.shift()!;
      m.queued.delete(uuid);
      m.active++;
      void this.readMetadata(entry, conn, uuid).finally(() => {
        if (entry.conn !== conn) return;
        m.active--;
        this.queueMetadata(entry, conn, []);
      });
    }
  }

  private async readMetadata(entry: Entry, conn: HypervisorConnection, uuid: string): Promise<void> {
    try {
      const [description, tagsXml] = await Promise.all([
        conn.getMetadata(uuid, METADATA_TYPE.DESCRIPTION),
        conn.getMetadata(uuid, METADATA_TYPE.ELEMENT, VIRTDESK_XMLNS),
      ]);
      const old = entry.domains.get(uuid);
      if (entry.conn !== conn || !old) return;
      const summary: DomainSummary = { ...old, description: description ?? '', tags: parseTags(tagsXml), metadataLoaded: true };
      entry.domains.set(uuid, summary);
      this.announceLater(entry, summary);
    } catch (err) {
      if (entry.conn !== conn) return;
      if (!(err instanceof LibvirtError && err.code === VIR_ERR.NO_DOMAIN)) this.log.warn(`reading metadata of ${uuid} on ${entry.info.uri}: ${String(err)}`);
    }
  }

  /** Background results go out together, so a host of 1,000 guests costs a few events, not 1,000. */
  private announceLater(entry: Entry, summary: DomainSummary): void {
    const m = entry.metadata;
    m.ready.set(summary.uuid, summary);
    m.flush ??= setTimeout(() => {
      m.flush = undefined;
      const domains = [...m.ready.values()].filter((d) => entry.domains.get(d.uuid) === d);
      m.ready.clear();
      if (domains.length > 0) this.events.emit('domains.updated', { connectionId: entry.info.id, domains });
    }, METADATA_FLUSH_MS);
  }

  private resetMetadata(entry: Entry): void {
    const m = entry.metadata;
    if (m.flush) clearTimeout(m.flush);
    entry.metadata = { queue: [], queued: new Set(), active: 0, ready: new Map() };
  }

  private entry(connectionId: string): Entry {
    const entry = this.entries.get(connectionId);
    if (!entry) throw new ServiceError('not-found', `No connection with id ${connectionId}`);
    return entry;
  }

  private byUri(uri: string): Entry | undefined {
    return [...this.entries.values()].find((e) => e.info.uri === uri);
  }

  private addEntry(uri: string, opts: { saved?: boolean; autoconnect?: boolean; label?: string | undefined } = {}): Entry {
    const id = `c${this.nextId++}`;
    const entry: Entry = {
      info: {
        id,
        uri,
        label: opts.label || defaultConnectionLabel(uri),
        saved: opts.saved ?? false,
        autoconnect: opts.autoconnect ?? false,
        state: { kind: 'disconnected', reason: 'Not connected' },
      },
      domains: new Map(),
      refreshing: new Map(),
      metadata: { queue: [], queued: new Set(), active: 0, ready: new Map() },
    };
    if (opts.label) entry.customLabel = opts.label;
    this.entries.set(id, entry);
    return entry;
  }

  private applyOptions(entry: Entry, options: ConnectionOptions, save: boolean): void {
    if (options.label !== undefined) entry.customLabel = options.label || undefined;
    entry.info = {
      ...entry.info,
      saved: entry.info.saved || save,
      autoconnect: options.autoconnect,
      label: entry.customLabel ?? defaultConnectionLabel(entry.info.uri),
    };
    this.events.emit('connections.changed', entry.info);
    if (entry.info.saved) this.persist();
  }

  private persist(): void {
    if (!this.store) return;
    const saved = [...this.entries.values()]
      .filter((e) => e.info.saved)
      .map((e): SavedConnection => ({ uri: e.info.uri, autoconnect: e.info.autoconnect, ...(e.customLabel ? { label: e.customLabel } : {}) }));
    try {
      this.store.save(saved);
    } catch (err) {
      this.log.error(`could not save the connection list: ${String(err)}`);
    }
  }

  private setState(entry: Entry, state: ConnectionState): void {
    entry.info = { ...entry.info, state };
    this.events.emit('connections.changed', entry.info);
    for (const l of this.stateListeners) l(entry.info);
  }

  private async attach(entry: Entry, conn: HypervisorConnection): Promise<void> {
    entry.conn = conn;
    try {
      await conn.onClose((reason) => this.lost(entry, conn, reason));
      // Events first, list second: a change between the two is then seen twice, never missed.
      entry.unsubscribe = await conn.onDomainLifecycle((ev) => this.onLifecycle(entry, conn, ev));
      // Description and tags set by someone else (virsh desc, another Virtdesk). Not every
      // driver has this event: then we re-read only after our own writes.
      entry.unsubscribeMetadata = await conn
        .onMetadataChange((uuid) => {
          if (entry.conn === conn && entry.domains.has(uuid)) this.queueMetadata(entry, conn, [uuid]);
        })
        .catch(() => undefined);
      // Keepalive only works over the network; local drivers refuse it, which is fine.
      await conn.setKeepAlive(5, 3).catch(() => undefined);
      const [hostname, libvirtVersion, domains, capabilities] = await Promise.all([
        conn.hostname(),
        conn.libVersion(),
        conn.listDomains(),
        // A host that will not say is not worth a warning.
        conn.capabilities().catch(() => undefined),
      ]);
      if (entry.conn !== conn) return; // closed or lost meanwhile
      // What we knew (shown stale while disconnected) keeps its description and tags until re-read.
      const known = entry.domains;
      entry.domains = new Map(domains.map((d) => [d.uuid, toDomainSummary(entry.info.id, d, known.get(d.uuid))]));
      this.events.emit('domains.listed', { connectionId: entry.info.id, domains: [...entry.domains.values()] });
      const state: ConnectionState = { kind: 'connected', hostname, libvirtVersion };
      const warning = capabilities === undefined ? undefined : virtualizationWarning(entry.info.uri, hostname, capabilities);
      if (warning) state.virtualizationWarning = warning;
      this.setState(entry, state);
      // Rows first, details after: the list is usable while the metadata comes in.
      this.queueMetadata(entry, conn, entry.domains.keys());
    } catch (err) {
      this.detach(entry);
      await conn.close().catch(() => undefined);
      throw err;
    }
  }

  private detach(entry: Entry): void {
    const unsubscribes = [entry.unsubscribe, entry.unsubscribeMetadata];
    entry.unsubscribe = undefined;
    entry.unsubscribeMetadata = undefined;
    entry.conn = undefined;
    entry.refreshing.clear();
    this.resetMetadata(entry);
    for (const u of unsubscribes) if (u) void u().catch(() => undefined);
  }

  private lost(entry: Entry, conn: HypervisorConnection, reason: CloseReason): void {
    if (entry.conn !== conn) return; // already closed by us
    this.log.warn(`lost ${entry.info.uri}: ${reason}`);
    this.detach(entry);
    void conn.close().catch(() => undefined);
    // The domains stay, shown stale, until the reconnect lists them again.
    this.scheduleRetry(entry, CLOSE_REASON_TEXT[reason], undefined, 0);
  }

  private scheduleRetry(entry: Entry, reason: string, detail: string | undefined, attempt: number): void {
    const delay = reconnectDelayMs(attempt, isRemote(entry.info.uri));
    const timer = setTimeout(() => void this.reconnect(entry, reason), delay);
    timer.unref?.();
    entry.retry = { attempt, timer };
    const state: ConnectionState = { kind: 'disconnected', reason, retryAt: Date.now() + delay };
    if (detail !== undefined) state.detail = detail;
    this.setState(entry, state);
  }

  private cancelRetry(entry: Entry): void {
    if (entry.retry) clearTimeout(entry.retry.timer);
    entry.retry = undefined;
  }

  private async reconnect(entry: Entry, reason: string): Promise<void> {
    const attempt = entry.retry?.attempt ?? 0;
    entry.retry = undefined;
    try {
      const conn = await this.hypervisor.open(entry.info.uri);
      // The user may have closed it, or removed it, while we were opening.
      if (entry.retry !== undefined || !this.entries.has(entry.info.id) || entry.info.state.kind !== 'disconnected' || entry.info.state.retryAt === undefined) {
        await conn.close().catch(() => undefined);
        return;
      }
      await this.attach(entry, conn);
      this.log.info(`reconnected to ${entry.info.uri} after ${attempt + 1} attempt(s)`);
    } catch (err) {
      if (entry.info.state.kind !== 'disconnected' || entry.info.state.retryAt === undefined) return;
      if (err instanceof LibvirtError && err.code === VIR_ERR.AUTH_FAILED) {
        // Retries never prompt, so a host that wants credentials waits for the user's Connect.
        this.setState(entry, { kind: 'disconnected', reason, detail: err.message });
        return;
      }
      this.scheduleRetry(entry, reason, err instanceof Error ? err.message : String(err), attempt + 1);
    }
  }

  private onLifecycle(entry: Entry, conn: HypervisorConnection, ev: LifecycleEvent): void {
    if (entry.conn !== conn) return;
    // One lookup answers every event kind: an undefined or stopped transient
    // domain is gone (NO_DOMAIN), anything else has a new state or name.
    this.scheduleRefresh(entry, conn, ev.uuid);
  }

  /** Bursts of events for one domain collapse into at most one extra lookup. */
  private scheduleRefresh(entry: Entry, conn: HypervisorConnection, uuid: string): void {
    if (entry.refreshing.has(uuid)) {
      entry.refreshing.set(uuid, true);
      return;
    }
    entry.refreshing.set(uuid, false);
    void this.refresh(entry, conn, uuid);
  }

  private async refresh(entry: Entry, conn: HypervisorConnection, uuid: string): Promise<void> {
    try {
      const info = await conn.domainInfo(uuid);
      if (entry.conn !== conn) return;
      const old = entry.domains.get(uuid);
      const summary = toDomainSummary(entry.info.id, info, old);
      entry.domains.set(uuid, summary);
      // A domain defined meanwhile: read its details too.
      if (!old) this.queueMetadata(entry, conn, [uuid]);
      this.events.emit('domains.changed', summary);
    } catch (err) {
      if (entry.conn !== conn) return;
      if (err instanceof LibvirtError && err.code === VIR_ERR.NO_DOMAIN) this.removeDomain(entry, uuid);
      else this.log.warn(`refreshing domain ${uuid} on ${entry.info.uri}: ${String(err)}`);
    } finally {
      const again = entry.refreshing.get(uuid);
      entry.refreshing.delete(uuid);
      if (again && entry.conn === conn) this.scheduleRefresh(entry, conn, uuid);
    }
  }

  private removeDomain(entry: Entry, uuid: string): void {
    if (!entry.domains.delete(uuid)) return;
    this.events.emit('domains.removed', { connectionId: entry.info.id, uuid });
  }
}
