import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A libvirtd of the test's own (a per-user "session" daemon with its own
 * sockets, config and state under a temp dir), so a test can kill and restart
 * a real daemon without touching the system one others use. As root it runs
 * as `nobody`, since a root libvirtd always claims the system's /run/libvirt.
 */
export class PrivateLibvirtd {
  private child?: ChildProcess;
  readonly home: string;
  readonly runtime: string;

  /** Set when the daemon requires a SASL login on its sockets (see start). */
  private saslDir?: string;

  private constructor(readonly dir: string) {
    this.home = join(dir, 'home');
    this.runtime = join(dir, 'run');
  }

  /**
   * With `sasl`, the daemon requires a SASL login (SCRAM-SHA-256 or
   * DIGEST-MD5, users in a sasldb of its own made with saslpasswd2 from
   * sasl2-bin) on its unix sockets: `auth_unix_rw = "sasl"`. virsh cannot
   * answer then; use openAuth.
   */
  static async start(options: { sasl?: { user: string; password: string } } = {}): Promise<PrivateLibvirtd> {
    const d = new PrivateLibvirtd(mkdtempSync(join(tmpdir(), 'vd-libvirtd-')));
    chmodSync(d.dir, 0o755);
    for (const p of [d.home, d.runtime, d.qemuConfigDir]) mkdirSync(p, { recursive: true });
    if (options.sasl) {
      const sasl = join(d.dir, 'sasl');
      mkdirSync(sasl);
      writeFileSync(join(sasl, 'libvirt.conf'), `mech_list: scram-sha-256 digest-md5\nsasldb_path: ${join(sasl, 'passwd.db')}\n`);
      const r = spawnSync('saslpasswd2', ['-p', '-c', '-a', 'libvirt', '-f', join(sasl, 'passwd.db'), options.sasl.user], { input: options.sasl.password });
      if (r.status !== 0) throw new Error(`saslpasswd2 failed (is sasl2-bin installed?): ${String(r.stderr ?? r.error)}`);
      mkdirSync(join(d.home, '.config', 'libvirt'), { recursive: true });
      writeFileSync(join(d.home, '.config', 'libvirt', 'libvirtd.conf'), 'auth_unix_rw = "sasl"\nauth_unix_ro = "sasl"\n');
      d.saslDir = sasl;
    }
    if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'nobody', d.dir]);
    await d.launch();
    return d;
  }

  get socket(): string {
    return join(this.runtime, 'libvirt', 'libvirt-sock');
  }

  /** Where the daemon's QEMU driver keeps persistent domain XML. */
  get qemuConfigDir(): string {
    return join(this.home, '.config', 'libvirt', 'qemu');
  }

  uri(driver = 'qemu', path = 'session'): string {
    return `${driver}+unix:///${path}?socket=${this.socket}`;
  }

  virsh(...args: string[]): string {
    const r = spawnSync('virsh', ['-c', this.uri(), ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`virsh ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  async launch(): Promise<void> {
    rmSync(this.socket, { force: true });
    const env = {
      PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: this.home,
      XDG_RUNTIME_DIR: this.runtime,
      XDG_CONFIG_HOME: join(this.home, '.config'),
      XDG_CACHE_HOME: join(this.home, '.cache'),
      ...(this.saslDir ? { SASL_CONF_PATH: this.saslDir } : {}),
    };
    const asRoot = process.getuid?.() === 0;
    const [cmd, args] = asRoot ? ['runuser', ['-u', 'nobody', '--', 'libvirtd']] : ['libvirtd', []];
    this.child = spawn(cmd, args as string[], { env, stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      // virsh cannot log in to a SASL daemon; its socket appearing is enough there.
      if (existsSync(this.socket) && (this.saslDir || spawnSync('virsh', ['-c', this.uri(), 'uri'], { stdio: 'ignore' }).status === 0)) return;
      if (this.child.exitCode !== null) throw new Error(`private libvirtd exited with ${this.child.exitCode}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('private libvirtd did not answer within 10 s');
  }

  /** Kills the daemon (default: SIGKILL, a crash) and waits until it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // Signal the daemon itself, not runuser (which cannot forward SIGKILL): its pid file says which.
    const exited = new Promise((r) => child.once('exit', r));
    const pid = Number(readFileSync(join(this.runtime, 'libvirt', 'libvirtd.pid'), 'utf8').trim());
    process.kill(pid, signal);
    await exited;
  }

  async dispose(): Promise<void> {
    await this.kill('SIGTERM').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
