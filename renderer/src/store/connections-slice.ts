import type { ConnectionInfo } from '../../../preload/contract';
import { dropConnectionDomains, type DomainsData } from './domains-slice';
import type { SliceCreator } from './types';

export interface ConnectionsData {
  connections: Readonly<Record<string, ConnectionInfo>>;
  /** Connection ids in the order main lists them; new ones go last. */
  connectionOrder: readonly string[];
  /** False until the first `connections.list` arrived (so "no connections" is not shown while loading). */
  connectionsLoaded: boolean;
}

export interface ConnectionsSlice extends ConnectionsData {
  /** The snapshot from `connections.list`: replaces the known set. */
  connectionsListed(list: readonly ConnectionInfo[]): void;
  connectionChanged(info: ConnectionInfo): void;
  /** Also forgets the connection's domains. */
  connectionRemoved(connectionId: string): void;
}

type Data = ConnectionsData & DomainsData;

export function replaceConnections(s: Data, list: readonly ConnectionInfo[]): Data {
  const connections: Record<string, ConnectionInfo> = {};
  for (const c of list) connections[c.id] = c;
  let next: Data = { ...s, connections, connectionOrder: list.map((c) => c.id), connectionsLoaded: true };
  // Domains of connections that are gone go too; the others stay until their list arrives.
  for (const id of Object.keys(s.domainKeysByConnection)) {
    if (!(id in connections)) next = { ...next, ...dropConnectionDomains(next, id) };
  }
  return next;
}

export function upsertConnection(s: Data, info: ConnectionInfo): Data {
  const known = info.id in s.connections;
  return {
    ...s,
    connections: { ...s.connections, [info.id]: info },
    connectionOrder: known ? s.connectionOrder : [...s.connectionOrder, info.id],
  };
}

export function removeConnection(s: Data, connectionId: string): Data {
  const { [connectionId]: _removed, ...connections } = s.connections;
  return {
    ...s,
    ...dropConnectionDomains(s, connectionId),
    connections,
    connectionOrder: s.connectionOrder.filter((id) => id !== connectionId),
  };
}

// The actions go through `applyEvents`, so a direct call and an event do exactly the same.
export const createConnectionsSlice: SliceCreator<ConnectionsSlice> = (_set, get) => ({
  connections: {},
  connectionOrder: [],
  connectionsLoaded: false,
  connectionsListed: (list) => get().applyEvents([{ name: 'snapshot.connections', payload: list }]),
  connectionChanged: (info) => get().applyEvents([{ name: 'connections.changed', payload: info }]),
  connectionRemoved: (connectionId) => get().applyEvents([{ name: 'connections.removed', payload: { connectionId } }]),
});
