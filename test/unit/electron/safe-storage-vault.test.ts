import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The electron module is faked: these tests run in plain Node (no Electron binary here).
const userData = mkdtempSync(join(tmpdir(), 'vd-userdata-'));
// Electron's readiness, resolved by the test that checks the vault waits for it.
const ready = vi.hoisted(() => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve, isReady: false };
});
const appStorage = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock('electron', () => ({
  app: {
    getPath: (name: string) => {
      if (!ready.isReady) throw new Error('getPath before ready');
      return name === 'userData' ? userData : '/nonexistent';
    },
    whenReady: () => ready.promise,
  },
  get safeStorage() {
    if (!ready.isReady) throw new Error('safeStorage before ready');
    return (appStorage.current ??= fakeSafeStorage());
  },
}));

/** An "OS keyring" of a test's own: XOR with a key, so ciphertext differs from the text. */
function fakeSafeStorage(opts: { backend?: string; available?: boolean; key?: number } = {}) {
  const key = opts.key ?? 0x5a;
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ key));
  return {
    getSelectedStorageBackend: vi.fn(() => (opts.backend ?? 'gnome_libsecret') as never),
    isAsyncEncryptionAvailable: vi.fn(async () => opts.available ?? true),
    encryptStringAsync: vi.fn(async (s: string) => Buffer.concat([Buffer.from('v10'), xor(Buffer.from(s, 'utf8'))])),
    decryptStringAsync: vi.fn(async (b: Buffer) => {
      if (b.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const result = xor(b.subarray(3)).toString('utf8');
      JSON.parse(result); // a wrong key gives garbage
      return { result, shouldReEncrypt: false };
    }),
  };
}

const { SafeStorageVault, createSecretVault } = await import('../../../main/electron/safe-storage-vault');

const URI_KEY = 'vnc qemu+ssh://root@example.org/system 6f1c0e48-3b1a-4c1e-9f0e-2c9b5c1f7a10';

describe('SafeStorageVault', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vd-vault-'));
    file = join(dir, 'sub', 'console-passwords.bin');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps secrets per key, in a file that holds only ciphertext (mode 0600)', async () => {
    const vault = new SafeStorageVault(file, fakeSafeStorage(), 'linux');
    expect(await vault.available()).toBe(true);
    expect(await vault.get(URI_KEY)).toBeNull();
    await vault.set(URI_KEY, 's3cret');
    await vault.set('vnc test:///default 00000000-0000-4000-8000-000000000001', 'other');
    expect(await vault.get(URI_KEY)).toBe('s3cret');

    const raw = readFileSync(file);
    expect(raw.includes('s3cret')).toBe(false);
    expect(raw.includes('example.org')).toBe(false);
    expect(raw.includes('6f1c0e48')).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // Another instance (the next run) reads what was kept.
    expect(await new SafeStorageVault(file, fakeSafeStorage(), 'linux').get(URI_KEY)).toBe('s3cret');
  });

  it('forgets a key, and removes the file when nothing is left', async () => {
    const vault = new SafeStorageVault(file, fakeSafeStorage(), 'linux');
    await vault.set(URI_KEY, 'a');
    await vault.set('k2', 'b');
    await vault.set(URI_KEY, null);
    expect(await vault.get(URI_KEY)).toBeNull();
    expect(await vault.get('k2')).toBe('b');
    await vault.set('k2', null);
    expect(existsSync(file)).toBe(false);
    await vault.set('never-set', null); // forgetting what is not there is fine
  });

  it('does not count Linux without a keyring (basic_text) or before ready (unknown) as available', async () => {
    expect(await new SafeStorageVault(file, fakeSafeStorage({ backend: 'basic_text' }), 'linux').available()).toBe(false);
    expect(await new SafeStorageVault(file, fakeSafeStorage({ backend: 'unknown' }), 'linux').available()).toBe(false);
    expect(await new SafeStorageVault(file, fakeSafeStorage({ available: false }), 'linux').available()).toBe(false);
    expect(await new SafeStorageVault(file, fakeSafeStorage({ backend: 'basic_text' }), 'darwin').available()).toBe(true);
  });

  it('starts afresh when the blob cannot be decrypted (another keyring, a damaged file)', async () => {
    await new SafeStorageVault(file, fakeSafeStorage({ key: 1 }), 'linux').set(URI_KEY, 'old');
    const vault = new SafeStorageVault(file, fakeSafeStorage({ key: 2 }), 'linux');
    expect(await vault.get(URI_KEY)).toBeNull();
    await vault.set(URI_KEY, 'new');
    expect(await vault.get(URI_KEY)).toBe('new');
    writeFileSync(file, 'garbage');
    expect(await vault.get(URI_KEY)).toBeNull();
  });

  it('serialises concurrent writes, losing none', async () => {
    const vault = new SafeStorageVault(file, fakeSafeStorage(), 'linux');
    await Promise.all(Array.from({ length: 10 }, (_, i) => vault.set(`k${i}`, `v${i}`)));
    for (let i = 0; i < 10; i++) expect(await vault.get(`k${i}`)).toBe(`v${i}`);
  });

  it('does not hand out inherited object keys', async () => {
    const vault = new SafeStorageVault(file, fakeSafeStorage(), 'linux');
    await vault.set('k', 'v');
    expect(await vault.get('__proto__')).toBeNull();
    expect(await vault.get('toString')).toBeNull();
  });

  it('lives in the app’s userData folder, through electron’s safeStorage, once the app is ready', async () => {
    // Made before ready (services start early); nothing touches safeStorage until then.
    const vault = createSecretVault();
    const setting = vault.set(URI_KEY, 'pw');
    await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(join(userData, 'console-passwords.bin'))).toBe(false);
    ready.isReady = true;
    ready.resolve();
    await setting;
    expect(await vault.available()).toBe(true);
    expect(await vault.get(URI_KEY)).toBe('pw');
    const raw = readFileSync(join(userData, 'console-passwords.bin'));
    expect(raw.subarray(0, 3).toString()).toBe('v10');
    expect(raw.includes('pw')).toBe(false);
    await vault.set(URI_KEY, null);
    rmSync(userData, { recursive: true, force: true });
  });
});
