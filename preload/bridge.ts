import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type Result, type VirtBridge } from './contract';

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
