import { describe, expect, it, vi } from 'vitest';

// The electron module is faked; the port is a real Node MessageChannel port,
// which behaves like MessagePortMain for what pipePort uses.
vi.mock('electron', () => ({ ipcMain: { handle: vi.fn(), removeHandler: vi.fn() }, MessageChannelMain: class {} }));
const { pipePort } = await import('../../../main/electron/console-ports');
import { MessageChannel } from 'node:worker_threads';
import type { ByteStream } from '../../../main/libvirt/types';

function fakeBytes() {
  const data: ((c: Buffer) => void)[] = [];
  const closes: ((r?: string) => void)[] = [];
  const written: number[][] = [];
  let closed = false;
  const bytes: ByteStream = {
    write: (c) => void written.push([...c]),
    pause() {},
    resume() {},
    close: () => void (closed = true),
    onData: (l) => void data.push(l),
    onClose: (l) => void closes.push(l),
  };
  return { bytes, written, isClosed: () => closed, emit: (b: Buffer) => data.forEach((l) => l(b)), end: (r?: string) => closes.forEach((l) => l(r)) };
}

/** Node's MessagePort speaks EventEmitter with the data in the event itself; MessagePortMain wraps it as {data}. */
function mainLike(port: import('node:worker_threads').MessagePort) {
  return {
    postMessage: (m: unknown) => port.postMessage(m),
    close: () => port.close(),
    start: () => port.start(),
    on: (ev: string, l: (e: unknown) => void) => port.on(ev, ev === 'message' ? (d: unknown) => l({ data: d }) : l),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('pipePort', () => {
  it('copies console bytes to the page and page bytes to the console', async () => {
    const { port1, port2 } = new MessageChannel();
    const f = fakeBytes();
    pipePort(mainLike(port1) as never, f.bytes);
    const got: unknown[] = [];
    port2.on('message', (m) => got.push(m));
    // A view into a larger pooled buffer: only its own bytes may travel.
    const pooled = Buffer.from([9, 9, 1, 2, 3, 9]);
    f.emit(pooled.subarray(2, 5));
    port2.postMessage(new Uint8Array([65, 66]).buffer);
    port2.postMessage('ls\r');
    await tick();
    expect(got).toHaveLength(1);
    expect([...new Uint8Array(got[0] as ArrayBuffer)]).toEqual([1, 2, 3]);
    expect(f.written).toEqual([[65, 66], [108, 115, 13]]);
    port2.close();
  });

  it('tells the page why when the console ends, and closes the console when the page does', async () => {
    const a = new MessageChannel();
    const f = fakeBytes();
    pipePort(mainLike(a.port1) as never, f.bytes);
    const got: unknown[] = [];
    a.port2.on('message', (m) => got.push(m));
    f.end('guest destroyed');
    await tick();
    expect(got).toEqual([{ type: 'close', code: 4010, reason: 'guest destroyed' }]);

    const b = new MessageChannel();
    const g = fakeBytes();
    pipePort(mainLike(b.port1) as never, g.bytes);
    b.port2.postMessage({ type: 'close', code: 1000, reason: 'bye' });
    await tick();
    expect(g.isClosed()).toBe(true);
  });
});
