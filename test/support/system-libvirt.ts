import { openPty } from './pty';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SYSTEM_URI = 'qemu:///system';
const ROOT = join(__dirname, '..', '..');

export function virsh(...args: string[]): string {
  return execFileSync('virsh', ['-c', SYSTEM_URI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Fails unless a real libvirtd answers on qemu:///system. The real-daemon
 * suites call it first (beforeAll): without the daemon they fail saying so,
 * never skip. `npm test` starts it (scripts/libvirtd.sh start).
 */
export function requireSystem(): void {
  if (spawnSync('virsh', ['-c', SYSTEM_URI, 'uri'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('qemu:///system does not answer: start it with scripts/libvirtd.sh start (npm test does)');
  }
}

/** Defines the tiny test guest (built by test/guest/build.sh) under `name`; returns its UUID. */
export function defineTinyGuest(name: string): string {
  removeGuest(name);
  const xml = execFileSync('bash', [join(ROOT, 'test/guest/make-domain-xml.sh'), name], { encoding: 'utf8' });
  // A file, not /dev/stdin: Node's stdin pipe is a socket, which virsh cannot open by path.
  const dir = mkdtempSync(join(tmpdir(), 'vd-guest-'));
  try {
    writeFileSync(join(dir, 'domain.xml'), xml);
    virsh('define', join(dir, 'domain.xml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return virsh('domuuid', name).trim();
}

/** Destroys and undefines `name` if it exists; never throws. */
export function removeGuest(name: string): void {
  spawnSync('virsh', ['-c', SYSTEM_URI, 'destroy', name], { stdio: 'ignore' });
  spawnSync('virsh', ['-c', SYSTEM_URI, 'undefine', name], { stdio: 'ignore' });
}

export function domState(name: string): string {
  return virsh('domstate', name).trim();
}

/** The host side of the guest's first serial port (a pty), from the live XML. */
export function serialPty(name: string): string {
  const xml = virsh('dumpxml', name);
  const m = /<serial type=['"]pty['"]>[\s\S]*?<source path=['"]([^'"]+)['"]/.exec(xml);
  if (!m) throw new Error(`${name} has no pty serial port in its live XML`);
  return m[1]!;
}

/**
 * Waits until the guest's serial shell answers: it sends `echo VIRTDESK-$((40+2))-UP`
 * every 2 s and waits for the evaluated "VIRTDESK-42-UP" (the echoed input
 * alone never matches). The tiny guest starts its ACPI handler before the
 * shell, so after this a `virsh shutdown` is heard. Throws after `timeoutMs`.
 */
export async function waitForGuestShell(name: string, timeoutMs = 90_000): Promise<void> {
  const pty = openPty(serialPty(name));
  let timer: NodeJS.Timeout | undefined;
  let poke: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      timer = setTimeout(() => reject(new Error(`${name}'s serial shell did not answer within ${timeoutMs} ms; last output: ${seen.slice(-400)}`)), timeoutMs);
      const ask = () => pty.write('echo VIRTDESK-$((40+2))-UP\r');
      poke = setInterval(ask, 2000);
      ask();
      pty.onData((text) => {
        seen += text;
        if (seen.includes('VIRTDESK-42-UP')) resolve();
      });
    });
  } finally {
    clearTimeout(timer);
    clearInterval(poke);
    pty.close();
  }
}
