import type { Handlers } from '../transport/service-host';
import type { ConsoleService } from '../consoles/console-service';
import type { AuthService } from './auth-service';
import type { ConnectionService } from './connection-service';
import { ConsolePasswordService } from './console-password-service';
import type { DomainService } from './domain-service';
import type { StatsService } from '../stats/stats-service';
import { noSecretVault } from './secret-vault';
import { InstallService } from '../install/install-service';
import { DetailsService } from './details-service';

export function createHandlers(
  connections: ConnectionService,
  domains: DomainService,
  consoles: ConsoleService,
  stats: StatsService,
  auth: AuthService,
  passwords: ConsolePasswordService = new ConsolePasswordService(connections, noSecretVault),
  install: InstallService = new InstallService(connections, { emit() {} }),
  details: DetailsService = new DetailsService(connections, domains),
): Handlers {
  return {
    'connections.list': async () => connections.list(),
    'connections.add': (uri, options) => connections.add(uri, options),
    'connections.connect': (id) => connections.connect(id),
    'connections.close': (id) => connections.close(id),
    'connections.remove': (id) => connections.remove(id),
    'connections.update': async (id, options) => connections.update(id, options),
    'domains.list': async (id) => connections.domains(id),
    'domains.xml': (ref) => domains.xml(ref),
    'domains.start': (ref) => domains.act(ref, 'start'),
    'domains.shutdown': (ref) => domains.act(ref, 'shutdown'),
    'domains.reboot': (ref) => domains.act(ref, 'reboot'),
    'domains.destroy': (ref) => domains.act(ref, 'destroy'),
    'domains.suspend': (ref) => domains.act(ref, 'suspend'),
    'domains.resume': (ref) => domains.act(ref, 'resume'),
    'domains.setTags': (ref, tags) => domains.setTags(ref, tags),
    'domains.rename': (ref, newName) => domains.rename(ref, newName),
    'domains.delete': (ref) => domains.delete(ref),
    'consoles.list': (ref) => consoles.list(ref),
    'consoles.open': (ref, deviceId) => consoles.open(ref, deviceId),
    'stats.settings': async () => stats.settings,
    'stats.configure': async (settings) => stats.configure(settings),
    'auth.pending': async () => auth.pendingRequests(),
    'auth.respond': async (requestId, values) => auth.respond(requestId, values),
    'consoles.passwordStore': () => passwords.store(),
    'consoles.savedPassword': (ref) => passwords.saved(ref),
    'consoles.rememberPassword': (ref, password) => passwords.remember(ref, password),
    'install.options': (id) => install.options(id),
    'install.osList': async () => install.osList(),
    'install.detect': (id, path) => install.detect(id, path),
    'install.detectUrl': (id, url, arch) => install.detectUrl(id, url, arch),
    'install.check': (spec) => install.check(spec),
    'install.create': (spec) => install.create(spec),
    'install.begin': (ref) => install.begin(ref),
    'jobs.cancel': (jobId) => install.cancel(jobId),
    'domains.storage': (ref) => domains.storage(ref),
    'domains.deleteWithStorage': (ref, paths) => domains.deleteWithStorage(ref, paths),
    'domains.details': (ref) => details.details(ref),
    'domains.applyDetails': (ref, patch) => details.applyDetails(ref, patch),
    'domains.defineXml': (ref, xml) => details.defineXml(ref, xml),
  };
}
