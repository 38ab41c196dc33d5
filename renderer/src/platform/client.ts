import type { ArgsOf, ConsoleTicket, EventName, Events, Method, ReturnOf, VirtBridge } from '../../../preload/contract';
import { createIpcClient } from './ipc-client';
import type { StreamChannel } from './stream-channel';
import { createWsClient } from './ws-client';

export { VirtError } from './virt-error';
export type { StreamChannel } from './stream-channel';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    virt?: VirtBridge;
  }
}

export type TransportState = 'open' | 'lost';

/** All the renderer knows about main: typed calls, typed events and whether the line is up. */
export interface VirtClient {
  /** Resolves with the method's value; rejects with a `VirtError` carrying the contract's `ErrorInfo`. */
  call<M extends Method>(method: M, ...args: ArgsOf<M>): Promise<ReturnOf<M>>;
  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, cb: (payload: Events[E]) => void): () => void;
  /**
   * Reports transitions of the transport: 'lost' when it goes down, 'open' when
   * it is (back) up. IPC never goes down, so it never reports anything.
   */
  onTransportState(cb: (state: TransportState) => void): () => void;
  /**
   * Redeems a console ticket (from `consoles.open`; single use, short-lived)
   * for its byte stream. Resolves with an open channel, or rejects with a
   * `VirtError`. Main may still close an open channel at once, with a
   * 4000–4999 code and a reason for people, when it could not reach the
   * console: listen for `close` and show `reason`.
   */
  openStream(ticket: ConsoleTicket): Promise<StreamChannel>;
}

/** Picks the transport once, at startup: Electron's preload bridge when present, else the loopback WebSocket. */
export function createClient(): VirtClient {
  return window.virt ? createIpcClient(window.virt) : createWsClient();
}
