// Where the "default" storage pool goes when a connection has none (CONN-16),
// with virt-manager's rule: the system daemon keeps images in
// /var/lib/libvirt/images; a per-user (session) daemon in the user's XDG data
// directory, ~/.local/share/libvirt/images.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { escapeXml } from './xml-writer';

export const DEFAULT_POOL = 'default';
export const SYSTEM_POOL_PATH = '/var/lib/libvirt/images';

/** The URI's path without its query: qemu+unix:///session?socket=... -> /session. */
export function uriPath(uri: string): string {
  const m = /^[a-z0-9+]+:\/\/[^/?]*(\/[^?#]*)?/i.exec(uri);
  return m?.[1] ?? '';
}

function isLocal(uri: string): boolean {
  const m = /^([a-z0-9]+)(\+([a-z0-9]+))?:\/\/([^/?]*)/i.exec(uri);
  if (!m) return false;
  const transport = m[3]?.toLowerCase();
  const host = m[4]!.replace(/^[^@]*@/, '').toLowerCase();
  return (transport === undefined || transport === 'unix') && (host === '' || host === 'localhost');
}

/**
 * The default pool's directory for a QEMU connection, or null where no
 * default pool is made (other drivers; a remote session daemon, whose home
 * this machine does not know). A local session daemon runs as this user, so
 * its data directory is this process's: $XDG_DATA_HOME (when absolute, as
 * the XDG spec says) or ~/.local/share.
 */
export function defaultPoolPath(uri: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (!/^qemu(\+[a-z0-9]+)?:/i.test(uri)) return null;
  const path = uriPath(uri);
  if (path === '/system') return SYSTEM_POOL_PATH;
  if (path === '/session' && isLocal(uri)) {
    const xdg = env.XDG_DATA_HOME;
    const dataHome = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'share');
    return join(dataHome, 'libvirt', 'images');
  }
  return null;
}

/** The pool definition virt-manager makes: a dir pool named default. */
export function defaultPoolXml(path: string): string {
  return `<pool type='dir'><name>${DEFAULT_POOL}</name><target><path>${escapeXml(path)}</path></target></pool>`;
}
