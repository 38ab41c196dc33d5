import { EVENT_NAMES, type EventName, type VirtBridge } from '../../../preload/contract';
import type { VirtClient } from './client';
import { EventListeners } from './listeners';
import { internalError, unwrapResult } from './virt-error';

function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}

/** `VirtClient` over the preload's `window.virt` bridge (Electron). */
export function createIpcClient(bridge: VirtBridge): VirtClient {
  const listeners = new EventListeners();
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
  };
}
