import type { ArgsOf, EventName, Events, Method, ReturnOf, VirtBridge } from '../../../preload/contract';
import { createIpcClient } from './ipc-client';
import { createWsClient } from './ws-client';

export { VirtError } from './virt-error';

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
}

/** Picks the transport once, at startup: Electron's preload bridge when present, else the loopback WebSocket. */
export function createClient(): VirtClient {
  return window.virt ? createIpcClient(window.virt) : createWsClient();
}
