import { ipcMain, MessageChannelMain, type IpcMainInvokeEvent, type MessagePortMain } from 'electron';
import { IPC_STREAM_CHANNEL, type Result } from '../../preload/contract';
import { ConsoleError } from '../consoles/byte-stream';
import type { ByteStream } from '../libvirt/types';
import type { StreamBroker } from '../transport/ws-transport';

/**
 * Console bytes in Electron: one MessageChannelMain per console, its far port
 * posted to the window once main reached the console, so the desktop app
 * opens no listening port at all (ARCHITECTURE.md §6).
 */
export function handleStreamRequests(streams: StreamBroker, isTrusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  ipcMain.handle(IPC_STREAM_CHANNEL, async (event, ticket: unknown): Promise<Result<null>> => {
    if (!isTrusted(event)) return { ok: false, error: { code: 'internal', message: 'Refused: the request did not come from the Virtdesk window' } };
    if (typeof ticket !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(ticket)) {
      return { ok: false, error: { code: 'invalid-argument', message: 'A console ticket is a short token' } };
    }
    let bytes: ByteStream;
    try {
      bytes = await streams.redeem(ticket);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: err instanceof ConsoleError ? 'not-found' : 'internal', message } };
    }
    if (event.sender.isDestroyed()) {
      bytes.close();
      return { ok: false, error: { code: 'internal', message: 'The window closed' } };
    }
    const { port1, port2 } = new MessageChannelMain();
    pipePort(port1, bytes);
    event.sender.postMessage(IPC_STREAM_CHANNEL, { ticket }, [port2]);
    return { ok: true, value: null };
  });
  return () => ipcMain.removeHandler(IPC_STREAM_CHANNEL);
}

/** Binary frames both ways; an object frame {type:'close', code, reason} ends it. */
export function pipePort(port: MessagePortMain, bytes: ByteStream): void {
  let open = true;
  bytes.onData((chunk) => {
    // A copy: the page gets its own ArrayBuffer, never a view of a pooled Buffer.
    if (open) port.postMessage(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
  });
  bytes.onClose((reason) => {
    if (!open) return;
    open = false;
    port.postMessage({ type: 'close', code: reason ? 4010 : 1000, reason: reason ?? 'console closed' });
    port.close();
  });
  port.on('message', ({ data }) => {
    if (data instanceof ArrayBuffer) bytes.write(new Uint8Array(data));
    else if (ArrayBuffer.isView(data)) bytes.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    else if (typeof data === 'string') bytes.write(Buffer.from(data, 'utf8'));
    else if (data && typeof data === 'object' && (data as { type?: unknown }).type === 'close') {
      open = false;
      bytes.close();
      port.close();
    }
  });
  port.on('close', () => {
    open = false;
    bytes.close();
  });
  port.start();
}
