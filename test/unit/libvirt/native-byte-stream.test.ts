import { describe, expect, it } from 'vitest';
import { nativeByteStream } from '../../../main/libvirt/native-byte-stream';
import type { NativeStream, NativeStreamError } from '../../../main/libvirt/native/api/stream';

/** A stand-in for the binding's stream: records calls, lets the test play the far end. */
function fakeNative(writeResult: () => Promise<void> = async () => undefined) {
  const h: { data?: (c: Buffer) => void; end?: () => void; error?: (e: NativeStreamError) => void } = {};
  const calls: string[] = [];
  const native: NativeStream = {
    onData: (cb) => void ((h.data = cb), calls.push('onData')),
    onEnd: (cb) => void (h.end = cb),
    onError: (cb) => void (h.error = cb),
    write: () => (calls.push('write'), writeResult()),
    pause: () => void calls.push('pause'),
    resume: () => void calls.push('resume'),
    isPaused: () => false,
    finish: async () => undefined,
    abort: async () => void calls.push('abort'),
  };
  return { native, h, calls };
}

describe('nativeByteStream', () => {
  it('starts reading with the first data listener and feeds every listener', () => {
    const { native, h, calls } = fakeNative();
    const s = nativeByteStream(native);
    expect(calls).not.toContain('onData');
    const a: string[] = [];
    const b: string[] = [];
    s.onData((c) => a.push(c.toString()));
    s.onData((c) => b.push(c.toString()));
    h.data!(Buffer.from('login: '));
    expect([a, b]).toEqual([['login: '], ['login: ']]);
    expect(calls.filter((c) => c === 'onData')).toHaveLength(1);
  });

  it('closes once, with the reason when the far end failed', () => {
    const { native, h } = fakeNative();
    const s = nativeByteStream(native);
    const reasons: (string | undefined)[] = [];
    s.onClose((r) => reasons.push(r));
    h.error!(Object.assign(new Error('domain is not running'), { code: 55 }));
    h.end!();
    expect(reasons).toEqual(['domain is not running']);
  });

  it('a failed write closes the stream and aborts it; later writes are dropped', async () => {
    const { native, calls } = fakeNative(() => Promise.reject(new Error('stream aborted')));
    const s = nativeByteStream(native);
    const closed = new Promise<string | undefined>((r) => s.onClose(r));
    s.write(Buffer.from('x'));
    expect(await closed).toBe('stream aborted');
    s.write(Buffer.from('y'));
    expect(calls.filter((c) => c === 'write')).toHaveLength(1);
    expect(calls).toContain('abort');
  });

  it('close() aborts the libvirt stream and reports a clean close', () => {
    const { native, calls } = fakeNative();
    const s = nativeByteStream(native);
    const reasons: (string | undefined)[] = [];
    s.onClose((r) => reasons.push(r));
    s.close();
    s.close();
    expect(calls.filter((c) => c === 'abort')).toHaveLength(1);
    expect(reasons).toEqual([undefined]);
  });
});
