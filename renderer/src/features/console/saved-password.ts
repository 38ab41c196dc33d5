import type { DomainRef } from '../../../../preload/contract';
import type { VirtClient } from '../../platform/client';

export type Credentials = { username?: string; password: string };

/**
 * "Remember password" for one guest's VNC console, kept out of React so it
 * can be tested. Only where main has a keyring (Electron's safeStorage) is
 * anything offered; browser mode says it has none. A saved password is sent
 * without asking, once per attempt; when the server refuses it, it is
 * forgotten. A newly typed one is saved only after it worked.
 */
export class SavedPassword {
  #available: Promise<boolean> | null = null;
  /** What the keyring held at the last look (null: nothing). */
  #saved: string | null = null;
  /** The saved password went out on the current attempt. */
  #sentSaved = false;
  /** What the person typed and chose, until the connection tells whether it worked. */
  #pending: { password: string; remember: boolean } | null = null;

  constructor(
    private readonly client: VirtClient,
    private readonly ref: DomainRef,
    private readonly onError: (message: string, detail: string) => void = () => undefined,
  ) {}

  /** Whether to offer "Remember password" (asked once). */
  available(): Promise<boolean> {
    this.#available ??= this.client.call('consoles.passwordStore').then(
      (info) => info.available,
      () => false,
    );
    return this.#available;
  }

  /** The saved password, or null (also when there is no keyring or it cannot be read). */
  async lookup(): Promise<string | null> {
    if (!(await this.available())) return null;
    try {
      this.#saved = await this.client.call('consoles.savedPassword', this.ref);
    } catch {
      this.#saved = null;
    }
    return this.#saved;
  }

  /**
   * Credentials to send without asking: the saved password, when the server
   * wants only a password and it was not already refused on this attempt.
   */
  async automatic(types: readonly string[]): Promise<Credentials | null> {
    if (this.#sentSaved || types.includes('username')) return null;
    const password = await this.lookup();
    if (password === null) return null;
    this.#sentSaved = true;
    return { password };
  }

  /** The person answered the prompt. */
  submitted(credentials: Credentials, remember: boolean): void {
    this.#sentSaved = false;
    this.#pending = { password: credentials.password, remember };
  }

  /** The display is connected: keep what was typed (if asked to), or forget a saved one the person unticked. */
  async connected(): Promise<void> {
    const pending = this.#pending;
    this.#pending = null;
    this.#sentSaved = false;
    if (!pending) return;
    if (pending.remember && pending.password !== this.#saved) {
      await this.#remember(pending.password);
    } else if (!pending.remember && this.#saved !== null) {
      await this.#remember(null);
    }
  }

  /** The server refused the credentials: a saved password that was refused is forgotten. */
  async authFailed(): Promise<void> {
    this.#pending = null;
    if (!this.#sentSaved) return;
    this.#sentSaved = false;
    await this.#remember(null);
  }

  async #remember(password: string | null): Promise<void> {
    try {
      await this.client.call('consoles.rememberPassword', this.ref, password);
      this.#saved = password;
    } catch (err) {
      this.onError(password === null ? 'Could not forget the saved password' : 'Could not remember the password', err instanceof Error ? err.message : String(err));
    }
  }
}
