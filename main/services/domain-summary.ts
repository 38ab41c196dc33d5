import type { DomainSummary } from '../../preload/contract';
import { toDomainState, type DomainInfo } from '../libvirt';

/**
 * The summary of a listed or looked-up domain. Description and tags are not
 * part of that lookup: they come from `previous` (what we knew) until the
 * background metadata read fills them in.
 */
export function toDomainSummary(connectionId: string, info: DomainInfo, previous?: DomainSummary): DomainSummary {
  return {
    connectionId,
    uuid: info.uuid,
    name: info.name,
    title: info.title,
    id: info.id >= 0 ? info.id : null,
    state: toDomainState(info.state, info.reason, info.hasManagedSave),
    persistent: info.persistent,
    description: previous?.description ?? '',
    tags: previous?.tags ?? [],
    metadataLoaded: previous?.metadataLoaded ?? false,
  };
}
