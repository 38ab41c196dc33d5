import type { ConnectionInfo, DomainRef, DomainSummary, StatsSample } from './types';

/** Everything main pushes to the renderer. */
export interface Events {
  /** A connection appeared or its state changed (upsert by id). */
  'connections.changed': ConnectionInfo;
  'connections.removed': { connectionId: string };
  /** The full domain list of a connection, after (re)connecting: replaces what was known. */
  'domains.listed': { connectionId: string; domains: DomainSummary[] };
  /** One domain appeared or changed (upsert by connection and uuid). */
  'domains.changed': DomainSummary;
  'domains.removed': DomainRef;
  /** A connection's sampling tick (see StatsSettings for how often). */
  'stats.sample': StatsSample;
}

export type EventName = keyof Events;

export const EVENT_NAMES: readonly EventName[] = [
  'connections.changed',
  'connections.removed',
  'domains.listed',
  'domains.changed',
  'domains.removed',
  'stats.sample',
];
