import type { ConnectionInfo, DomainState, DomainSummary } from '../../../preload/contract';

let n = 0;

/** A DomainSummary with a fresh uuid unless one is given. */
export function dom(name: string, state: DomainState = 'shutoff', over: Partial<DomainSummary> = {}): DomainSummary {
  n++;
  const uuid = over.uuid ?? `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  const active = state !== 'shutoff' && state !== 'saved' && state !== 'nostate';
  return { connectionId: 'c1', uuid, name, title: '', id: active ? n : null, state, persistent: true, description: '', tags: [], metadataLoaded: true, ...over } as DomainSummary;
}

export function conn(id: string, kind: ConnectionInfo['state']['kind'] = 'connected', uri = `test:///${id}`): ConnectionInfo {
  const state: ConnectionInfo['state'] =
    kind === 'connected'
      ? { kind, hostname: 'host', libvirtVersion: '10.0.0' }
      : kind === 'connecting'
        ? { kind }
        : { kind, reason: 'The connection failed', detail: 'end of file' };
  return { id, uri, label: uri, saved: false, autoconnect: false, state };
}
