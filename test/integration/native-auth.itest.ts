// addon.openAuth against the test driver's real authentication: a host file
// with an <auth> section (test/fixtures/hosts/auth.xml) makes virConnectOpenAuth
// ask for VIR_CRED_AUTHNAME, then VIR_CRED_PASSPHRASE, through our callback.
import { describe, it, expect } from 'vitest';
import type { NativeAddon, NativeCredentialRequest } from '../../main/libvirt/native/addon';
import { loadAddon } from '../../main/libvirt/addon-loader';
import { mapErrors } from '../../main/libvirt/connection';
import { expectLibvirtError, expectTypeErrors, fixtureUri, rejection, sleep } from '../support/native-host-helpers';
import { loopTurnsDuring } from '../support/loop-turns';

const addon: NativeAddon = loadAddon();
const URI = fixtureUri('auth.xml');
const VIR_CRED_AUTHNAME = 2;
const VIR_CRED_PASSPHRASE = 5;
const CRED_TYPES = [VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE];
const VIR_ERR_AUTH_FAILED = 45;

/** An onCredentials that answers user/password prompts and records every request. */
function answering(user: string | null, password: string | null, log: NativeCredentialRequest[][] = []) {
  return async (creds: NativeCredentialRequest[]) => {
    log.push(creds);
    return creds.map((c) => (c.type === VIR_CRED_AUTHNAME ? user : password));
  };
}

describe('openAuth on the test driver with <auth>', () => {
  it('opens with the right user name and password, asking for each once', async () => {
    const log: NativeCredentialRequest[][] = [];
    const conn = mapErrors(await addon.openAuth(URI, { credTypes: CRED_TYPES }, answering('vd-admin', 's3cret-pass', log)));
    try {
      expect((await conn.listAllDomains(0)).map((d) => d.name)).toEqual(['auth-guest']);
      expect(log).toEqual([
        [{ type: VIR_CRED_AUTHNAME, prompt: 'Enter username for localhost', challenge: 'localhost', defresult: null }],
        [{ type: VIR_CRED_PASSPHRASE, prompt: "Enter vd-admin's password for localhost", challenge: 'localhost', defresult: null }],
      ]);
    } finally {
      await conn.close();
    }
  });

  it('opens read-only, and asks no password of a user that has none', async () => {
    const log: NativeCredentialRequest[][] = [];
    const conn = await addon.openAuth(URI, { readOnly: true, credTypes: CRED_TYPES }, answering('vd-nopass', 'unused', log));
    try {
      expect(log.map((creds) => creds.map((c) => c.type))).toEqual([[VIR_CRED_AUTHNAME]]);
      expect(await conn.getURI()).toBe(URI);
    } finally {
      await conn.close();
    }
  });

  it('accepts a synchronous answer (a plain array)', async () => {
    const conn = await addon.openAuth(URI, { credTypes: CRED_TYPES }, (creds) =>
      creds.map((c) => (c.type === VIR_CRED_AUTHNAME ? 'vd-admin' : 's3cret-pass')),
    );
    await conn.close();
  });

  it('rejects a wrong password or an unknown user with libvirt auth error', async () => {
    for (const [user, password] of [
      ['vd-admin', 'wrong'],
      ['nobody-here', 's3cret-pass'],
    ] as const) {
      const e = await rejection(addon.openAuth(URI, { credTypes: CRED_TYPES }, answering(user, password)));
      expectLibvirtError(e, VIR_ERR_AUTH_FAILED);
      expect(e.message).toMatch(/authentication failed/);
    }
  });

  it('rejects with the auth error when a prompt is cancelled (null)', async () => {
    const atUser = await rejection(addon.openAuth(URI, { credTypes: CRED_TYPES }, answering(null, 's3cret-pass')));
    expectLibvirtError(atUser, VIR_ERR_AUTH_FAILED);
    expect(atUser.message).toMatch(/Username request failed/);
    const atPassword = await rejection(addon.openAuth(URI, { credTypes: CRED_TYPES }, answering('vd-admin', null)));
    expectLibvirtError(atPassword, VIR_ERR_AUTH_FAILED);
    expect(atPassword.message).toMatch(/Password request failed/);
  });

  it('rejects when the driver needs a credential type we did not offer', async () => {
    let asked = false;
    const e = await rejection(
      addon.openAuth(URI, { credTypes: [VIR_CRED_PASSPHRASE] }, async () => {
        asked = true;
        return ['x'];
      }),
    );
    expectLibvirtError(e, VIR_ERR_AUTH_FAILED);
    expect(e.message).toMatch(/VIR_CRED_AUTHNAME/);
    expect(asked).toBe(false);
  });

  it('fails the open cleanly when onCredentials throws, rejects, answers nonsense or never answers', async () => {
    const cases: Array<[string, (creds: NativeCredentialRequest[]) => unknown, RegExp, number?]> = [
      ['throws', () => { throw new Error('prompt crashed'); }, /onCredentials failed: prompt crashed/],
      ['rejects', () => Promise.reject(new Error('user closed the dialog')), /onCredentials rejected: user closed the dialog/],
      ['not an array', () => Promise.resolve('vd-admin'), /must resolve to an array of 1 entries/],
      ['wrong length', () => Promise.resolve(['a', 'b']), /must resolve to an array of 1 entries/],
      ['not strings', () => Promise.resolve([42]), /must resolve to an array of 1 entries/],
      ['never answers', () => new Promise(() => {}), /no answer to the credentials prompt within 300 ms/, 300],
    ];
    for (const [what, onCredentials, message, timeoutMs] of cases) {
      const started = Date.now();
      const e = await rejection(
        addon.openAuth(
          URI,
          { credTypes: CRED_TYPES, ...(timeoutMs ? { timeoutMs } : {}) },
          onCredentials as (c: NativeCredentialRequest[]) => Promise<string[]>,
        ),
      );
      expectLibvirtError(e, VIR_ERR_AUTH_FAILED);
      expect(e.message, what).toMatch(message);
      if (timeoutMs) expect(Date.now() - started).toBeGreaterThanOrEqual(timeoutMs - 20);
    }
  });

  it('keeps the JS thread running while the worker waits for an answer', async () => {
    const { turns } = await loopTurnsDuring(async () => {
      const conn = await addon.openAuth(URI, { credTypes: CRED_TYPES }, async (creds) => {
        await sleep(300); // "the user is typing"
        return creds.map((c) => (c.type === VIR_CRED_AUTHNAME ? 'vd-admin' : 's3cret-pass'));
      });
      await conn.close();
    });
    // Two prompts of 300 ms each: hundreds of 1 ms turns if nothing blocked the
    // loop; a worker that held the JS thread while waiting would allow none.
    expect(turns).toBeGreaterThanOrEqual(50);
  });

  it('opens hosts that need no credentials without calling onCredentials', async () => {
    const conn = await addon.openAuth('test:///default', { credTypes: CRED_TYPES }, () => {
      throw new Error('must not be asked');
    });
    expect(await conn.getURI()).toBe('test:///default');
    await conn.close();
  });

  it('rejects wrong argument types with a TypeError', async () => {
    const cb = () => Promise.resolve([]);
    await expectTypeErrors(addon, [
      ['openAuth', [42, { credTypes: CRED_TYPES }, cb]],
      ['openAuth', [URI, null, cb]],
      ['openAuth', [URI, { credTypes: 'all' }, cb]],
      ['openAuth', [URI, { credTypes: [2, 'x'] }, cb]],
      ['openAuth', [URI, { credTypes: [2.5] }, cb]],
      ['openAuth', [URI, { credTypes: CRED_TYPES, readOnly: 'yes' }, cb]],
      ['openAuth', [URI, { credTypes: CRED_TYPES, timeoutMs: 0 }, cb]],
      ['openAuth', [URI, { credTypes: CRED_TYPES }, 'not a function']],
    ]);
  });
});
