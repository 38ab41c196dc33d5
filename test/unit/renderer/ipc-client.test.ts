import { describe, expect, it, vi } from 'vitest';
import type { Result, VirtBridge } from '../../../preload/contract';
import { VirtError } from '../../../renderer/src/platform/client';
import { createIpcClient } from '../../../renderer/src/platform/ipc-client';

function fakeBridge(reply: (method: string, args: unknown[]) => Promise<Result<unknown>>) {
  let listener: ((name: string, payload: unknown) => void) | undefined;
  const unsubscribe = vi.fn(() => {
    listener = undefined;
  });
  const bridge: VirtBridge = {
    invoke: vi.fn(reply),
    onEvent: vi.fn((l) => {
      listener = l;
      return unsubscribe;
    }),
    openStream: vi.fn(async () => ({ ok: true as const, value: null })),
  };
  return { bridge, unsubscribe, send: (name: string, payload: unknown) => listener?.(name, payload) };
}

const ref = { connectionId: 'c1', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' };

describe('ipc-client', () => {
  it('passes method and args through and unwraps the value', async () => {
    const { bridge } = fakeBridge(async () => ({ ok: true, value: '<domain/>' }));
    const client = createIpcClient(bridge);
    await expect(client.call('domains.xml', ref)).resolves.toBe('<domain/>');
    expect(bridge.invoke).toHaveBeenCalledWith('domains.xml', [ref]);
  });

  it('throws a VirtError with the ErrorInfo of {ok:false}', async () => {
    const error = { code: 'not-found' as const, message: 'test no longer exists' };
    const { bridge } = fakeBridge(async () => ({ ok: false, error }));
    const err = await createIpcClient(bridge).call('domains.start', ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VirtError);
    expect((err as VirtError).info).toEqual(error);
  });

  it('turns a failing invoke into an internal VirtError', async () => {
    const { bridge } = fakeBridge(async () => {
      throw new Error('An object could not be cloned');
    });
    await expect(createIpcClient(bridge).call('connections.list')).rejects.toMatchObject({
      info: { code: 'internal', detail: 'An object could not be cloned' },
    });
  });

  it('routes events by name over a single bridge subscription, dropped with the last listener', () => {
    const { bridge, unsubscribe, send } = fakeBridge(async () => ({ ok: true, value: null }));
    const client = createIpcClient(bridge);
    const a = vi.fn();
    const b = vi.fn();
    const offA = client.on('domains.changed', a);
    const offB = client.on('connections.removed', b);
    expect(bridge.onEvent).toHaveBeenCalledTimes(1);
    send('domains.changed', { x: 1 });
    send('connections.removed', { connectionId: 'c1' });
    send('something.else', {});
    expect(a).toHaveBeenCalledWith({ x: 1 });
    expect(b).toHaveBeenCalledWith({ connectionId: 'c1' });
    offA();
    expect(unsubscribe).not.toHaveBeenCalled();
    offB();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('never reports a transport state', () => {
    const { bridge } = fakeBridge(async () => ({ ok: true, value: null }));
    const cb = vi.fn();
    createIpcClient(bridge).onTransportState(cb)();
    expect(cb).not.toHaveBeenCalled();
  });
});
