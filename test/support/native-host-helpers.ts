// Helpers for the native binding's host/auth/stats/events/secret integration tests.
import { expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { NativeLibvirtErrorFields } from '../../main/libvirt/native/addon';
import { LibvirtError } from '../../main/libvirt/libvirt-error';

export type NativeLibvirtError = Error & NativeLibvirtErrorFields;

export const ROOT = join(__dirname, '..', '..');

/** Resolves with the rejection reason of `p`; fails the test if `p` resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the promise to reject');
}

/**
 * Asserts `e` came from libvirt (a LibvirtError from openLibvirt's mapping, or
 * the raw addon's Error with libvirtError: true) and carries `code` if given.
 */
export function expectLibvirtError(e: Error, code?: number): asserts e is NativeLibvirtError {
  const err = e as NativeLibvirtError;
  expect(err).toBeInstanceOf(Error);
  expect(err instanceof LibvirtError || err.libvirtError === true, `not a libvirt error: ${String(err)}`).toBe(true);
  expect(typeof err.code).toBe('number');
  expect(err.message.length).toBeGreaterThan(0);
  if (code !== undefined) expect(err.code, err.message).toBe(code);
}

/** Polls until `pick()` returns something other than undefined (events arrive asynchronously). */
export async function waitFor<T>(pick: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = pick();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** test:/// URI of a fixture host under test/fixtures/hosts. */
export function fixtureUri(file: string): string {
  return `test://${join(ROOT, 'test', 'fixtures', 'hosts', file)}`;
}

/** Runs virsh on qemu:///system and returns stdout; never throws (cleanup paths). */
export function virshQuiet(...args: string[]): string {
  try {
    return execFileSync('virsh', ['-c', 'qemu:///system', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return '';
  }
}

/**
 * Calls every method with wrong argument types and expects a TypeError
 * rejection for each (never a crash or a synchronous throw).
 */
export async function expectTypeErrors(
  target: object,
  cases: ReadonlyArray<readonly [string, readonly unknown[]]>,
): Promise<void> {
  const any = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const [method, args] of cases) {
    const e = await rejection(any[method]!.apply(target, [...args]));
    expect(e, `${method}(${args.map(String).join(', ')})`).toBeInstanceOf(TypeError);
  }
}
