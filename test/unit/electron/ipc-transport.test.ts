import { beforeEach, describe, expect, it, vi } from 'vitest';

// The electron module is faked: these tests run in plain Node (no Electron binary here).
const handlers = new Map<string, (...a: unknown[]) => unknown>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (ch: string, fn: (...a: unknown[]) => unknown) => handlers.set(ch, fn),
    removeHandler: (ch: string) => handlers.delete(ch),
  },
}));

const { bindIpcTransport, isTrustedSender } = await import('../../../main/electron/ipc-transport');
const { ServiceHost } = await import('../../../main/transport/service-host');
const { silentLogger } = await import('../../../main/services/event-sink');
const { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } = await import('../../../preload/contract');

function fakeContents(id: number, url = 'app://bundle/index.html') {
  const mainFrame = { url };
  const listeners = new Map<string, () => void>();
  return {
    id,
    mainFrame,
    destroyed: false,
    sent: [] as unknown[][],
    isDestroyed() {
      return this.destroyed;
    },
    send(...a: unknown[]) {
      this.sent.push(a);
    },
    once(ev: string, fn: () => void) {
      listeners.set(ev, fn);
    },
    fire(ev: string) {
      listeners.get(ev)?.();
    },
  };
}

function hostWithList() {
  const host = new ServiceHost(silentLogger);
  host.setHandlers({ 'connections.list': async () => [] } as never);
  return host;
}

describe('isTrustedSender', () => {
  it('accepts only the main frame of a trusted window showing app://bundle', () => {
    const c = fakeContents(1);
    const ok = { sender: c, senderFrame: c.mainFrame } as never;
    expect(isTrustedSender(ok, new Set([1]))).toBe(true);
    expect(isTrustedSender(ok, new Set([2]))).toBe(false);
    expect(isTrustedSender({ sender: c, senderFrame: { url: 'app://bundle/x' } } as never, new Set([1]))).toBe(false);
    const evil = fakeContents(1, 'https://evil.example/');
    expect(isTrustedSender({ sender: evil, senderFrame: evil.mainFrame } as never, new Set([1]))).toBe(false);
    expect(isTrustedSender({ sender: c, senderFrame: null } as never, new Set([1]))).toBe(false);
  });
});

describe('bindIpcTransport', () => {
  beforeEach(() => handlers.clear());

  it('serves trusted windows, refuses others, and validates arguments', async () => {
    const ipc = bindIpcTransport(hostWithList(), { redeem: async () => { throw new Error('unused'); } });
    const win = fakeContents(1);
    ipc.trust(win as never);
    const invoke = handlers.get(IPC_INVOKE_CHANNEL)!;
    expect(await invoke({ sender: win, senderFrame: win.mainFrame }, 'connections.list', [])).toEqual({ ok: true, value: [] });
    expect(await invoke({ sender: win, senderFrame: win.mainFrame }, 'connections.list', ['extra'])).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    const stranger = fakeContents(9);
    expect(await invoke({ sender: stranger, senderFrame: stranger.mainFrame }, 'connections.list', [])).toMatchObject({ ok: false });
    ipc.dispose();
    expect(handlers.has(IPC_INVOKE_CHANNEL)).toBe(false);
  });

  it('sends events to live trusted windows only, and forgets destroyed ones', () => {
    const host = hostWithList();
    const ipc = bindIpcTransport(host, { redeem: async () => { throw new Error('unused'); } });
    const a = fakeContents(1);
    const b = fakeContents(2);
    ipc.trust(a as never);
    ipc.trust(b as never);
    b.destroyed = true;
    host.emit('connections.removed', { connectionId: 'c1' });
    expect(a.sent).toEqual([[IPC_EVENT_CHANNEL, 'connections.removed', { connectionId: 'c1' }]]);
    expect(b.sent).toEqual([]);
    a.fire('destroyed');
    host.emit('connections.removed', { connectionId: 'c2' });
    expect(a.sent).toHaveLength(1);
  });
});
