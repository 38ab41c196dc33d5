import { join } from 'node:path';
import type { DomainState } from '../../preload/contract';

/** Test-driver host with a domain in every state (see its header comment). */
export const FIXTURE = join(__dirname, '..', 'fixtures', 'hosts', 'mixed-states.xml');

export const MIXED_STATES: Record<string, DomainState> = {
  'web-01': 'running',
  'db-01': 'blocked',
  'build-runner': 'paused',
  'mail-01': 'shutdown',
  'legacy-app': 'crashed',
  'laptop-sim': 'pmsuspended',
  scratch: 'running',
  limbo: 'nostate',
  archive: 'shutoff',
  'win-desktop': 'saved',
};
