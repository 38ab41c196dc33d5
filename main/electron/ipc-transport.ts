import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type Result } from '../../preload/contract';
import type { ServiceHost } from '../transport/service-host';
import type { StreamBroker } from '../transport/ws-transport';
import { handleStreamRequests } from './console-ports';
import { APP_ORIGIN } from './protocol';

/**
 * Only our own window's main frame, showing our own bundle, may call in:
 * not a subframe, not a page it navigated to (navigation is blocked anyway).
 */
export function isTrustedSender(event: IpcMainInvokeEvent, trustedIds: { has(id: number): boolean }): boolean {
  const frame = event.senderFrame;
  if (!frame || !trustedIds.has(event.sender.id)) return false;
  if (frame !== event.sender.mainFrame) return false;
  try {
    // Not URL.origin: Node's URL reports 'null' as the origin of non-special schemes like app:.
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** Binds the service host and console streams to ipcMain, for the windows it is told to trust. */
export function bindIpcTransport(host: ServiceHost, streams: StreamBroker): { trust(contents: WebContents): void; dispose(): void } {
  const trusted = new Map<number, WebContents>();
  const trustedIds = { has: (id: number) => trusted.has(id) };
  const disposeStreams = handleStreamRequests(streams, (event) => isTrustedSender(event, trustedIds));
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, args: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, trustedIds)) {
      return { ok: false, error: { code: 'internal', message: 'Refused: the request did not come from the Virtdesk window' } };
    }
    return host.invoke(method, args);
  });
  const unsubscribe = host.subscribe((name, payload) => {
    for (const contents of trusted.values()) {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
    }
  });
  return {
    trust(contents) {
      trusted.set(contents.id, contents);
      contents.once('destroyed', () => trusted.delete(contents.id));
    },
    dispose() {
      unsubscribe();
      disposeStreams();
      ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    },
  };
}
