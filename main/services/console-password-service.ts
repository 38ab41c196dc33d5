import type { DomainRef, PasswordStoreInfo } from '../../preload/contract';
import type { ConnectionService } from './connection-service';
import type { SecretVault } from './secret-vault';
import { ServiceError } from './service-error';

/**
 * VNC passwords the user chose to remember, per guest: keyed by the
 * connection's URI (stable across runs, unlike its id) and the domain's UUID.
 */
export class ConsolePasswordService {
  constructor(
    private readonly connections: ConnectionService,
    private readonly vault: SecretVault,
  ) {}

  async store(): Promise<PasswordStoreInfo> {
    return { available: await this.vault.available() };
  }

  async saved(ref: DomainRef): Promise<string | null> {
    const key = this.key(ref);
    if (!(await this.vault.available())) return null;
    return this.vault.get(key);
  }

  async remember(ref: DomainRef, password: string | null): Promise<void> {
    const key = this.key(ref);
    if (!(await this.vault.available())) {
      if (password === null) return; // nothing can have been kept
      throw new ServiceError('not-connected', 'Passwords cannot be remembered here: there is no system keyring');
    }
    try {
      await this.vault.set(key, password);
    } catch (err) {
      throw new ServiceError('internal', password === null ? 'Could not forget the password' : 'Could not remember the password', err instanceof Error ? err.message : String(err));
    }
  }

  private key(ref: DomainRef): string {
    const connection = this.connections.list().find((c) => c.id === ref.connectionId);
    if (!connection) throw new ServiceError('not-found', `No connection with id ${ref.connectionId}`);
    return `vnc ${connection.uri} ${ref.uuid}`;
  }
}
