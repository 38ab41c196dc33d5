import type { DomainSummary } from '../../preload/contract';
import { toDomainState, type DomainInfo } from '../libvirt';

export function toDomainSummary(connectionId: string, info: DomainInfo): DomainSummary {
  return {
    connectionId,
    uuid: info.uuid,
    name: info.name,
    title: info.title,
    id: info.id >= 0 ? info.id : null,
    state: toDomainState(info.state, info.reason, info.hasManagedSave),
    persistent: info.persistent,
  };
}
