// Serial console keystroke latency on a real guest: one character sent, until
// the guest's echo of it comes back. Through our server (RPC WebSocket for the
// ticket, /stream/<ticket> for the bytes, libvirt's console stream behind it),
// and through `virsh console` (in a pty made by script(1)) for comparison.
// The tiny guest (test/guest) runs under TCG, so both include the guest's own
// time to echo; the difference between them is what our path adds.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import tty from 'node:tty';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, round } from './support.mjs';
import { connectedId, startServer } from './server-client.mjs';

const URI = 'qemu:///system';
const GUEST = 'vdtc-bench';
const KEYSTROKES = 100;
/** Keys are sent one at a time, this long after the previous echo (a fast typist). */
const GAP_MS = 15;

const virsh = (...args) => execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function removeGuest() {
  spawnSync('virsh', ['-c', URI, 'destroy', GUEST], { stdio: 'ignore' });
  spawnSync('virsh', ['-c', URI, 'undefine', GUEST], { stdio: 'ignore' });
}

/** The tiny guest, as test/support/system-libvirt.ts defineTinyGuest does (no serial log file). */
function defineGuest() {
  removeGuest();
  const xml = execFileSync('bash', [join(ROOT, 'test/guest/make-domain-xml.sh'), GUEST], { encoding: 'utf8', env: { ...process.env, VD_GUEST_SERIAL_LOG: '' } });
  const dir = mkdtempSync(join(tmpdir(), 'vd-guest-'));
  try {
    writeFileSync(join(dir, 'domain.xml'), xml);
    virsh('define', join(dir, 'domain.xml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** As waitForGuestShell in test/support/system-libvirt.ts: asks on the pty until the shell computes the answer. */
async function waitForShell(timeoutMs = 150_000) {
  const m = /<serial type=['"]pty['"]>[\s\S]*?<source path=['"]([^'"]+)['"]/.exec(virsh('dumpxml', GUEST));
  if (!m) throw new Error(`${GUEST} has no pty serial port`);
  // A tty handle (epoll), not blocking reads on the thread pool: see test/support/pty.ts.
  const fd = openSync(m[1], constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  const input = new tty.ReadStream(fd);
  const output = new tty.WriteStream(fd);
  input.on('error', () => undefined);
  output.on('error', () => undefined);
  let timer;
  let poke;
  try {
    await new Promise((resolve, reject) => {
      let seen = '';
      timer = setTimeout(() => reject(new Error(`${GUEST}'s shell did not answer within ${timeoutMs} ms: ${seen.slice(-300)}`)), timeoutMs);
      const ask = () => output.write('echo VIRTDESK-$((40+2))-UP\r');
      poke = setInterval(ask, 2000);
      ask();
      input.on('data', (c) => {
        seen += c.toString();
        if (seen.includes('VIRTDESK-42-UP')) resolve();
      });
    });
  } finally {
    clearTimeout(timer);
    clearInterval(poke);
    input.destroy();
    output.destroy();
  }
}

/**
 * Types KEYSTROKES letters at the shell prompt, one at a time, timing each
 * from write to the arrival of its echo; Ctrl+U clears the line every 20.
 */
async function keystrokeLatencies(send, subscribe) {
  let buf = '';
  let waiting = null;
  subscribe((chunk) => {
    buf += chunk.toString('latin1');
    if (waiting && buf.includes(waiting.text)) {
      const w = waiting;
      waiting = null;
      w.resolve(performance.now());
    }
  });
  const until = (text, ms) =>
    new Promise((resolve, reject) => {
      if (buf.includes(text)) return resolve(performance.now());
      const timer = setTimeout(() => reject(new Error(`no ${JSON.stringify(text)} within ${ms} ms; got ${JSON.stringify(buf.slice(-200))}`)), ms);
      waiting = { text, resolve: (t) => (clearTimeout(timer), resolve(t)) };
    });
  // A fresh prompt first.
  for (let i = 0; ; i++) {
    buf = '';
    send('\r');
    try {
      await until('# ', 3000);
      break;
    } catch (err) {
      if (i === 5) throw err;
    }
  }
  await sleep(200);
  const times = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    buf = '';
    const t0 = performance.now();
    send(ch);
    times.push((await until(ch, 5000)) - t0);
    await sleep(GAP_MS);
    if (i % 20 === 19) {
      send('\x15'); // Ctrl+U: kill the line, so it never wraps
      await sleep(100);
    }
  }
  send('\x15');
  await sleep(100);
  return times;
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function throughOurServer() {
  const server = await startServer(['--connect', URI]);
  try {
    const id = await connectedId(server, URI);
    const domain = (await server.call('domains.list', id)).find((d) => d.name === GUEST);
    if (!domain) throw new Error(`${GUEST} is not listed`);
    const ref = { connectionId: id, uuid: domain.uuid };
    const device = (await server.call('consoles.list', ref)).find((d) => d.kind === 'serial');
    if (!device) throw new Error(`${GUEST} has no serial console`);
    const { ticket } = await server.call('consoles.open', ref, device.id);
    const ws = server.stream(ticket);
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    try {
      return await keystrokeLatencies(
        (s) => ws.send(Buffer.from(s, 'latin1')),
        (l) => ws.on('message', (d) => l(Buffer.from(d))),
      );
    } finally {
      ws.close();
      await sleep(300);
    }
  } finally {
    await server.stop();
  }
}

async function throughVirshConsole() {
  // virsh console wants a terminal: script(1) gives it a pty, fed from our pipe.
  const child = spawn('script', ['-qfc', `virsh -c ${URI} console ${GUEST} --force`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise((r) => child.once('exit', r));
  try {
    await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`virsh console did not connect: ${out} ${err}`)), 15_000);
      child.stdout.on('data', function onData(c) {
        out += c;
        if (/Escape character/.test(out)) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolve();
        }
      });
    });
    return await keystrokeLatencies(
      (s) => child.stdin.write(s),
      (l) => child.stdout.on('data', l),
    );
  } finally {
    child.stdin.write('\x1d'); // Ctrl+]: leave the console
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}

export async function* run() {
  if (spawnSync('virsh', ['-c', URI, 'uri'], { stdio: 'ignore' }).status !== 0) {
    yield { metric: 'serial_echo_ms_p95', value: null, unit: 'ms', skipped: `${URI} does not answer here (start it with scripts/libvirtd.sh start)` };
    return;
  }
  try {
    defineGuest();
    virsh('start', GUEST);
    await waitForShell();
    const ours = await throughOurServer();
    const theirs = await throughVirshConsole();
    const slowest = (xs) => [...xs].sort((a, b) => b - a).slice(0, 6).map((x) => round(x, 1)).join(' ');
    process.stderr.write(`serial echo, slowest keystrokes (ms): ours ${slowest(ours)}; virsh console ${slowest(theirs)}\n`);
    yield {
      metric: 'serial_echo_ms_p95',
      value: round(percentile(ours, 95), 1),
      unit: 'ms',
      p50: round(percentile(ours, 50), 1),
      virsh_console_p95: round(percentile(theirs, 95), 1),
      virsh_console_p50: round(percentile(theirs, 50), 1),
      keystrokes: KEYSTROKES,
      note: 'tiny guest under TCG: includes the guest echoing; virsh console is the reference path',
    };
  } finally {
    removeGuest();
  }
}
