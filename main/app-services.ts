import { join } from 'node:path';
import { ConsoleService } from './consoles/console-service';
import { runtimeDir } from './runtime-dir';
import { sshAwareHypervisor } from './ssh/ssh-hypervisor';
import { SshMultiplexer } from './ssh/ssh-multiplexer';
import type { Hypervisor } from './libvirt/types';
import { AuthService } from './services/auth-service';
import { ConnectionService } from './services/connection-service';
import { ConnectionStore, configFile, defaultStoreFile } from './services/connection-store';
import { StatsService } from './stats/stats-service';
import { StatsSettingsStore } from './stats/stats-settings-store';
import { defaultUriCandidates } from './services/default-uris';
import { DomainService } from './services/domain-service';
import type { Logger } from './services/event-sink';
import { ConsolePasswordService } from './services/console-password-service';
import { createHandlers } from './services/handlers';
import { noSecretVault, type SecretVault } from './services/secret-vault';
import { ServiceHost } from './transport/service-host';
import { InstallService } from './install/install-service';

export interface AppServices {
  host: ServiceHost;
  connections: ConnectionService;
  consoles: ConsoleService;
  /** Opens the URIs named on the command line, or the default one. */
  start(connectUris: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Wires the services both entries share (Electron's main and the plain-Node server). */
export interface AppServicesOptions {
  /** Where saved connections live (default: $XDG_CONFIG_HOME/virtdesk/connections.json). */
  connectionsFile?: string;
  /** Preferences (default: $XDG_CONFIG_HOME/virtdesk/settings.json). */
  settingsFile?: string;
  /** Where remembered console passwords go (Electron: the OS keyring); default: nowhere. */
  secretVault?: SecretVault;
  /** An ssh_config to use instead of ~/.ssh/config (default: $VIRTDESK_SSH_CONFIG, if set). */
  sshConfigFile?: string;
}

export function createAppServices(hypervisor: Hypervisor, log: Logger, options: AppServicesOptions = {}): AppServices {
  const host = new ServiceHost(log);
  const sshConfig = options.sshConfigFile ?? (process.env.VIRTDESK_SSH_CONFIG || undefined);
  const ssh = new SshMultiplexer({ runtimeDir: join(runtimeDir(), 'ssh'), ...(sshConfig ? { configFile: sshConfig } : {}) });
  const store = new ConnectionStore(options.connectionsFile ?? defaultStoreFile(), log);
  const auth = new AuthService(host, log);
  const connections = new ConnectionService(sshAwareHypervisor(hypervisor, ssh), host, log, store, auth);
  const consoles = new ConsoleService(connections, { ssh });
  const stats = new StatsService(connections, host, log, new StatsSettingsStore(options.settingsFile ?? configFile('settings.json'), log));
  const passwords = new ConsolePasswordService(connections, options.secretVault ?? noSecretVault);
  host.setHandlers(createHandlers(connections, new DomainService(connections), consoles, stats, auth, passwords, new InstallService(connections, host, {}, log)));
  return {
    host,
    connections,
    consoles,
    async start(connectUris) {
      const saved = connections.loadSaved();
      if (connectUris.length > 0) await Promise.all(connectUris.map((uri) => connections.open(uri)));
      else if (connections.list().length > 0) await connections.openInTurn(saved.map((s) => s.uri));
      else await connections.openFirstAvailable(defaultUriCandidates());
    },
    async stop() {
      stats.stop();
      auth.cancelAll();
      await connections.closeAll();
      ssh.closeAll();
    },
  };
}
