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
}

export const IPC_INVOKE_CHANNEL = 'virt:invoke';
export const IPC_EVENT_CHANNEL = 'virt:event';
