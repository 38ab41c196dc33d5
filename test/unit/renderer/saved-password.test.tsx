import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Method } from '../../../preload/contract';
import type { VirtClient } from '../../../renderer/src/platform/client';
import { RememberPasswordField } from '../../../renderer/src/features/console/console-dialogs';
import { SavedPassword } from '../../../renderer/src/features/console/saved-password';

const ref = { connectionId: 'c1', uuid: '00000000-0000-4000-8000-000000000001' };

/** A client whose main has (or has not) a keyring holding at most one password; records the calls. */
function keyringClient(available: boolean, initial: string | null = null) {
  const state = { password: initial, calls: [] as [Method, unknown[]][] };
  const client = {
    call: async (method: Method, ...args: unknown[]) => {
      state.calls.push([method, args]);
      if (method === 'consoles.passwordStore') return { available };
      if (method === 'consoles.savedPassword') return available ? state.password : null;
      if (method === 'consoles.rememberPassword') {
        if (!available) throw new Error('no keyring');
        state.password = args[1] as string | null;
        return undefined;
      }
      throw new Error(`unexpected ${method}`);
    },
  } as unknown as VirtClient;
  const writes = () => state.calls.filter(([m]) => m === 'consoles.rememberPassword').map(([, a]) => a[1]);
  return { client, state, writes };
}

describe('SavedPassword', () => {
  it('offers nothing and saves nothing without a keyring (browser mode)', async () => {
    const { client, writes } = keyringClient(false);
    const sp = new SavedPassword(client, ref);
    expect(await sp.available()).toBe(false);
    expect(await sp.automatic(['password'])).toBeNull();
    sp.submitted({ password: 'pw' }, false);
    await sp.connected();
    expect(writes()).toEqual([]);
  });

  it('saves a typed password only once it worked, and only when asked to', async () => {
    const { client, state, writes } = keyringClient(true);
    const sp = new SavedPassword(client, ref);
    expect(await sp.automatic(['password'])).toBeNull();
    sp.submitted({ password: 'wrong' }, true);
    await sp.authFailed();
    expect(writes()).toEqual([]);
    sp.submitted({ password: 'right' }, true);
    await sp.connected();
    expect(state.password).toBe('right');

    const other = keyringClient(true);
    const sp2 = new SavedPassword(other.client, ref);
    sp2.submitted({ password: 'right' }, false);
    await sp2.connected();
    expect(other.writes()).toEqual([]);
  });

  it('uses a saved password without asking, once per attempt, and forgets it when refused', async () => {
    const { client, state, writes } = keyringClient(true, 'old');
    const sp = new SavedPassword(client, ref);
    expect(await sp.automatic(['password'])).toEqual({ password: 'old' });
    expect(await sp.automatic(['password'])).toBeNull(); // asked again on the same attempt: ask the person
    await sp.authFailed();
    expect(state.password).toBeNull();
    expect(writes()).toEqual([null]);
    expect(await sp.automatic(['password'])).toBeNull();
  });

  it('keeps a saved password that worked, and forgets it when the person unticks the box', async () => {
    const { client, state, writes } = keyringClient(true, 'pw');
    const sp = new SavedPassword(client, ref);
    expect(await sp.automatic(['password'])).toEqual({ password: 'pw' });
    await sp.connected();
    expect(writes()).toEqual([]);
    // Next time the person is asked anyway (e.g. a username is needed) and unticks Remember.
    expect(await sp.automatic(['username', 'password'])).toBeNull();
    expect(await sp.lookup()).toBe('pw');
    sp.submitted({ username: 'u', password: 'pw' }, false);
    await sp.connected();
    expect(state.password).toBeNull();
  });

  it('reports a keyring that refuses, without throwing', async () => {
    const errors: string[] = [];
    const client = {
      call: async (method: Method) => {
        if (method === 'consoles.passwordStore') return { available: true };
        if (method === 'consoles.savedPassword') return null;
        throw new Error('keyring locked');
      },
    } as unknown as VirtClient;
    const sp = new SavedPassword(client, ref, (message, detail) => errors.push(`${message}: ${detail}`));
    sp.submitted({ password: 'pw' }, true);
    await sp.connected();
    expect(errors).toEqual(['Could not remember the password: keyring locked']);
  });
});

describe('Remember password field', () => {
  it('is a checkbox named "Remember password", described by where the password goes', () => {
    const html = renderToStaticMarkup(<RememberPasswordField checked={false} onChange={() => {}} />);
    const id = /<input id="([^"]+)"/.exec(html)![1];
    expect(html).toMatch(/<input[^>]*type="checkbox"/);
    expect(html).not.toMatch(/type="checkbox"[^>]*checked/);
    expect(html).toContain(`<label for="${id}">Remember password</label>`);
    expect(html).toMatch(/aria-describedby="[^"]+"/);
    expect(html).toContain('system keyring');
    expect(renderToStaticMarkup(<RememberPasswordField checked onChange={() => {}} />)).toMatch(/type="checkbox"[^>]*checked/);
  });
});
