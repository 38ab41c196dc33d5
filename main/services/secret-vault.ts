import { ServiceError } from './service-error';

/**
 * Where secrets the user asked us to remember are kept: the OS keyring (in
 * Electron, through safeStorage) or nowhere. Never a plain file. Keys are
 * ours (e.g. a connection URI and a domain UUID); values are the secrets.
 */
export interface SecretVault {
  /** Whether secrets can be kept here at all (false: no keyring, or browser mode). */
  available(): Promise<boolean>;
  get(key: string): Promise<string | null>;
  /** Keeps `secret` under `key`, or forgets the key when `secret` is null. */
  set(key: string, secret: string | null): Promise<void>;
}

/** Browser mode and hosts without a keyring: nothing is remembered. */
export const noSecretVault: SecretVault = {
  available: async () => false,
  get: async () => null,
  set: async (_key, secret) => {
    if (secret !== null) throw new ServiceError('not-connected', 'Passwords cannot be remembered here: there is no system keyring');
  },
};
