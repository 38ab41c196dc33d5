import { EVENT_NAMES, type EventName, type VirtBridge } from '../../../preload/contract';
import type { VirtClient } from './client';
import { EventListeners } from './listeners';
import { PortChannel, StreamPortReceiver, type MessageSource } from './port-channel';
import { internalError, unwrapResult } from './virt-error';

function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}

export interface IpcClientOptions {
  /** Where the preload posts console ports; defaults to `window`. */
  portSource?: MessageSource;
  /** How long a port may take to follow a successful `openStream`. */
  portTimeoutMs?: number;
}

/** `VirtClient` over the preload's `window.virt` bridge (Electron). */
export function createIpcClient(bridge: VirtBridge, options: IpcClientOptions = {}): VirtClient {
  const listeners = new EventListeners();
  let ports: StreamPortReceiver | undefined;
  let unsubscribeBridge: (() => void) | undefined;

  // One bridge subscription, made while anyone listens: the bridge fans out all events.
  const ensureBridgeSubscription = () => {
    unsubscribeBridge ??= bridge.onEvent((name, payload) => {
      if (isEventName(name)) listeners.emit(name, payload);
    });
  };

  return {
    async call(method, ...args) {
      let result: unknown;
      try {
        result = await bridge.invoke(method, args);
      } catch (err) {
        throw internalError(
          'Could not reach the Virtdesk main process',
          err instanceof Error ? err.message : String(err),
        );
      }
      return unwrapResult(result);
    },
    on(name, cb) {
      ensureBridgeSubscription();
      const off = listeners.add(name, cb);
      return () => {
        off();
        if (listeners.size === 0 && unsubscribeBridge) {
          unsubscribeBridge();
          unsubscribeBridge = undefined;
        }
      };
    },
    onTransportState() {
      return () => {};
    },
    async openStream(ticket) {
      ports ??= new StreamPortReceiver(options.portSource ?? window, options.portTimeoutMs);
      // Wait first: the port and the reply travel separately, the port may win.
      const wait = ports.expect(ticket.ticket);
      let result: unknown;
      try {
        result = await bridge.openStream(ticket.ticket);
      } catch (err) {
        wait.cancel();
        throw internalError('Could not reach the Virtdesk main process', err instanceof Error ? err.message : String(err));
      }
      try {
        unwrapResult<null>(result);
      } catch (err) {
        wait.cancel();
        throw err;
      }
      return new PortChannel(await wait.promise);
    },
  };
}
