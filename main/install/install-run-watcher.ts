// Ends install runs ("install media detached on first reboot") on every
// connected host, not only for the job that started them: a guest whose
// install run was started before Virtdesk restarted, or started from virsh,
// or begun from the details view, is finished the same way when it stops.
// What to take out is in the guest's own definition (install-finalize.ts).
import { existsSync, rmSync } from 'node:fs';
import type { ConnectionInfo } from '../../preload/contract';
import { LibvirtError, VIR_ERR, type HypervisorConnection, type LifecycleEvent } from '../libvirt';
import type { ConnectionService } from '../services/connection-service';
import type { Logger } from '../services/event-sink';
import { finalizeInstallXml } from './install-finalize';

/** virDomainEventType STOPPED; its detail 0 = shut down from inside the guest. */
const EVENT_STOPPED = 5;
const DETAIL_SHUTDOWN = 0;
const VIR_DOMAIN_XML_SECURE = 1;
const VIR_DOMAIN_XML_INACTIVE = 2;

/**
 * One follower per connection object in the process, however many services
 * share it (tests make several): two would both redefine and restart the guest.
 * A reconnect is a new object, followed anew; the old one goes with its connection.
 */
const followed = new WeakMap<HypervisorConnection, Promise<void>>();

export class InstallRunWatcher {
  constructor(
    private readonly connections: ConnectionService,
    private readonly log: Logger,
    /** Local files named for removal can be deleted here (not on remote hosts). */
    private readonly isLocal: (connectionId: string) => boolean,
  ) {
    for (const info of connections.list()) this.follow(info);
    connections.onStateChange((info) => this.follow(info));
  }

  /** Resolves once stops on that connection are followed (start an install run after it). */
  async ready(connectionId: string): Promise<void> {
    await followed.get(this.connections.connection(connectionId));
  }

  private follow(info: ConnectionInfo): void {
    if (info.state.kind !== 'connected') return;
    let conn: HypervisorConnection;
    try {
      conn = this.connections.connection(info.id);
    } catch {
      return;
    }
    if (followed.has(conn)) return;
    const ready = conn
      .onDomainLifecycle((e) => void this.onEvent(info.id, conn, e))
      .then(
        () => undefined,
        (err: unknown) => this.log.warn(`install runs on ${info.uri} are not followed: ${String(err)}`),
      );
    followed.set(conn, ready);
  }

  private async onEvent(connectionId: string, conn: HypervisorConnection, e: LifecycleEvent): Promise<void> {
    if (e.event !== EVENT_STOPPED) return;
    try {
      const finished = finalizeInstallXml(await conn.domainXml(e.uuid, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE));
      if (!finished) return;
      await conn.defineXml(finished.xml);
      await this.removeScratch(connectionId, conn, finished.scratch);
      // The installer's reboot (on_reboot=destroy during the run) boots the installed system; a forced off stays off.
      if (e.detail === DETAIL_SHUTDOWN) await conn.start(e.uuid);
      this.connections.refreshDomain(connectionId, e.uuid);
    } catch (err) {
      // A transient guest that stopped is gone; one deleted meanwhile too.
      if (err instanceof LibvirtError && err.code === VIR_ERR.NO_DOMAIN) return;
      this.log.warn(`finishing the install run of ${e.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Install-only files: pool volumes through libvirt (remote hosts too), else local files. */
  private async removeScratch(connectionId: string, conn: HypervisorConnection, paths: readonly string[]): Promise<void> {
    for (const path of paths) {
      const vol = await conn.volumeByPath(path).catch(() => null);
      if (vol) await conn.deleteVolume(vol.key).catch(() => undefined);
      else if (this.isLocal(connectionId) && existsSync(path)) rmSync(path, { force: true });
    }
  }
}
