import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_STREAM_CHANNEL, STREAM_PORT_MESSAGE, type Result, type VirtBridge } from './contract';

/** The part of ipcRenderer the bridge needs; a fake in unit tests. */
export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Builds the one object the page sees. It never hands out ipcRenderer, the
 * IPC event object, or a way to pick the channel.
 */
export function createBridge(ipc: IpcLike): VirtBridge {
  return Object.freeze({
    openStream(ticket: string): Promise<Result<null>> {
      return ipc.invoke(IPC_STREAM_CHANNEL, String(ticket)) as Promise<Result<null>>;
    },
    invoke(method: string, args: unknown[]): Promise<Result<unknown>> {
      return ipc.invoke(IPC_INVOKE_CHANNEL, String(method), Array.isArray(args) ? args : []) as Promise<Result<unknown>>;
    },
    onEvent(listener: (name: string, payload: unknown) => void): () => void {
      const wrapped = (_event: unknown, name: unknown, payload: unknown) => listener(String(name), payload);
      ipc.on(IPC_EVENT_CHANNEL, wrapped);
      return () => void ipc.removeListener(IPC_EVENT_CHANNEL, wrapped);
    },
  });
}

/**
 * Console ports arrive from main on the stream channel; the page cannot see
 * IPC, so the preload re-posts each port to its own window (the page checks
 * `event.source === window` and the ticket it asked for).
 */
export function forwardStreamPorts<Port>(
  ipc: IpcLike,
  post: (message: { type: string; ticket: string }, ports: readonly Port[]) => void,
): void {
  ipc.on(IPC_STREAM_CHANNEL, (event, message) => {
    const ports = (event as { ports?: readonly Port[] }).ports ?? [];
    const ticket = (message as { ticket?: unknown } | undefined)?.ticket;
    if (typeof ticket === 'string' && ports.length === 1) post({ type: STREAM_PORT_MESSAGE, ticket }, ports);
  });
}
