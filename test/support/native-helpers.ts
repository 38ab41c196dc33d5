// Small helpers for the native-binding integration tests (streams, networks,
// storage): promise rejections, polling, garbage collection, console text.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect } from 'vitest';
import type { NativeStream, NativeStreamError } from '../../main/libvirt/native/api/stream';

/** Resolves with the rejection reason of `p`; fails if `p` resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: number; libvirtError?: boolean }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: number };
  }
  throw new Error('expected the promise to reject');
}

/** Expects `p` to reject with libvirt error `code`. */
export async function expectLibvirtCode(p: Promise<unknown>, code: number): Promise<void> {
  const err = await rejection(p);
  expect(err.message.length).toBeGreaterThan(0);
  expect(err.code).toBe(code);
}

/** Expects every call to reject with a TypeError. */
export async function expectTypeErrors(calls: Array<() => Promise<unknown>>): Promise<void> {
  for (const call of calls) expect(await rejection(call())).toBeInstanceOf(TypeError);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `pick()` returns a value other than undefined. */
export async function waitFor<T>(pick: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = pick();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The V8 collector, exposed at run time (vitest does not pass --expose-gc). */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Console text without ANSI escapes (busybox ash sends ESC[6n after prompts) or CRs. */
export function consoleText(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/** Records everything a stream delivers. */
export function record(stream: NativeStream) {
  const r = {
    chunks: [] as Buffer[],
    ended: false,
    error: undefined as NativeStreamError | undefined,
    get text() {
      return consoleText(Buffer.concat(r.chunks).toString('latin1'));
    },
    get bytes() {
      return Buffer.concat(r.chunks);
    },
    get done() {
      return r.ended || r.error !== undefined;
    },
  };
  stream.onData((chunk) => r.chunks.push(chunk));
  stream.onEnd(() => (r.ended = true));
  stream.onError((e) => (r.error = e));
  return r;
}

/** Reads a stream to its end; rejects on onError. */
export function readAll(stream: NativeStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.onData((c) => chunks.push(c));
    stream.onEnd(() => resolve(Buffer.concat(chunks)));
    stream.onError(reject);
  });
}
