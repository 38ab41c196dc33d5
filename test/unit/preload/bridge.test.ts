import { describe, expect, it, vi } from 'vitest';
import { createBridge, forwardStreamPorts, type IpcLike } from '../../../preload/bridge';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_STREAM_CHANNEL, STREAM_PORT_MESSAGE } from '../../../preload/contract';

function fakeIpc() {
  const listeners = new Map<string, Set<(e: unknown, ...a: unknown[]) => void>>();
  const ipc: IpcLike & { emit(ch: string, ...a: unknown[]): void; emitWithPorts(ch: string, ports: unknown[], ...a: unknown[]): void } = {
    invoke: vi.fn(async () => ({ ok: true, value: 1 })),
    on: (ch, l) => listeners.set(ch, (listeners.get(ch) ?? new Set()).add(l)),
    removeListener: (ch, l) => listeners.get(ch)?.delete(l),
    emit: (ch, ...a) => listeners.get(ch)?.forEach((l) => l({ sender: 'secret ipc event' }, ...a)),
    emitWithPorts: (ch: string, ports: unknown[], ...a: unknown[]) => listeners.get(ch)?.forEach((l) => l({ sender: 'secret', ports }, ...a)),
  };
  return ipc;
}

describe('preload bridge', () => {
  it('exposes exactly invoke, onEvent and openStream, frozen', () => {
    const bridge = createBridge(fakeIpc());
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent', 'openStream']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes only the one channel, whatever the page passes', async () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    await bridge.invoke('domains.start', [{ a: 1 }]);
    await bridge.invoke({ toString: () => 'x' } as unknown as string, 'junk' as unknown as unknown[]);
    expect(ipc.invoke).toHaveBeenNthCalledWith(1, IPC_INVOKE_CHANNEL, 'domains.start', [{ a: 1 }]);
    expect(ipc.invoke).toHaveBeenNthCalledWith(2, IPC_INVOKE_CHANNEL, 'x', []);
  });

  it('delivers events without the IPC event object, and unsubscribes', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    const seen: unknown[][] = [];
    const off = bridge.onEvent((...a) => seen.push(a));
    ipc.emit(IPC_EVENT_CHANNEL, 'domains.changed', { name: 'web' });
    off();
    ipc.emit(IPC_EVENT_CHANNEL, 'domains.changed', { name: 'db' });
    expect(seen).toEqual([['domains.changed', { name: 'web' }]]);
  });
});

describe('console stream ports', () => {
  it('asks for a stream on its own channel', async () => {
    const ipc = fakeIpc();
    await createBridge(ipc).openStream('t0k3n');
    expect(ipc.invoke).toHaveBeenCalledWith(IPC_STREAM_CHANNEL, 't0k3n');
  });

  it('re-posts exactly one port with its ticket to the page, and drops anything else', () => {
    const ipc = fakeIpc();
    const posted: unknown[][] = [];
    forwardStreamPorts(ipc, (m, p) => posted.push([m, p]));
    ipc.emitWithPorts(IPC_STREAM_CHANNEL, ['port-a'], { ticket: 'abc' });
    ipc.emitWithPorts(IPC_STREAM_CHANNEL, [], { ticket: 'no-port' });
    ipc.emitWithPorts(IPC_STREAM_CHANNEL, ['p1', 'p2'], { ticket: 'two-ports' });
    ipc.emitWithPorts(IPC_STREAM_CHANNEL, ['p'], { ticket: 42 });
    expect(posted).toEqual([[{ type: STREAM_PORT_MESSAGE, ticket: 'abc' }, ['port-a']]]);
  });
});
