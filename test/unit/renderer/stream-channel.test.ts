import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PortChannel } from '../../../renderer/src/platform/port-channel';
import { CLOSED, OPEN, copyBytes, type StreamChannel, type StreamCloseEvent } from '../../../renderer/src/platform/stream-channel';
import { WebSocketChannel, type RawStreamSocket } from '../../../renderer/src/platform/ws-channel';

// A real MessageChannel (Node has one): port2 plays main's end of the stream.

const settle = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));
const text = (buf: ArrayBuffer) => new TextDecoder().decode(buf);
const bytes = (s: string) => copyBytes(s);

let open: MessagePort[] = [];
function pair() {
  const ch = new MessageChannel();
  open.push(ch.port1, ch.port2);
  const received: unknown[] = [];
  ch.port2.onmessage = (ev: MessageEvent) => received.push(ev.data);
  return { channel: new PortChannel(ch.port1), main: ch.port2, received };
}

afterEach(() => {
  for (const p of open) p.close();
  open = [];
});

// noVNC and xterm read WebSocket's constants, which Node 20 has no global for.
beforeAll(() => {
  const g = globalThis as Record<string, unknown>;
  g.WebSocket ??= { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 };
  // noVNC's logging reads window.console at import.
  g.window ??= { console, Error };
});

describe('PortChannel', () => {
  it('is open from the start and fires no open event (main hands the port over connected)', async () => {
    const { channel } = pair();
    const onopen = vi.fn();
    channel.onopen = onopen;
    expect(channel.readyState).toBe(OPEN);
    expect(channel.protocol).toBe('');
    await settle();
    expect(onopen).not.toHaveBeenCalled();
  });

  it('delivers binary frames from main as ArrayBuffers, to on* and listeners alike', async () => {
    const { channel, main } = pair();
    const seen: string[] = [];
    channel.onmessage = (ev) => seen.push(`on:${text(ev.data)}`);
    channel.addEventListener('message', (ev) => seen.push(`l:${text(ev.data)}`));
    main.postMessage(bytes('RFB 003.008\n'));
    // Electron posts Node Buffers, which arrive as Uint8Arrays (possibly a window into a bigger buffer).
    const big = new Uint8Array(bytes('xxhello!xx'));
    main.postMessage(big.subarray(2, 8));
    await settle(10);
    expect(seen).toEqual(['on:RFB 003.008\n', 'l:RFB 003.008\n', 'on:hello!', 'l:hello!']);
  });

  it('copies what it sends: the caller keeps its buffer, and later changes do not leak', async () => {
    const { channel, received } = pair();
    // noVNC sends a view into its own reusable send queue.
    const queue = new Uint8Array(64);
    queue.set([1, 2, 3, 4, 5]);
    channel.send(new Uint8Array(queue.buffer, 1, 3));
    queue[2] = 99; // after the send: main still gets 3
    channel.send(queue.buffer.slice(0, 2));
    channel.send('é\r');
    await settle(10);
    expect(queue.buffer.byteLength).toBe(64); // not transferred away
    expect(received.map((d) => [...new Uint8Array(d as ArrayBuffer)])).toEqual([[2, 3, 4], [1, 2], [0xc3, 0xa9, 0x0d]]);
    expect(received.every((d) => d instanceof ArrayBuffer)).toBe(true);
  });

  it('ends on main’s close frame with its code and reason, after the data before it', async () => {
    const { channel, main } = pair();
    const events: string[] = [];
    channel.onmessage = (ev) => events.push(text(ev.data));
    channel.onclose = (ev) => events.push(`close ${ev.code} ${ev.reason} ${ev.wasClean}`);
    main.postMessage(bytes('last words'));
    main.postMessage({ type: 'close', code: 4010, reason: 'Could not reach the VNC server: connect ECONNREFUSED 127.0.0.1:5901' });
    await settle(10);
    expect(events).toEqual(['last words', 'close 4010 Could not reach the VNC server: connect ECONNREFUSED 127.0.0.1:5901 true']);
    expect(channel.readyState).toBe(CLOSED);
    expect(channel.closeInfo).toEqual({ code: 4010, reason: 'Could not reach the VNC server: connect ECONNREFUSED 127.0.0.1:5901' });
    channel.send('dropped'); // no throw, as a closed WebSocket
  });

  it('close() tells main with a close frame and fires close later, with its own code', async () => {
    const { channel, received } = pair();
    const onclose = vi.fn();
    channel.addEventListener('close', onclose);
    channel.close(1000, 'tab closed');
    expect(onclose).not.toHaveBeenCalled();
    await settle(10);
    expect(received).toEqual([{ type: 'close', code: 1000, reason: 'tab closed' }]);
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(onclose.mock.calls[0]![0]).toMatchObject({ code: 1000, reason: 'tab closed', wasClean: true });
    channel.close(); // twice is harmless
  });

  it('holds bytes that arrive before anyone listens, and delivers them in order once someone does', async () => {
    const { channel, main } = pair();
    main.postMessage(bytes('early '));
    main.postMessage(bytes('bird'));
    await settle(10);
    const got: string[] = [];
    channel.addEventListener('message', (ev) => got.push(text(ev.data)));
    main.postMessage(bytes('!'));
    await settle(10);
    expect(got.join('')).toBe('early bird!');
  });

  it('releases held bytes when a handler is assigned to onmessage, as noVNC does', async () => {
    const { channel, main } = pair();
    main.postMessage(bytes('RFB 003.008\n'));
    await settle(10);
    const got: string[] = [];
    channel.onmessage = (ev) => got.push(text(ev.data));
    await settle(10);
    expect(got).toEqual(['RFB 003.008\n']);
    expect(Object.keys(channel)).toEqual(expect.arrayContaining(['onmessage', 'onopen', 'onclose', 'onerror', 'binaryType', 'protocol', 'readyState']));
  });

  it('ignores frames outside the protocol', async () => {
    const { channel, main } = pair();
    const onmessage = vi.fn();
    channel.onmessage = onmessage;
    main.postMessage('a string');
    main.postMessage({ type: 'something' });
    await settle(10);
    expect(onmessage).not.toHaveBeenCalled();
    expect(channel.readyState).toBe(OPEN);
  });
});

class FakeSocket implements RawStreamSocket {
  binaryType = 'blob';
  readyState = 0;
  sent: (ArrayBuffer | ArrayBufferView)[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: ArrayBuffer | ArrayBufferView) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 2;
  }
}

describe('WebSocketChannel', () => {
  it('mirrors the socket: open, binary messages, close with the server’s code and reason', async () => {
    const ws = new FakeSocket();
    const channel = new WebSocketChannel(ws);
    expect(ws.binaryType).toBe('arraybuffer');
    expect(channel.readyState).toBe(0);
    const events: string[] = [];
    channel.onopen = () => events.push('open');
    channel.onmessage = (ev) => events.push(text(ev.data));
    channel.addEventListener('close', (ev: StreamCloseEvent) => events.push(`close ${ev.code} ${ev.reason}`));
    ws.readyState = 1;
    ws.onopen?.({});
    ws.onmessage?.({ data: bytes('hi') });
    ws.readyState = 3;
    ws.onclose?.({ code: 4004, reason: 'vd has no graphical console', wasClean: true });
    await settle();
    expect(events).toEqual(['open', 'hi', 'close 4004 vd has no graphical console']);
    expect(channel.closeInfo).toEqual({ code: 4004, reason: 'vd has no graphical console' });
  });

  it('sends strings as UTF-8 binary frames and refuses to send before open', () => {
    const ws = new FakeSocket();
    const channel = new WebSocketChannel(ws);
    expect(() => channel.send('x')).toThrow();
    ws.onopen?.({});
    channel.send('ls\r');
    expect(text(ws.sent[0] as ArrayBuffer)).toBe('ls\r');
  });
});

/** What both consumers need, checked against their real code. */
function channels(): { name: string; make: () => { channel: StreamChannel; feed: (s: string) => void; sent: () => string[] } }[] {
  return [
    {
      name: 'PortChannel',
      make: () => {
        const { channel, main, received } = pair();
        return { channel, feed: (s) => main.postMessage(bytes(s)), sent: () => received.map((d) => text(d as ArrayBuffer)) };
      },
    },
    {
      name: 'WebSocketChannel',
      make: () => {
        const ws = new FakeSocket();
        const channel = new WebSocketChannel(ws);
        ws.readyState = 1;
        ws.onopen?.({});
        return {
          channel,
          feed: (s) => ws.onmessage?.({ data: bytes(s) }),
          sent: () => ws.sent.map((d) => text(d instanceof ArrayBuffer ? d : copyBytes(d))),
        };
      },
    },
  ];
}

describe.each(channels())('$name with the real consumers', ({ make }) => {
  it('noVNC’s Websock attaches to it (its duck-typing check passes) and reads its bytes', async () => {
    // noVNC's package exports only rfb.js, which needs a DOM; Websock is the part that touches the channel.
    const url = new URL('../../../node_modules/@novnc/novnc/core/websock.js', import.meta.url).href;
    const { default: Websock } = (await import(/* @vite-ignore */ url)) as { default: new () => NoVncWebsock };
    const { channel, feed, sent } = make();
    const sock = new Websock();
    const onMessage = vi.fn();
    sock.on('message', onMessage);
    expect(() => sock.attach(channel)).not.toThrow();
    expect(sock.readyState).toBe('open');
    feed('RFB 003.008\n');
    // Delivery is a task away (held until a listener is there); a loaded machine may take longer than one tick.
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalled());
    expect(sock.rQshiftStr(12)).toBe('RFB 003.008\n');
    sock.sQpushString('RFB 003.008\n');
    sock.flush();
    await vi.waitFor(() => expect(sent()).toEqual(['RFB 003.008\n']));
  });

  it('xterm’s AttachAddon writes its bytes to the terminal and sends keystrokes', async () => {
    const { AttachAddon } = await import('@xterm/addon-attach');
    const { channel, feed, sent } = make();
    const written: string[] = [];
    let onData: (d: string) => void = () => {};
    const terminal = {
      write: (d: string | Uint8Array) => written.push(typeof d === 'string' ? d : new TextDecoder().decode(d)),
      onData: (cb: (d: string) => void) => ((onData = cb), { dispose() {} }),
      onBinary: () => ({ dispose() {} }),
    };
    const addon = new AttachAddon(channel as unknown as WebSocket);
    addon.activate(terminal as never);
    feed('vd-guest# ');
    await settle(10);
    expect(written.join('')).toBe('vd-guest# ');
    onData('echo hi\r');
    await settle(10);
    expect(sent()).toEqual(['echo hi\r']);
    addon.dispose();
  });
});

interface NoVncWebsock {
  attach(channel: unknown): void;
  on(evt: string, handler: (...args: unknown[]) => void): void;
  readonly readyState: string;
  rQshiftStr(len: number): string;
  sQpushString(s: string): void;
  flush(): void;
}
