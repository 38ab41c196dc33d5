import type { Result } from './errors';

/**
 * The only object the preload exposes to the page (as `window.virt`).
 * Deliberately untyped at this level (method name + args array): typing is
 * restored by the renderer's VirtClient, and main validates every call anyway.
 */
export interface VirtBridge {
  invoke(method: string, args: unknown[]): Promise<Result<unknown>>;
  /** Subscribes to all events; returns the unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /**
   * Redeems a console ticket. Main connects to the console first; on success
   * the page then receives a `window` message `{type: STREAM_PORT_MESSAGE,
   * ticket}` carrying one MessagePort (binary frames both ways; a
   * `{type:'close', code, reason}` object frame ends it). Resolves or fails
   * like any call; on failure no port comes.
   */
  openStream(ticket: string): Promise<Result<null>>;
}

export const IPC_STREAM_CHANNEL = 'virt:stream';
export const STREAM_PORT_MESSAGE = 'virt:stream-port';

export const IPC_INVOKE_CHANNEL = 'virt:invoke';
export const IPC_EVENT_CHANNEL = 'virt:event';
