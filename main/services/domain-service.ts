import { existsSync, unlinkSync } from 'node:fs';
import { VIRTDESK_XMLNS, domainNameProblem, type DomainAction, type DomainRef, type DomainStorageItem, type DomainSummary } from '../../preload/contract';
import { parseDomainStorage } from '../libvirt/xml/host-caps';
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
const VIR_DOMAIN_XML_INACTIVE = 2;

function isLocal(uri: string): boolean {
  return !/^[a-z0-9]+(\+[a-z0-9]+)?:\/\/[^/]/i.test(uri);
}

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

  /**
   * The guest's storage for "Delete associated storage" (DEL-03): disks,
   * CD-ROMs, kernel and initrd, with whether they can go and whether they are
   * checked by default (not read-only, not shared, not used by another guest).
   */
  async storage(ref: DomainRef): Promise<DomainStorageItem[]> {
    const conn = this.connections.connection(ref.connectionId);
    const xml = await this.run(ref, 'read the XML of', (c) => c.domainXml(ref.uuid, VIR_DOMAIN_XML_INACTIVE));
    const parsed = parseDomainStorage(xml);
    const items = [...parsed.disks];
    for (const v of parsed.volumes) {
      const pools = await conn.listPools().catch(() => []);
      const pool = pools.find((p) => p.name === v.pool);
      const vol = pool ? (await conn.listVolumes(pool.uuid).catch(() => [])).find((x) => x.name === v.volume) : undefined;
      if (vol) items.push({ target: v.target, device: v.device, path: vol.path, readonly: v.readonly, shareable: v.shareable });
    }
    // Who else uses each path (one XML read per other guest, as virt-manager does).
    const users = new Map<string, string[]>();
    for (const d of this.connections.domains(ref.connectionId)) {
      if (d.uuid === ref.uuid) continue;
      try {
        for (const o of parseDomainStorage(await conn.domainXml(d.uuid, VIR_DOMAIN_XML_INACTIVE)).disks) users.set(o.path, [...(users.get(o.path) ?? []), d.name]);
      } catch {
        // gone meanwhile
      }
    }
    const local = isLocal(conn.uri);
    const out: DomainStorageItem[] = [];
    for (const it of items) {
      const vol = await conn.volumeByPath(it.path).catch(() => null);
      const exists = vol !== null || (local && existsSync(it.path));
      const others = users.get(it.path) ?? [];
      const deletable = exists && (vol !== null || local);
      let note = '';
      if (!exists) note = 'Does not exist';
      else if (!deletable) note = 'Not a storage volume, and not on this machine';
      else if (others.length > 0) note = `Also used by ${others.join(', ')}`;
      else if (it.device === 'cdrom' || it.device === 'floppy') note = 'Install media';
      else if (it.readonly) note = 'Read-only';
      else if (it.shareable) note = 'Shareable';
      const defaultChecked = deletable && others.length === 0 && !it.readonly && !it.shareable && it.device !== 'cdrom' && it.device !== 'floppy';
      out.push({ target: it.target, device: it.device, path: it.path, deletable, defaultChecked, note });
    }
    return out;
  }

  /**
   * Deletes the guest, then those of `paths` that are its own storage (never
   * anything else, whatever the caller asks). Resolves with "path: reason"
   * for each path it could not delete.
   */
  async deleteWithStorage(ref: DomainRef, paths: readonly string[]): Promise<string[]> {
    const mine = new Map((await this.storage(ref)).map((s) => [s.path, s]));
    const failures: string[] = [];
    const chosen: string[] = [];
    for (const p of new Set(paths)) {
      const item = mine.get(p);
      if (!item) failures.push(`${p}: not storage of this guest`);
      else if (!item.deletable) failures.push(`${p}: ${item.note || 'cannot be deleted'}`);
      else chosen.push(p);
    }
    await this.delete(ref);
    const conn = this.connections.connection(ref.connectionId);
    for (const p of chosen) {
      try {
        const vol = await conn.volumeByPath(p);
        if (vol) await conn.deleteVolume(vol.key);
        else unlinkSync(p);
      } catch (err) {
        failures.push(`${p}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return failures;
  }

  /**
   * One libvirt call on a guest, its failure said in words: "<name> no longer
   * exists" for a vanished guest, else "Could not <verb> <name>" (shared with
   * the details service).
   */
  async run<T>(ref: DomainRef, verb: string, call: (c: HypervisorConnection) => Promise<T>): Promise<T> {
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
