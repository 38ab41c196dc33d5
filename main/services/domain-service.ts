import type { DomainAction, DomainRef } from '../../preload/contract';
import { LibvirtError, VIR_ERR, type HypervisorConnection } from '../libvirt';
import type { ConnectionService } from './connection-service';
import { ServiceError } from './service-error';

const VERBS: Record<DomainAction, string> = {
  start: 'start',
  shutdown: 'shut down',
  reboot: 'reboot',
  destroy: 'force off',
  suspend: 'pause',
  resume: 'resume',
};

/** Lifecycle actions and reads on one domain. */
export class DomainService {
  constructor(private readonly connections: ConnectionService) {}

  xml(ref: DomainRef): Promise<string> {
    return this.run(ref, 'read the XML of', (c) => c.domainXml(ref.uuid));
  }

  async act(ref: DomainRef, action: DomainAction): Promise<void> {
    await this.run(ref, VERBS[action], (c) => c[action](ref.uuid));
    // The lifecycle event normally updates the row; this also covers drivers
    // or actions that emit none (e.g. a shutdown request the guest ignores).
    this.connections.refreshDomain(ref.connectionId, ref.uuid);
  }

  private async run<T>(ref: DomainRef, verb: string, call: (c: HypervisorConnection) => Promise<T>): Promise<T> {
    const conn = this.connections.connection(ref.connectionId);
    const name = this.connections.domain(ref.connectionId, ref.uuid)?.name ?? ref.uuid;
    try {
      return await call(conn);
    } catch (err) {
      if (err instanceof LibvirtError) {
        if (err.code === VIR_ERR.NO_DOMAIN) throw new ServiceError('not-found', `${name} no longer exists`, err.message);
        throw new ServiceError('libvirt', `Could not ${verb} ${name}`, err.message);
      }
      throw err;
    }
  }
}
