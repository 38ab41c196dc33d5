import { openPty } from './pty';
import { serialPty } from './system-libvirt';

/**
 * Runs one shell command line in the tiny guest's serial shell (call
 * waitForGuestShell first) and resolves with what it printed. The output is
 * framed by two markers the shell has to evaluate (`$((20+1))`), so the
 * terminal's echo of the typed line never matches them.
 */
export async function guestRun(name: string, command: string, timeoutMs = 30_000): Promise<string> {
  return ptyRun(serialPty(name), command, timeoutMs, name);
}

/** guestRun on a pty path (e.g. of a guest on another libvirtd, which serialPty cannot ask). */
export async function ptyRun(pty: string, command: string, timeoutMs = 30_000, name = pty): Promise<string> {
  const link = openPty(pty);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<string>((resolve, reject) => {
      let seen = '';
      timer = setTimeout(
        () => reject(new Error(`guest ${name}: no answer to ${JSON.stringify(command)} within ${timeoutMs} ms; last output: ${seen.slice(-400)}`)),
        timeoutMs,
      );
      link.onData((text) => {
        seen += text;
        const m = /VDB-21\r?\n([\s\S]*?)VDE-22/.exec(seen);
        if (m) resolve(m[1]!.replace(/\r/g, ''));
      });
      link.write(`echo VDB-$((20+1)); ${command}; echo VDE-$((20+2))\r`);
    });
  } finally {
    clearTimeout(timer);
    link.close();
  }
}

/**
 * The kernel's random id of this boot: tells a reboot apart where uptimes
 * cannot (a guest that rebooted can already be up longer than it was before,
 * when it had just booted then and the next boot is slow).
 */
export async function guestBootId(name: string): Promise<string> {
  const out = await guestRun(name, 'cat /proc/sys/kernel/random/boot_id');
  const m = /^([0-9a-f-]{36})\s*$/m.exec(out);
  if (!m) throw new Error(`guest ${name}: unexpected boot_id output ${JSON.stringify(out)}`);
  return m[1]!;
}

/** Seconds since the guest's kernel booted (from /proc/uptime). */
export async function guestUptime(name: string): Promise<number> {
  const out = await guestRun(name, 'cat /proc/uptime');
  const m = /^(\d+(?:\.\d+)?)\s/m.exec(out);
  if (!m) throw new Error(`guest ${name}: unexpected /proc/uptime output ${JSON.stringify(out)}`);
  return Number(m[1]);
}
