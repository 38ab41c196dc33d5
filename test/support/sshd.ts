import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real OpenSSH server on 127.0.0.1 for remote-host tests, with keys
 * generated per run (never committed): root may log in with `keyfile` only.
 */
export class TestSshd {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  /** The client key (libvirt's `keyfile` URI parameter). */
  get keyfile(): string {
    return join(this.dir, 'id_ed25519');
  }

  /** A known_hosts file holding this server's host key: the client verifies it for real. */
  get knownHosts(): string {
    return join(this.dir, 'known_hosts');
  }

  /** ssh -o options a client needs for this server. */
  get clientOptions(): string[] {
    return [`UserKnownHostsFile=${this.knownHosts}`, 'StrictHostKeyChecking=yes', 'GlobalKnownHostsFile=/dev/null'];
  }

  /**
   * An ssh_config file for this server (what a user's ~/.ssh/config would say),
   * for clients that take a config file rather than -o options: the app reads
   * it from VIRTDESK_SSH_CONFIG, since ssh ignores $HOME.
   */
  get clientConfig(): string {
    const file = join(this.dir, 'ssh_config');
    writeFileSync(file, `Host 127.0.0.1\n${this.clientOptions.map((o) => `  ${o.replace('=', ' ')}\n`).join('')}`);
    return file;
  }

  uri(path = 'system', driver = 'qemu'): string {
    return `${driver}+ssh://root@127.0.0.1:${this.port}/${path}?keyfile=${this.keyfile}`;
  }

  /** The same URI for a host where nothing listens (port 1): an SSH host that does not answer. */
  unansweredUri(): string {
    return `qemu+ssh://root@127.0.0.1:1/system?keyfile=${this.keyfile}`;
  }

  static async start(): Promise<TestSshd> {
    const dir = mkdtempSync(join(tmpdir(), 'vd-sshd-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_ed25519')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id_ed25519')]);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'id_ed25519.pub')));
    const port = await freePort();
    writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${readFileSync(join(dir, 'host_ed25519.pub'), 'utf8')}`);
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_ed25519')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        'MaxSessions 50',
        'LogLevel VERBOSE',
      ].join('\n') + '\n',
    );
    mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation directory
    const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr!.on('data', (c) => (log += c));
    for (let i = 0; i < 100; i++) {
      if (log.includes('Server listening')) return new TestSshd(dir, port, child);
      if (child.exitCode !== null) throw new Error(`sshd exited: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill();
    throw new Error(`sshd did not listen within 5 s: ${log}`);
  }

  /** Established TCP connections from clients to this server right now. */
  sessions(): number {
    const out = execFileSync('ss', ['-tnH', 'state', 'established', `( sport = :${this.port} )`], { encoding: 'utf8' });
    return out.split('\n').filter((l) => l.trim()).length;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill();
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
