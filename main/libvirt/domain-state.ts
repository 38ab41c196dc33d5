import type { DomainState } from '../../preload/contract';

// virDomainState → our DomainState. A shut-off domain with a saved memory
// image (managed save, or reason VIR_DOMAIN_SHUTOFF_SAVED) is shown as "Saved",
// as virt-manager does.
const STATES: readonly DomainState[] = ['nostate', 'running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed', 'pmsuspended'];
const VIR_DOMAIN_SHUTOFF = 5;
const VIR_DOMAIN_SHUTOFF_SAVED = 5;

export function toDomainState(state: number, reason: number, hasManagedSave = false): DomainState {
  if (state === VIR_DOMAIN_SHUTOFF && (hasManagedSave || reason === VIR_DOMAIN_SHUTOFF_SAVED)) return 'saved';
  return STATES[state] ?? 'nostate';
}

/** virDomainEventType, for lifecycle event payloads. */
export const DOMAIN_EVENT = {
  DEFINED: 0,
  UNDEFINED: 1,
  STARTED: 2,
  SUSPENDED: 3,
  RESUMED: 4,
  STOPPED: 5,
  SHUTDOWN: 6,
  PMSUSPENDED: 7,
  CRASHED: 8,
} as const;
