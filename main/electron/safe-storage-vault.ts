import { app, safeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SecretVault } from '../services/secret-vault';

/** The part of Electron's safeStorage the vault uses (faked in unit tests). */
export type SafeStorageLike = Pick<Electron.SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

/**
 * Secrets kept with Electron's safeStorage: the whole map (key -> secret) is
 * one blob encrypted with the OS keyring's key, written to `file`. The file
 * holds only ciphertext: neither the secrets nor which hosts and guests they
 * belong to can be read from it. Linux's `basic_text` backend (no keyring:
 * a key hard-coded in Chromium) does not count as available.
 */
export class SafeStorageVault implements SecretVault {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly storage: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  async available(): Promise<boolean> {
    if (this.platform === 'linux') {
      const backend = this.storage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') return false;
    }
    return this.storage.isAsyncEncryptionAvailable();
  }

  get(key: string): Promise<string | null> {
    return this.#serial(async () => {
      const map = await this.#read();
      return Object.prototype.hasOwnProperty.call(map, key) ? map[key]! : null;
    });
  }

  set(key: string, secret: string | null): Promise<void> {
    return this.#serial(async () => {
      const map = await this.#read();
      if (secret === null) delete map[key];
      else map[key] = secret;
      await this.#write(map);
    });
  }

  /** One read-modify-write at a time. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(): Promise<Record<string, string>> {
    let blob: Buffer;
    try {
      blob = await readFile(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    try {
      const { result } = await this.storage.decryptStringAsync(blob);
      const map: unknown = JSON.parse(result);
      if (typeof map !== 'object' || map === null || Array.isArray(map)) return {};
      return Object.fromEntries(Object.entries(map).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      // Another keyring (or a damaged file): what was remembered cannot be read; start afresh.
      return {};
    }
  }

  async #write(map: Record<string, string>): Promise<void> {
    if (Object.keys(map).length === 0) {
      await rm(this.file, { force: true });
      return;
    }
    const blob = await this.storage.encryptStringAsync(JSON.stringify(map));
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, blob, { mode: 0o600 });
    await rename(tmp, this.file);
  }
}

/**
 * The app's vault: console-passwords.bin in its userData folder. Made before
 * `app` is ready (services start early); each call waits for ready, which
 * safeStorage needs.
 */
export function createSecretVault(): SecretVault {
  const vault = app.whenReady().then(() => new SafeStorageVault(join(app.getPath('userData'), 'console-passwords.bin'), safeStorage));
  return {
    available: () => vault.then((v) => v.available()),
    get: (key) => vault.then((v) => v.get(key)),
    set: (key, secret) => vault.then((v) => v.set(key, secret)),
  };
}
