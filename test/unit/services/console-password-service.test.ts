import { describe, expect, it } from 'vitest';
import { ConsolePasswordService } from '../../../main/services/console-password-service';
import { ConnectionService } from '../../../main/services/connection-service';
import { silentLogger } from '../../../main/services/event-sink';
import { noSecretVault, type SecretVault } from '../../../main/services/secret-vault';
import { FakeConnection, FakeHypervisor, RecordingSink } from '../fakes/fake-hypervisor';

const UUID = '00000000-0000-4000-8000-000000000001';

class MemoryVault implements SecretVault {
  readonly map = new Map<string, string>();
  async available() {
    return true;
  }
  async get(key: string) {
    return this.map.get(key) ?? null;
  }
  async set(key: string, secret: string | null) {
    if (secret === null) this.map.delete(key);
    else this.map.set(key, secret);
  }
}

async function setup(vault: SecretVault) {
  const hv = new FakeHypervisor();
  hv.hosts.set('test:///default', () => new FakeConnection('test:///default'));
  const conns = new ConnectionService(hv, new RecordingSink(), silentLogger);
  const info = await conns.open('test:///default');
  return { conns, id: info.id, passwords: new ConsolePasswordService(conns, vault) };
}

describe('ConsolePasswordService', () => {
  it('remembers per connection URI and domain UUID, and forgets', async () => {
    const vault = new MemoryVault();
    const { id, passwords } = await setup(vault);
    const ref = { connectionId: id, uuid: UUID };
    expect(await passwords.store()).toEqual({ available: true });
    expect(await passwords.saved(ref)).toBeNull();
    await passwords.remember(ref, 'pw');
    expect([...vault.map.keys()]).toEqual([`vnc test:///default ${UUID}`]);
    expect(await passwords.saved(ref)).toBe('pw');
    await passwords.remember(ref, null);
    expect(await passwords.saved(ref)).toBeNull();
  });

  it('says when there is no keyring, refuses to remember, and forgetting is a no-op', async () => {
    const { id, passwords } = await setup(noSecretVault);
    const ref = { connectionId: id, uuid: UUID };
    expect(await passwords.store()).toEqual({ available: false });
    expect(await passwords.saved(ref)).toBeNull();
    await expect(passwords.remember(ref, 'pw')).rejects.toMatchObject({ code: 'not-connected' });
    await passwords.remember(ref, null);
  });

  it('refuses an unknown connection', async () => {
    const { passwords } = await setup(new MemoryVault());
    await expect(passwords.saved({ connectionId: 'c99', uuid: UUID })).rejects.toMatchObject({ code: 'not-found' });
  });
});
