// A second, private libvirtd on this machine, to be a real migration target.
//
// libvirt refuses to migrate a guest to the daemon it comes from ("Attempt to
// migrate guest to the same host", compared by host UUID). This daemon gets
// its own host_uuid and, in its own mount namespace (unshare -m), private
// copies of /etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/cache/libvirt
// and /var/log/libvirt bound over the real ones, so it never sees the system
// daemon's guests or state. Its socket stays reachable from outside at
// DIR/run/libvirt-sock, hence the URI qemu:///system?socket=DIR/run/libvirt-sock.
// Both daemons resolve the same hostname, so QEMU's migration stream simply
// goes over TCP to this host.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, chmodSync, readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

export interface PeerLibvirtd {
  /** URI to open the peer with. */
  uri: string;
  dir: string;
  /** Destroys and undefines every guest on the peer, stops it, removes its directory. */
  stop(): Promise<void>;
}

/** Why a peer daemon cannot run here, or null if it can. */
export function peerLibvirtdUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (private mounts over /run/libvirt etc.)';
  const unshare = spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], { encoding: 'utf8' });
  if (unshare.status !== 0) {
    // No CAP_SYS_ADMIN, or (in a chroot) a / that is not a mount point: unshare says which.
    return `unshare -m --propagation private fails here: ${(unshare.stderr || unshare.error?.message || '').trim() || `exit ${unshare.status}`}`;
  }
  if (spawnSync('libvirtd', ['--version'], { stdio: 'ignore' }).status !== 0) return 'no libvirtd binary';
  return null;
}

function peerVirsh(uri: string, ...args: string[]) {
  return spawnSync('virsh', ['-c', uri, ...args], { encoding: 'utf8', timeout: 30_000 });
}

export async function startPeerLibvirtd(): Promise<PeerLibvirtd> {
  const dir = mkdtempSync('/tmp/vdtd-peer-');
  const uri = `qemu:///system?socket=${dir}/run/libvirt-sock`;
  const binds: Array<[string, string]> = [
    ['etc', '/etc/libvirt'],
    ['run', '/run/libvirt'],
    ['lib', '/var/lib/libvirt'],
    ['cache', '/var/cache/libvirt'],
    ['log', '/var/log/libvirt'],
  ];
  for (const [sub] of binds) mkdirSync(join(dir, sub));
  mkdirSync(join(dir, 'log', 'qemu'));
  // The system daemon's configuration (qemu.conf's container settings), minus its objects.
  cpSync('/etc/libvirt', join(dir, 'etc'), { recursive: true });
  for (const sub of ['qemu', 'qemu/autostart', 'qemu/networks', 'qemu/networks/autostart', 'storage', 'storage/autostart', 'secrets']) {
    const d = join(dir, 'etc', sub);
    let entries: string[] = [];
    try {
      entries = readdirSync(d);
    } catch {
      continue;
    }
    for (const e of entries) if (/\.(xml|base64)$/.test(e)) rmSync(join(d, e), { force: true });
  }
  // Reusing the capabilities cache saves the peer probing QEMU again.
  cpSync('/var/cache/libvirt', join(dir, 'cache'), { recursive: true });
  writeFileSync(
    join(dir, 'etc', 'qemu.conf'),
    readFileSync('/etc/libvirt/qemu.conf', 'utf8') +
      [
        '',
        '# vdtd peer daemon (test/support/peer-libvirtd.ts)',
        '# no virtlogd in this namespace: QEMU writes its logs itself',
        'stdio_handler = "file"',
        '# stay clear of the system daemon\'s VNC ports',
        'remote_display_port_min = 6900',
        'remote_display_port_max = 6999',
        '',
      ].join('\n'),
  );
  writeFileSync(
    join(dir, 'etc', 'libvirtd.conf'),
    [`host_uuid = "${randomUUID()}"`, 'unix_sock_rw_perms = "0700"', 'auth_unix_rw = "none"', 'auth_unix_ro = "none"', ''].join('\n'),
  );
  const script = join(dir, 'start.sh');
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      'set -e',
      ...binds.map(([sub, target]) => `mount --bind '${dir}/${sub}' '${target}'`),
      'exec libvirtd -f /etc/libvirt/libvirtd.conf -p /run/libvirt/libvirtd.pid',
      '',
    ].join('\n'),
  );
  chmodSync(script, 0o755);

  const logPath = join(dir, 'libvirtd.log');
  const logFd = openSync(logPath, 'w');
  // unshare execs the script, which execs libvirtd: the child's pid is libvirtd's.
  const child: ChildProcess = spawn('unshare', ['-m', '--propagation', 'private', script], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let exited = false;
  child.on('exit', () => (exited = true));

  const stop = async () => {
    const names = (peerVirsh(uri, 'list', '--all', '--name').stdout ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
    for (const name of names) {
      peerVirsh(uri, 'destroy', name);
      peerVirsh(uri, 'undefine', name, '--managed-save', '--snapshots-metadata');
    }
    if (!exited) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (peerVirsh(uri, 'uri').status === 0) return { uri, dir, stop };
    if (exited || Date.now() > deadline) {
      const log = readFileSync(logPath, 'utf8');
      await stop();
      throw new Error(`peer libvirtd did not come up (${exited ? 'exited' : 'timeout'}); its log:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
