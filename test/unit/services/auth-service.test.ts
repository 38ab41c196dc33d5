import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkArgs } from '../../../preload/contract';
import { AUTH_CANCELLED_MESSAGE, AuthService } from '../../../main/services/auth-service';
import type { Logger } from '../../../main/services/event-sink';
import { ServiceError } from '../../../main/services/service-error';
import { RecordingSink } from '../fakes/fake-hypervisor';
import type { CredentialRequest } from '../../../main/libvirt/types';

const USER: CredentialRequest = { type: 'authname', prompt: 'Enter username for localhost', challenge: 'localhost', secret: false };
const PASS: CredentialRequest = { type: 'passphrase', prompt: "Enter vd-admin's password for localhost", secret: true };

function setup(timeoutMs = 1000) {
  const sink = new RecordingSink();
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  let n = 0;
  const auth = new AuthService(sink, log, { timeoutMs, now: () => 1000, newId: () => `req-000${++n}` });
  return { sink, lines, auth };
}

afterEach(() => vi.useRealTimers());

describe('AuthService', () => {
  it('announces a request, resolves with the answer and settles it everywhere', async () => {
    const { sink, auth } = setup();
    const answer = auth.authenticator('test:///x')([USER, PASS]);
    expect(sink.named('auth.requested')).toEqual([
      { requestId: 'req-0001', uri: 'test:///x', expiresAt: 2000, credentials: [USER, PASS] },
    ]);
    expect(auth.pendingRequests().map((r) => r.requestId)).toEqual(['req-0001']);
    auth.respond('req-0001', ['vd-admin', 's3cret']);
    await expect(answer).resolves.toEqual(['vd-admin', 's3cret']);
    expect(sink.named('auth.settled')).toEqual([{ requestId: 'req-0001', outcome: 'answered' }]);
    expect(auth.pendingRequests()).toEqual([]);
  });

  it('fails the open with a clear message on cancel', async () => {
    const { sink, auth } = setup();
    const answer = auth.prompt('test:///x', [PASS]);
    auth.respond('req-0001', null);
    await expect(answer).rejects.toThrow(AUTH_CANCELLED_MESSAGE);
    expect(sink.named('auth.settled')).toEqual([{ requestId: 'req-0001', outcome: 'cancelled' }]);
  });

  it('times out, settles and refuses a late answer', async () => {
    vi.useFakeTimers();
    const { sink, auth } = setup(120_000);
    const answer = auth.prompt('test:///x', [PASS]);
    const failed = expect(answer).rejects.toThrow('no credentials were entered within 120 s');
    vi.advanceTimersByTime(120_000);
    await failed;
    expect(sink.named('auth.settled')).toEqual([{ requestId: 'req-0001', outcome: 'timeout' }]);
    expect(() => auth.respond('req-0001', ['late'])).toThrow(ServiceError);
  });

  it('refuses unknown ids and a wrong number of answers, keeping the request open', async () => {
    const { auth } = setup();
    const answer = auth.prompt('test:///x', [USER, PASS]);
    expect(() => auth.respond('nope-nope', ['a', 'b'])).toThrow(/already ended/);
    expect(() => auth.respond('req-0001', ['only-one'])).toThrow(/Expected 2 answer/);
    expect(auth.pendingRequests()).toHaveLength(1);
    auth.cancelAll();
    await expect(answer).rejects.toThrow(AUTH_CANCELLED_MESSAGE);
  });

  it('never logs or announces an answer', async () => {
    const { sink, lines, auth } = setup();
    const answer = auth.prompt('test:///x', [USER, PASS]);
    auth.respond('req-0001', ['vd-admin', 'hunter2-secret']);
    await answer;
    expect(JSON.stringify([lines, sink.events])).not.toContain('hunter2-secret');
  });
});

describe('auth.respond validation', () => {
  it.each([
    [['req-0001', ['user', 'pass']]],
    [['0b7a4c2e-8f0d-4a1e-9c3b-5d6e7f8a9b0c', null]],
    [['req-0001', ['']]],
  ])('accepts %j', (args) => {
    expect(checkArgs('auth.respond', args)).toBeUndefined();
  });

  it.each([
    [['short', ['x']], /request id/],
    [['req 0001', ['x']], /request id/],
    [[42, ['x']], /request id/],
    [['req-0001', 'pass'], /array of strings/],
    [['req-0001', []], /1 to 8/],
    [['req-0001', Array(9).fill('x')], /1 to 8/],
    [['req-0001', [42]], /answer 1 must be a string/],
    [['req-0001', ['a'.repeat(1025)]], /longer than 1024/],
    [['req-0001', ['a\u0000b']], /NUL/],
    [['req-0001'], /takes 2 argument/],
  ])('refuses %j', (args, problem) => {
    const result = checkArgs('auth.respond', args);
    expect(result).toMatch(problem);
  });

  it('never quotes a refused answer', () => {
    expect(checkArgs('auth.respond', ['req-0001', ['x'.repeat(2000)]])).not.toContain('xxxx');
    expect(checkArgs('auth.respond', ['req-0001', ['top-secret\u0000']])).not.toContain('top-secret');
  });

  it('takes no arguments for auth.pending', () => {
    expect(checkArgs('auth.pending', [])).toBeUndefined();
    expect(checkArgs('auth.pending', [1])).toMatch(/takes 0/);
  });
});
