import { VIRTDESK_XMLNS, domainNameProblem, type DomainAction, type DomainRef, type DomainSummary } from '../../preload/contract';
import { LibvirtError, METADATA_TYPE, VIR_ERR, type HypervisorConnection } from '../libvirt';
import { TAGS_PREFIX, tagsElement } from '../libvirt/xml/domain-tags';
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

// virDomainUndefineFlagsValues
const UNDEFINE_MANAGED_SAVE = 1;
const UNDEFINE_SNAPSHOTS_METADATA = 2;
const UNDEFINE_NVRAM = 4;
const UNDEFINE_CHECKPOINTS_METADATA = 16;
const UNDEFINE_BASIC = UNDEFINE_MANAGED_SAVE | UNDEFINE_SNAPSHOTS_METADATA | UNDEFINE_NVRAM;
const UNDEFINE_ALL = UNDEFINE_BASIC | UNDEFINE_CHECKPOINTS_METADATA;
/** VIR_ERR_INVALID_ARG: an unsupported flag. */
const VIR_ERR_INVALID_ARG = 8;
const VIR_ERR_NO_SUPPORT = 3;

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

  /** Stores the tags in the guest's own XML (our namespace); no tags removes the element. */
  async setTags(ref: DomainRef, tags: readonly string[]): Promise<DomainSummary> {
    await this.run(ref, 'save the tags of', (c) =>
      c.setMetadata(ref.uuid, METADATA_TYPE.ELEMENT, tags.length > 0 ? tagsElement(tags) : null, TAGS_PREFIX, VIRTDESK_XMLNS),
    );
    const summary = this.connections.applyMetadata(ref.connectionId, ref.uuid, { tags: [...tags] });
    // Read back what libvirt stored; the metadata event, where there is one, does the same.
    this.connections.refreshMetadata(ref.connectionId, ref.uuid);
    if (!summary) throw new ServiceError('not-found', `${ref.uuid} no longer exists`);
    return summary;
  }

  async rename(ref: DomainRef, newName: string): Promise<void> {
    const current = this.connections.domain(ref.connectionId, ref.uuid);
    const name = current?.name ?? ref.uuid;
    const problem = domainNameProblem(newName);
    if (problem) throw new ServiceError('invalid-argument', `Cannot rename ${name}: ${problem}`);
    if (current && newName === current.name) return;
    if (current && current.id !== null) {
      throw new ServiceError('invalid-argument', `Shut down ${name} first: libvirt renames only guests that are not running`);
    }
    const taken = this.connections.domains(ref.connectionId).find((d) => d.name === newName && d.uuid !== ref.uuid);
    if (taken) throw new ServiceError('invalid-argument', `Cannot rename ${name}: a guest named ${newName} already exists`);
    await this.run(ref, 'rename', (c) => c.rename(ref.uuid, newName));
    this.connections.refreshDomain(ref.connectionId, ref.uuid);
  }

  /**
   * Forces the guest off if it runs, then undefines it with its managed save,
   * snapshot and checkpoint metadata and NVRAM. Its disks stay.
   */
  async delete(ref: DomainRef): Promise<void> {
    const current = this.connections.domain(ref.connectionId, ref.uuid);
    if (current && current.id !== null) await this.run(ref, 'force off', (c) => c.destroy(ref.uuid));
    await this.run(ref, 'delete', async (c) => {
      try {
        await c.undefine(ref.uuid, UNDEFINE_ALL);
      } catch (err) {
        // Drivers without checkpoints (or NVRAM) refuse the flag; ask again without it.
        if (err instanceof LibvirtError && (err.code === VIR_ERR_INVALID_ARG || err.code === VIR_ERR_NO_SUPPORT)) await c.undefine(ref.uuid, UNDEFINE_BASIC);
        else throw err;
      }
    });
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
