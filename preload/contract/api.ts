import type { ConnectionInfo, ConsoleDevice, ConsoleTicket, DomainRef, DomainSummary } from './types';

/**
 * Every request the renderer can make, as `noun.verb`. The service host,
 * both transports and the validators are all keyed by this table, so a
 * method without a handler or a validator is a compile error.
 */
export interface Api {
  'connections.list': () => Promise<ConnectionInfo[]>;
  /** Opens the URI (or returns the already open connection for it). */
  'connections.open': (uri: string) => Promise<ConnectionInfo>;
  'connections.close': (connectionId: string) => Promise<void>;
  'domains.list': (connectionId: string) => Promise<DomainSummary[]>;
  'domains.xml': (ref: DomainRef) => Promise<string>;
  'domains.start': (ref: DomainRef) => Promise<void>;
  'domains.shutdown': (ref: DomainRef) => Promise<void>;
  'domains.reboot': (ref: DomainRef) => Promise<void>;
  'domains.destroy': (ref: DomainRef) => Promise<void>;
  'domains.suspend': (ref: DomainRef) => Promise<void>;
  'domains.resume': (ref: DomainRef) => Promise<void>;
  /** The consoles the running guest offers now (empty when it is off). */
  'consoles.list': (ref: DomainRef) => Promise<ConsoleDevice[]>;
  /** A ticket for one console's byte stream (see ConsoleTicket). */
  'consoles.open': (ref: DomainRef, deviceId: string) => Promise<ConsoleTicket>;
}

export type Method = keyof Api;
export type ArgsOf<M extends Method> = Parameters<Api[M]>;
export type ReturnOf<M extends Method> = Awaited<ReturnType<Api[M]>>;
