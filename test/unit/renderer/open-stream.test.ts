import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STREAM_PORT_MESSAGE, type ConsoleTicket, type Result, type VirtBridge } from '../../../preload/contract';
import { VirtError } from '../../../renderer/src/platform/client';
import { createIpcClient } from '../../../renderer/src/platform/ipc-client';
import { PortChannel, type MessageSource } from '../../../renderer/src/platform/port-channel';
import { OPEN, copyBytes } from '../../../renderer/src/platform/stream-channel';
import { WebSocketChannel, type RawStreamSocket } from '../../../renderer/src/platform/ws-channel';
import { createWsClient, streamUrl } from '../../../renderer/src/platform/ws-client';

const ticket: ConsoleTicket = { ticket: 'tkt-AbC_123', kind: 'serial', expiresAt: Date.now() + 30_000 };
const settle = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

/** Stands in for `window`: the preload posts the port to it. */
class FakeWindow implements MessageSource {
  readonly listeners = new Set<(ev: MessageEvent) => void>();
  addEventListener(_type: 'message', l: (ev: MessageEvent) => void) {
    this.listeners.add(l);
  }
  removeEventListener(_type: 'message', l: (ev: MessageEvent) => void) {
    this.listeners.delete(l);
  }
  post(data: unknown, ports: MessagePort[], source: unknown = this) {
    for (const l of [...this.listeners]) l({ data, ports, source } as unknown as MessageEvent);
  }
}

let ports: MessagePort[] = [];
function messageChannel() {
  const ch = new MessageChannel();
  ports.push(ch.port1, ch.port2);
  return ch;
}
afterEach(() => {
  for (const p of ports) p.close();
  ports = [];
});

function ipcSetup(reply: () => Promise<Result<null>>, portTimeoutMs?: number) {
  const win = new FakeWindow();
  const bridge: VirtBridge = {
    invoke: vi.fn(async () => ({ ok: true as const, value: null })),
    onEvent: vi.fn(() => () => {}),
    openStream: vi.fn(reply),
  };
  const client = createIpcClient(bridge, { portSource: win, ...(portTimeoutMs ? { portTimeoutMs } : {}) });
  return { win, bridge, client };
}

describe('ipc-client openStream', () => {
  it('redeems the ticket and wraps the port that follows in a PortChannel', async () => {
    const { win, bridge, client } = ipcSetup(async () => ({ ok: true, value: null }));
    const p = client.openStream(ticket);
    expect(bridge.openStream).toHaveBeenCalledWith('tkt-AbC_123');
    await settle();
    const ch = messageChannel();
    win.post({ type: STREAM_PORT_MESSAGE, ticket: 'tkt-AbC_123' }, [ch.port1]);
    const channel = await p;
    expect(channel).toBeInstanceOf(PortChannel);
    expect(channel.readyState).toBe(OPEN);
    expect(win.listeners.size).toBe(0); // stops listening once nobody waits
    const got: string[] = [];
    channel.onmessage = (ev) => got.push(new TextDecoder().decode(ev.data));
    ch.port2.postMessage(copyBytes('login: '));
    await settle(10);
    expect(got).toEqual(['login: ']);
  });

  it('takes a port that comes before the reply', async () => {
    let answer!: (r: Result<null>) => void;
    const { win, client } = ipcSetup(() => new Promise((r) => (answer = r)));
    const p = client.openStream(ticket);
    win.post({ type: STREAM_PORT_MESSAGE, ticket: ticket.ticket }, [messageChannel().port1]);
    answer({ ok: true, value: null });
    await expect(p).resolves.toBeInstanceOf(PortChannel);
  });

  it('accepts only its own window, its own message type and a ticket it waits for', async () => {
    const { win, client } = ipcSetup(async () => ({ ok: true, value: null }));
    const p = client.openStream(ticket);
    let settled = false;
    void p.then(() => (settled = true));
    const foreign = messageChannel();
    const closed = vi.fn();
    foreign.port2.addEventListener('close', closed);
    win.post({ type: STREAM_PORT_MESSAGE, ticket: ticket.ticket }, [messageChannel().port1], { other: 'frame' });
    win.post({ type: 'something-else', ticket: ticket.ticket }, [messageChannel().port1]);
    win.post({ type: STREAM_PORT_MESSAGE, ticket: 'not-ours' }, [foreign.port1]);
    await settle(10);
    expect(settled).toBe(false);
    expect(closed).toHaveBeenCalled(); // a port nobody waits for is closed at once
    win.post({ type: STREAM_PORT_MESSAGE, ticket: ticket.ticket }, [messageChannel().port1]);
    await expect(p).resolves.toBeInstanceOf(PortChannel);
  });

  it('throws main’s error as a VirtError on {ok:false} and waits for no port', async () => {
    const error = { code: 'not-found' as const, message: 'This console link is not valid' };
    const { win, client } = ipcSetup(async () => ({ ok: false, error }));
    const err = await client.openStream(ticket).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VirtError);
    expect((err as VirtError).info).toEqual(error);
    expect(win.listeners.size).toBe(0);
  });

  it('turns a bridge that throws (or an old preload without openStream) into an internal VirtError', async () => {
    const { client, win } = ipcSetup(async () => {
      throw new TypeError('bridge.openStream is not a function');
    });
    await expect(client.openStream(ticket)).rejects.toMatchObject({ info: { code: 'internal', detail: 'bridge.openStream is not a function' } });
    expect(win.listeners.size).toBe(0);
  });

  it('gives up when the port never comes', async () => {
    const { client } = ipcSetup(async () => ({ ok: true, value: null }), 30);
    await expect(client.openStream(ticket)).rejects.toMatchObject({ info: { code: 'internal', message: 'The console stream did not arrive' } });
  });
});

class FakeStreamSocket implements RawStreamSocket {
  static last: FakeStreamSocket | undefined;
  binaryType = 'blob';
  readyState = 0;
  sent: (ArrayBuffer | ArrayBufferView)[] = [];
  closedWith: [number | undefined, string | undefined] | undefined;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeStreamSocket.last = this;
  }
  send(data: ArrayBuffer | ArrayBufferView) {
    this.sent.push(data);
  }
  close(code?: number, reason?: string) {
    this.closedWith = [code, reason];
    this.readyState = 2;
  }
  // server side
  accept() {
    this.readyState = 1;
    this.onopen?.({});
  }
  end(code: number, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean: code !== 1006 });
  }
}

describe('ws-client openStream', () => {
  let rpc: { onopen: (() => void) | null };
  const makeClient = (streamOpenTimeoutMs?: number) =>
    createWsClient({
      url: 'ws://127.0.0.1:1234/rpc',
      createSocket: () => {
        rpc = { onopen: null };
        return Object.assign(rpc, { readyState: 0, send() {}, close() {}, onmessage: null, onclose: null, onerror: null });
      },
      createStreamSocket: (u) => new FakeStreamSocket(u),
      ...(streamOpenTimeoutMs ? { streamOpenTimeoutMs } : {}),
    });

  beforeEach(() => {
    FakeStreamSocket.last = undefined;
  });

  it('builds /stream/<ticket> on the RPC host', () => {
    expect(streamUrl('ws://127.0.0.1:1234/rpc', 'a-b_C')).toBe('ws://127.0.0.1:1234/stream/a-b_C');
    expect(streamUrl('wss://example.org/rpc', 'x/y')).toBe('wss://example.org/stream/x%2Fy');
  });

  it('resolves with an open channel once the server accepted (it reached the console first)', async () => {
    const client = makeClient();
    const p = client.openStream(ticket);
    const ws = FakeStreamSocket.last!;
    expect(ws.url).toBe('ws://127.0.0.1:1234/stream/tkt-AbC_123');
    expect(ws.binaryType).toBe('arraybuffer');
    ws.accept();
    const channel = await p;
    expect(channel).toBeInstanceOf(WebSocketChannel);
    expect(channel.readyState).toBe(OPEN);
    client.dispose();
  });

  it('an accepted stream that main closes at once carries main’s code and reason to the page', async () => {
    const client = makeClient();
    const p = client.openStream(ticket);
    const ws = FakeStreamSocket.last!;
    ws.accept();
    const channel = await p;
    const onclose = vi.fn();
    channel.addEventListener('close', onclose);
    ws.end(4004, 'vd-e2e-nographics has no graphical console');
    await settle();
    expect(onclose.mock.calls[0]![0]).toMatchObject({ code: 4004, reason: 'vd-e2e-nographics has no graphical console' });
    client.dispose();
  });

  it('rejects with a VirtError when the socket closes before opening (refused upgrade)', async () => {
    const client = makeClient();
    const p = client.openStream(ticket);
    FakeStreamSocket.last!.end(1006);
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VirtError);
    expect((err as VirtError).message).toBe('Could not open the console stream');
    expect((err as VirtError).detail).toContain('code 1006');
    client.dispose();
  });

  it('never hangs: a stream that does not open in time is closed and rejected', async () => {
    const client = makeClient(25);
    const p = client.openStream(ticket);
    await expect(p).rejects.toMatchObject({ info: { message: 'The console did not answer' } });
    expect(FakeStreamSocket.last!.closedWith).toEqual([1000, '']);
    client.dispose();
  });
});
