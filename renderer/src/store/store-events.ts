import type { ConnectionInfo, EventName, Events } from '../../../preload/contract';

/** A contract event, as queued by the subscriptions. */
export type ContractEvent = { [E in EventName]: { name: E; payload: Events[E] } }[EventName];

/**
 * What goes through the batched reducer: contract events, plus the snapshot's
 * connection list, which must be ordered with the events around it.
 */
export type StoreEvent = ContractEvent | { name: 'snapshot.connections'; payload: readonly ConnectionInfo[] };
