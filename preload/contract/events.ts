import type { AuthOutcome, AuthRequest, ConnectionInfo, DomainRef, DomainSummary, StatsSample } from './types';
import type { JobFinished, JobProgress } from './install';

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
  /** libvirt needs credentials to open a connection: show a prompt, answer with `auth.respond`. */
  'auth.requested': AuthRequest;
  /** A pending auth request ended (so every window closes its prompt). */
  'auth.settled': { requestId: string; outcome: AuthOutcome };
  /** Several domains of one connection changed at once (e.g. metadata read in the background): upsert each. */
  'domains.updated': { connectionId: string; domains: DomainSummary[] };
  /** A long job (guest creation) moved on. */
  'jobs.progress': JobProgress;
  /** A job ended: the new guest, or the failure and what was rolled back. */
  'jobs.finished': JobFinished;
}

export type EventName = keyof Events;

export const EVENT_NAMES: readonly EventName[] = [
  'connections.changed',
  'connections.removed',
  'domains.listed',
  'domains.changed',
  'domains.removed',
  'stats.sample',
  'auth.requested',
  'auth.settled',
  'domains.updated',
  'jobs.progress',
  'jobs.finished',
];
