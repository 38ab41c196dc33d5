import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ByteStream } from '../libvirt/types';
import { sshTargetOf, targetArgs, targetKey, type SshTarget } from './ssh-target';

export interface SshMultiplexerOptions {
  /** A private (0700) folder for control sockets and the wrapper script. */
  runtimeDir: string;
  /** ssh(1) to run; tests may point it elsewhere. */
  ssh?: string;
  /** Extra -o options for every connection (tests pass their own known_hosts). */
  extraOptions?: readonly string[];
  /** An ssh_config file to use instead of ~/.ssh/config (ssh -F); ssh ignores $HOME, so this is the only way to point it elsewhere. */
  configFile?: string;
}

/**
 * One SSH connection per remote host, shared by libvirt, VNC and serial
 * consoles: an OpenSSH control master we start ourselves, which libvirt's
 * own ssh runs join through a wrapper (`command=` in the URI we open), and
 * which console channels use with `ssh -W`. The user's ~/.ssh/config, agent
 * and known_hosts apply as they do for plain ssh. Fixes virt-manager's
 * prompt storms and per-console tunnels.
 */
export class SshMultiplexer {
  private readonly masters = new Map<string, Promise<void>>();
  private readonly ssh: string;

  constructor(private readonly opts: SshMultiplexerOptions) {
    this.ssh = opts.ssh ?? 'ssh';
    mkdirSync(opts.runtimeDir, { recursive: true, mode: 0o700 });
    chmodSync(opts.runtimeDir, 0o700);
  }

  private controlPath(target: SshTarget): string {
    // Short (unix socket paths are limited to 108 bytes) and per target.
    return join(this.opts.runtimeDir, `m-${createHash('sha256').update(targetKey(target)).digest('hex').slice(0, 16)}`);
  }

  private baseArgs(target: SshTarget): string[] {
    return ['-S', this.controlPath(target), '-o', 'BatchMode=yes', ...this.userArgs()];
  }

  /** -F and -o options given by whoever set us up; ssh reads ~/.ssh/config itself when there is no -F. */
  private userArgs(): string[] {
    return [...(this.opts.configFile ? ['-F', this.opts.configFile] : []), ...(this.opts.extraOptions ?? []).flatMap((o) => ['-o', o])];
  }

  /** Starts (or reuses) the master for `target`; rejects with ssh's own message. */
  ensureMaster(target: SshTarget): Promise<void> {
    const key = targetKey(target);
    let ready = this.masters.get(key);
    if (!ready) {
      ready = this.startMaster(target);
      this.masters.set(key, ready);
      ready.catch(() => this.masters.delete(key));
    }
    return ready;
  }

  private startMaster(target: SshTarget): Promise<void> {
    if (this.isAlive(target)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const child = spawn(
        this.ssh,
        ['-M', '-N', '-f', '-o', 'ControlPersist=yes', '-o', 'ServerAliveInterval=10', '-o', 'ConnectTimeout=15', ...this.baseArgs(target), ...targetArgs(target)],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr!.on('data', (c) => (stderr += c));
      child.on('error', (err) => reject(new Error(`Could not run ssh: ${err.message}`)));
      // With -f, ssh forks into the background once authenticated and exits 0.
      child.on('exit', (code) => {
        if (code === 0 && this.isAlive(target)) resolve();
        else reject(new Error(`SSH to ${targetKey(target)} failed: ${stderr.trim() || `ssh exited with ${code}`}`));
      });
    });
  }

  isAlive(target: SshTarget): boolean {
    return spawnSync(this.ssh, ['-O', 'check', ...this.baseArgs(target), ...targetArgs(target)], { stdio: 'ignore' }).status === 0;
  }

  /**
   * The URI libvirt should open for a user's `+ssh` URI: the same, with our
   * wrapper as its ssh command so libvirt joins the master. (The contract
   * refuses `command=` from the UI; this is main's own, never the user's.)
   */
  libvirtUri(uri: string): string {
    const target = sshTargetOf(uri);
    if (!target) return uri;
    const control = this.wrapperFor(target);
    return `${uri}${uri.includes('?') ? '&' : '?'}command=${encodeURIComponent(control)}`;
  }

  private wrapperFor(target: SshTarget): string {
    // libvirt runs `<command> [-p P] [-l U] [-i K] ... host sh -c ...`: join the master, never start
    // another. One wrapper per target, so its control path is fixed.
    const path = `${this.controlPath(target)}.sh`;
    writeFileSync(
      path,
      `#!/bin/sh\n# Written by Virtdesk: joins the control master for ${targetKey(target).replace(/[^\w@.:-]/g, '_')}.\nexec ${shellQuote(this.ssh)} -o ControlMaster=no -o BatchMode=yes -S ${shellQuote(this.controlPath(target))} ${this.userArgs().map(shellQuote).join(' ')} "$@"\n`,
      { mode: 0o700 },
    );
    return path;
  }

  /** A byte stream to `host:port` as the remote host sees it, over the master (ssh -W). */
  async connectTcp(target: SshTarget, host: string, port: number): Promise<ByteStream> {
    await this.ensureMaster(target);
    return childStream(spawn(this.ssh, ['-o', 'ControlMaster=no', ...this.baseArgs(target), '-W', `${host}:${port}`, ...targetArgs(target)], { stdio: ['pipe', 'pipe', 'pipe'] }), `${host}:${port} on ${target.host}`);
  }

  /** A byte stream to a unix socket on the remote host (needs nc or socat there, as virt-manager's tunnels do). */
  async connectUnix(target: SshTarget, path: string): Promise<ByteStream> {
    await this.ensureMaster(target);
    const q = shellQuote(path);
    const remote = `if command -v nc >/dev/null; then exec nc -U ${q}; else exec socat - UNIX-CONNECT:${q}; fi`;
    return childStream(spawn(this.ssh, ['-o', 'ControlMaster=no', ...this.baseArgs(target), '-T', ...targetArgs(target), remote], { stdio: ['pipe', 'pipe', 'pipe'] }), `${path} on ${target.host}`);
  }

  /** Ends every master (on quit). */
  closeAll(): void {
    for (const key of this.masters.keys()) {
      const [userAt, hostPort] = [key.slice(0, key.indexOf('@')), key.slice(key.indexOf('@') + 1)];
      const host = hostPort.slice(0, hostPort.lastIndexOf(':'));
      const port = Number(hostPort.slice(hostPort.lastIndexOf(':') + 1));
      const target: SshTarget = { host, port, ...(userAt ? { user: userAt } : {}) };
      spawnSync(this.ssh, ['-O', 'exit', ...this.baseArgs(target), ...targetArgs(target)], { stdio: 'ignore' });
    }
    this.masters.clear();
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A ByteStream over a child's stdin/stdout. It resolves on the far end's first
 * bytes (a VNC server greets first), so "open" means connected; a channel that
 * fails before that rejects with ssh's own words.
 */
function childStream(child: ChildProcess, what: string): Promise<ByteStream> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    let settled = false;
    let closed = false;
    const closeListeners: ((reason?: string) => void)[] = [];
    const dataListeners: ((chunk: Buffer) => void)[] = [];
    const early: Buffer[] = [];
    const end = (reason?: string) => {
      if (closed) return;
      closed = true;
      closeListeners.forEach((l) => l(reason));
    };
    const fail = (message: string) => {
      if (!settled) {
        settled = true;
        reject(new Error(message));
      }
      end(message);
    };
    child.stderr!.on('data', (c) => (stderr += c));
    child.on('error', (err) => fail(`Could not reach ${what}: ${err.message}`));
    child.on('exit', (code) => (code ? fail(`Could not reach ${what}: ${stderr.trim() || `ssh exited with ${code}`}`) : end()));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (dataListeners.length === 0) early.push(chunk);
      else dataListeners.forEach((l) => l(chunk));
      if (settled) return;
      settled = true;
      resolve({
        write: (c) => void (!closed && child.stdin!.write(c)),
        pause: () => child.stdout!.pause(),
        resume: () => child.stdout!.resume(),
        close: () => {
          child.kill();
          end();
        },
        onData: (l) => {
          dataListeners.push(l);
          early.splice(0).forEach((c) => l(c));
        },
        onClose: (l) => void closeListeners.push(l),
      });
    });
  });
}
