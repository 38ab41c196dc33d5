import type { DetailsApplied, DetailsPatch, DomainDetails, DomainRef } from '../../preload/contract';
import { isInstallPhase } from '../install/install-finalize';
import { LibvirtError, METADATA_TYPE, type HypervisorConnection } from '../libvirt';
import { parseDomainDetails } from '../libvirt/xml/domain-details';
import { applyDetailsPatch, patchTouchesXml } from '../libvirt/xml/domain-edit';
import { parseDomainXml, child, text } from '../libvirt/xml/xml-dom';
import type { ConnectionService } from './connection-service';
import type { DomainService } from './domain-service';
import { ServiceError } from './service-error';

const VIR_DOMAIN_XML_INACTIVE = 2;
/** virDomainDefineFlags: check the XML against libvirt's schema before defining. */
const VIR_DOMAIN_DEFINE_VALIDATE = 1;

/**
 * The guest details view: reads the inactive XML into a summary, applies the
 * form's edits to that XML (only the elements edited) and defines it, or
 * defines the XML tab's text as it is. libvirt validates every definition.
 */
export class DetailsService {
  constructor(
    private readonly connections: ConnectionService,
    private readonly domains: DomainService,
  ) {}

  async details(ref: DomainRef): Promise<DomainDetails> {
    return this.run(ref, 'read the details of', async (c) => {
      const xml = await c.domainXml(ref.uuid, VIR_DOMAIN_XML_INACTIVE);
      const info = await c.domainInfo(ref.uuid);
      // Transient guests have no autostart to read.
      const autostart = info.persistent ? await c.domainAutostart(ref.uuid).catch(() => false) : false;
      try {
        return parseDomainDetails(xml, { active: info.id >= 0, persistent: info.persistent, autostart, installPhase: isInstallPhase(xml) });
      } catch (err) {
        throw new ServiceError('internal', `Could not read the definition of ${info.name}`, err instanceof Error ? err.message : String(err));
      }
    });
  }

  async applyDetails(ref: DomainRef, patch: DetailsPatch): Promise<DetailsApplied> {
    const name = this.nameOf(ref);
    const info = await this.run(ref, 'read', (c) => c.domainInfo(ref.uuid));
    const active = info.id >= 0;
    // Checked before anything changes: a refused rename must not leave the other edits half done.
    if (patch.name !== undefined && patch.name !== info.name && active) {
      throw new ServiceError('invalid-argument', `Shut down ${name} first: libvirt renames only guests that are not running`);
    }
    const touchesXml = patchTouchesXml(patch);
    if (touchesXml) {
      if (!info.persistent) throw new ServiceError('invalid-argument', `${name} is a transient guest: it has no definition to edit`);
      const xml = await this.run(ref, 'read the XML of', (c) => c.domainXml(ref.uuid, VIR_DOMAIN_XML_INACTIVE));
      let edited: string;
      try {
        edited = applyDetailsPatch(xml, patch);
      } catch (err) {
        throw new ServiceError('internal', `Could not edit the definition of ${name}`, err instanceof Error ? err.message : String(err));
      }
      await this.run(ref, 'apply the changes to', (c) => define(c, edited));
      // Title and description also show on the running guest at once (virDomainSetMetadata does live and config).
      if (active && patch.title !== undefined) await this.run(ref, 'set the title of', (c) => c.setMetadata(ref.uuid, METADATA_TYPE.TITLE, patch.title || null));
      if (active && patch.description !== undefined)
        await this.run(ref, 'set the description of', (c) => c.setMetadata(ref.uuid, METADATA_TYPE.DESCRIPTION, patch.description || null));
    }
    if (patch.autostart !== undefined) await this.run(ref, 'set autostart of', (c) => c.setDomainAutostart(ref.uuid, patch.autostart!));
    if (patch.name !== undefined && patch.name !== info.name) await this.domains.rename(ref, patch.name);
    this.connections.refreshDomain(ref.connectionId, ref.uuid);
    this.connections.refreshMetadata(ref.connectionId, ref.uuid);
    return { details: await this.details(ref), afterShutdown: active && touchesXml };
  }

  /** The XML tab's Apply: libvirt validates; it must stay this guest (same UUID). */
  async defineXml(ref: DomainRef, xml: string): Promise<DetailsApplied> {
    const name = this.nameOf(ref);
    let uuid: string | undefined;
    try {
      uuid = text(child(parseDomainXml(xml).documentElement!, 'uuid')).trim().toLowerCase();
    } catch {
      // Not well-formed: libvirt says why, in its own words, below.
    }
    if (uuid !== undefined && uuid !== ref.uuid) {
      throw new ServiceError('invalid-argument', `The XML must keep ${name}'s <uuid>${ref.uuid}</uuid>`, uuid ? `it names ${uuid}` : 'it has no <uuid>');
    }
    const info = await this.run(ref, 'read', (c) => c.domainInfo(ref.uuid));
    const defined = await this.run(ref, 'apply the XML of', (c) => define(c, xml));
    if (defined.uuid !== ref.uuid) {
      // Only reachable when our parser could not read what libvirt could: never keep another guest.
      await this.connections.connection(ref.connectionId).undefine(defined.uuid).catch(() => undefined);
      throw new ServiceError('invalid-argument', `The XML must keep ${name}'s <uuid>${ref.uuid}</uuid>`);
    }
    this.connections.refreshDomain(ref.connectionId, ref.uuid);
    this.connections.refreshMetadata(ref.connectionId, ref.uuid);
    return { details: await this.details(ref), afterShutdown: info.id >= 0 };
  }

  private nameOf(ref: DomainRef): string {
    return this.connections.domain(ref.connectionId, ref.uuid)?.name ?? ref.uuid;
  }

  private run<T>(ref: DomainRef, verb: string, call: (c: HypervisorConnection) => Promise<T>): Promise<T> {
    return this.domains.run(ref, verb, call);
  }
}

/** Defines with libvirt's schema check; drivers that do not know the flag define without it. */
async function define(c: HypervisorConnection, xml: string) {
  try {
    return await c.defineXml(xml, VIR_DOMAIN_DEFINE_VALIDATE);
  } catch (err) {
    if (err instanceof LibvirtError && /unsupported flags/i.test(err.message)) return c.defineXml(xml);
    throw err;
  }
}
