// The Add Connection dialog's URI builder (virt-manager's createconn.py
// generate_uri), shared by the dialog (live preview) and its tests.

export type HypervisorChoice = 'qemu' | 'qemu-session' | 'xen' | 'lxc' | 'bhyve' | 'vz';

export const HYPERVISOR_LABELS: Readonly<Record<HypervisorChoice, string>> = {
  qemu: 'QEMU/KVM',
  'qemu-session': 'QEMU/KVM user session',
  xen: 'Xen',
  lxc: 'Libvirt-LXC',
  bhyve: 'Bhyve',
  vz: 'Virtuozzo',
};

const DRIVER: Record<HypervisorChoice, { scheme: string; path: string }> = {
  qemu: { scheme: 'qemu', path: '/system' },
  'qemu-session': { scheme: 'qemu', path: '/session' },
  xen: { scheme: 'xen', path: '/' },
  lxc: { scheme: 'lxc', path: '/' },
  bhyve: { scheme: 'bhyve', path: '/system' },
  vz: { scheme: 'vz', path: '/system' },
};

export interface ConnectionSpec {
  hypervisor: HypervisorChoice;
  /** Remote over SSH; not offered for the user session. */
  remote?: { user?: string; host: string; port?: number };
}

export type BuiltUri = { ok: true; uri: string } | { ok: false; problem: string };

/** Builds the URI for a spec, or says what is missing. */
export function buildConnectionUri(spec: ConnectionSpec): BuiltUri {
  const d = DRIVER[spec.hypervisor];
  if (!spec.remote) return { ok: true, uri: `${d.scheme}://${d.path}` };
  if (spec.hypervisor === 'qemu-session') return { ok: false, problem: 'The QEMU user session is local only.' };
  const host = spec.remote.host.trim();
  if (!host) return { ok: false, problem: 'A hostname is required for remote connections.' };
  if (!/^[A-Za-z0-9.:_-]+$/.test(host)) return { ok: false, problem: 'The hostname may use only letters, digits, dots, dashes, underscores and colons.' };
  const port = spec.remote.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) return { ok: false, problem: 'The port must be between 1 and 65535.' };
  const user = spec.remote.user?.trim();
  const hostPart = host.includes(':') ? `[${host}]` : host; // an IPv6 literal
  return { ok: true, uri: `${d.scheme}+ssh://${user ? `${encodeURIComponent(user)}@` : ''}${hostPart}${port ? `:${port}` : ''}${d.path}` };
}

/** virt-manager's default pretty name: "QEMU/KVM", "QEMU/KVM: host", "QEMU/KVM User session", ... */
export function defaultConnectionLabel(uri: string): string {
  const m = /^([a-z0-9]+)(?:\+[a-z0-9]+)?:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^/:?]*)(?::\d+)?(\/[^?]*)?/i.exec(uri);
  if (!m) return uri;
  const [, scheme, host, path] = m;
  const names: Record<string, string> = { qemu: 'QEMU/KVM', xen: 'Xen', lxc: 'LXC', bhyve: 'Bhyve', vz: 'Virtuozzo', test: 'Test' };
  let name = names[scheme!.toLowerCase()] ?? scheme!;
  if (scheme === 'qemu' && path === '/session') name += ' User session';
  if (scheme === 'test' && path && path !== '/default') name += `: ${path.split('/').pop()}`;
  return host ? `${name}: ${host.replace(/^\[|\]$/g, '')}` : name;
}
