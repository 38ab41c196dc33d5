import { loadAddon } from './addon-loader';
import type { NativeConnection, NativeCredentialRequest } from './native/addon';
import type { Authenticator, CredentialRequest, CredentialType } from './types';
import { LibvirtError } from './libvirt-error';

/**
 * The full binding, as typed in native/addon.d.ts, with every failure turned
 * into a LibvirtError. (A Proxy rather than a hand-written wrapper per method:
 * the native declarations stay the single source of the API's types.)
 */
export type LibvirtConnection = NativeConnection;

export function mapErrors<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(obj, args);
          return result instanceof Promise
            ? result.catch((err: unknown) => {
                throw LibvirtError.from(err);
              })
            : result;
        } catch (err) {
          throw LibvirtError.from(err);
        }
      };
    },
  });
}

export async function openLibvirt(uri: string, options: { readOnly?: boolean } = {}): Promise<LibvirtConnection> {
  try {
    return mapErrors(await loadAddon().open(uri, options.readOnly ?? false));
  } catch (err) {
    throw LibvirtError.from(err);
  }
}

/** VIR_CRED_* numbers of the credential types we answer (virConnectCredentialType). */
export const VIR_CRED: Readonly<Record<CredentialType, number>> = {
  username: 1,
  authname: 2,
  passphrase: 5,
  echoprompt: 6,
  noechoprompt: 7,
  realm: 8,
};

const CRED_BY_NUMBER = new Map(Object.entries(VIR_CRED).map(([k, v]) => [v, k as CredentialType]));

export function toCredentialRequest(c: NativeCredentialRequest): CredentialRequest {
  const type = CRED_BY_NUMBER.get(c.type);
  // libvirt only asks for the types we offered; anything else is a binding bug.
  if (!type) throw new Error(`libvirt asked for an unsupported credential type ${c.type}`);
  const request: CredentialRequest = { type, prompt: c.prompt, secret: type === 'passphrase' || type === 'noechoprompt' };
  if (c.challenge) request.challenge = c.challenge;
  if (c.defresult) request.defaultResult = c.defresult;
  return request;
}

/** virConnectOpenAuth, libvirt's credential requests going to `authenticate`. */
export async function openLibvirtAuth(
  uri: string,
  authenticate: Authenticator,
  options: { readOnly?: boolean; timeoutMs?: number } = {},
): Promise<LibvirtConnection> {
  try {
    const native = await loadAddon().openAuth(
      uri,
      { readOnly: options.readOnly ?? false, credTypes: Object.values(VIR_CRED), timeoutMs: options.timeoutMs ?? 130_000 },
      (creds) => authenticate(creds.map(toCredentialRequest)),
    );
    return mapErrors(native);
  } catch (err) {
    throw LibvirtError.from(err);
  }
}
