/** Who and where an SSH-transported libvirt URI points at. */
export interface SshTarget {
  user?: string;
  host: string;
  port?: number;
  /** libvirt's `keyfile` URI parameter, if any. */
  keyfile?: string;
}

/**
 * The SSH target of a `driver+ssh://[user@]host[:port]/path[?params]` URI,
 * or undefined for any other transport.
 */
export function sshTargetOf(uri: string): SshTarget | undefined {
  const m = /^[a-z0-9]+\+ssh:\/\/(?:([^@/?#]+)@)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?(\/[^?#]*)?(?:\?([^#]*))?$/i.exec(uri);
  if (!m) return undefined;
  const params = new URLSearchParams(m[5] ?? '');
  const target: SshTarget = { host: m[2]!.replace(/^\[|\]$/g, '') };
  if (m[1]) target.user = decodeURIComponent(m[1]);
  if (m[3]) target.port = Number(m[3]);
  const keyfile = params.get('keyfile');
  if (keyfile) target.keyfile = keyfile;
  return target;
}

/** `user@host:port`, the identity of one multiplexed SSH connection. */
export function targetKey(t: SshTarget): string {
  return `${t.user ?? ''}@${t.host}:${t.port ?? 22}`;
}

/** ssh(1) arguments that select the target (not the command). */
export function targetArgs(t: SshTarget): string[] {
  return [...(t.port ? ['-p', String(t.port)] : []), ...(t.user ? ['-l', t.user] : []), ...(t.keyfile ? ['-i', t.keyfile] : []), '--', t.host];
}
