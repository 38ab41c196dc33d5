// NativeStream against real libvirt: screenshots on the test driver, and the
// serial console + screenshot of the tiny QEMU guest on qemu:///system.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibvirt, type LibvirtConnection } from '../../main/libvirt/connection';
import type { NativeStream } from '../../main/libvirt/native/api/stream';
import { FIXTURE } from '../support/fixtures';
import { decodePng, decodeScreenshot, distinctPixels } from '../support/images';
import {
  collectGarbage,
  expectLibvirtCode,
  expectTypeErrors,
  record,
  rejection,
  sleep,
  waitFor,
} from '../support/native-helpers';
import { SYSTEM_URI, defineTinyGuest, domState, removeGuest, requireSystem, virsh } from '../support/system-libvirt';

const VIR_ERR_NO_SUPPORT = 3;
const VIR_ERR_OPERATION_FAILED = 9;
const VIR_ERR_NO_DOMAIN = 42;
const CONSOLE_FORCE = 1;
const UNKNOWN_UUID = '0badc0de-0000-4000-8000-000000000000';

describe('streams on the test driver', () => {
  let conn: LibvirtConnection;
  let uuid: string;

  beforeAll(async () => {
    conn = await openLibvirt(`test://${FIXTURE}`);
    uuid = (await conn.listAllDomains(0)).find((d) => d.name === 'web-01')!.uuid;
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('takes a screenshot: a PNG with more than one colour', async () => {
    const shot = await conn.domainScreenshot(uuid, 0, 0);
    expect(shot.mime).toBe('image/png');
    expect(Buffer.isBuffer(shot.data)).toBe(true);
    const img = decodePng(shot.data);
    expect(img.width).toBeGreaterThan(0);
    expect(img.height).toBeGreaterThan(0);
    expect(img.pixels.length).toBe(img.width * img.height * img.channels);
    expect(distinctPixels(img)).toBeGreaterThan(1);
  });

  it('rejects unknown domains, unsupported consoles and bad arguments', async () => {
    await expectLibvirtCode(conn.domainScreenshot(UNKNOWN_UUID, 0, 0), VIR_ERR_NO_DOMAIN);
    await expectLibvirtCode(conn.domainOpenConsole(UNKNOWN_UUID, null, 0), VIR_ERR_NO_DOMAIN);
    // The test driver has no consoles: the open fails after virStreamNew, which must be freed.
    await expectLibvirtCode(conn.domainOpenConsole(uuid, null, 0), VIR_ERR_NO_SUPPORT);
    const c = conn as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    await expectTypeErrors([
      () => c.domainScreenshot!(42, 0, 0),
      () => c.domainScreenshot!(uuid, -1, 0),
      () => c.domainScreenshot!(uuid, 0, 1.5),
      () => c.domainOpenConsole!(uuid, undefined, 0),
      () => c.domainOpenConsole!(uuid, 7, 0),
      () => c.domainOpenConsole!(uuid, null, -1),
    ]);
  });

  it('rejects after close()', async () => {
    const other = await openLibvirt(`test://${FIXTURE}`);
    await other.close();
    expect((await rejection(other.domainScreenshot(uuid, 0, 0))).message).toMatch(/closed/);
    expect((await rejection(other.domainOpenConsole(uuid, null, 0))).message).toMatch(/closed/);
  });
});

describe('console and screenshot of the tiny guest on qemu:///system', () => {
  beforeAll(() => requireSystem());
  const GUEST = 'vdts-con';
  let conn: LibvirtConnection;
  let uuid: string;
  const opened: NativeStream[] = [];

  /** Opens a console and remembers it for cleanup. */
  const openConsole = async (flags = 0, on: LibvirtConnection = conn) => {
    const s = await on.domainOpenConsole(uuid, null, flags);
    opened.push(s);
    return s;
  };

  /** Types `echo <word>-$((6*7))` every 2 s until the evaluated `<word>-42` line shows up. */
  const askShell = async (s: NativeStream, rec: ReturnType<typeof record>, word: string, timeoutMs = 90_000) => {
    const expected = new RegExp(`^${word}-42$`, 'm');
    const ask = () => void s.write(Buffer.from(`echo ${word}-$((6*7))\r`)).catch(() => undefined);
    ask();
    const poke = setInterval(ask, 2000);
    try {
      await waitFor(() => (expected.test(rec.text) ? true : undefined), `${word}-42 on the console; got: ${rec.text.slice(-300)}`, timeoutMs);
    } finally {
      clearInterval(poke);
    }
  };

  /** A console can be opened without FORCE, i.e. nobody holds it (retries while a release is in flight). */
  const consoleIsFree = async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const s = await conn.domainOpenConsole(uuid, null, 0);
        await s.abort();
        return true;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await sleep(100);
      }
    }
  };

  beforeAll(async () => {
    uuid = defineTinyGuest(GUEST);
    conn = await openLibvirt(SYSTEM_URI);
    virsh('start', GUEST);
  });

  afterAll(async () => {
    for (const s of opened) await s.abort().catch(() => undefined);
    await conn?.close();
    removeGuest(GUEST);
  });

  it('shows the boot banner, or answers a command typed into it', async () => {
    const s = await openConsole();
    const rec = record(s);
    const banner = () => (rec.text.includes('VIRTDESK-GUEST READY') ? true : undefined);
    // The banner is printed once, early in boot: if we attached after it, the shell must answer.
    await waitFor(banner, 'the banner', 15_000).catch(() => undefined);
    console.info(banner() ? 'console: saw the boot banner' : 'console: attached after the banner; asking the shell');
    if (!banner()) await askShell(s, rec, 'hello');
    expect(rec.text.includes('VIRTDESK-GUEST READY') || /^hello-42$/m.test(rec.text)).toBe(true);
    await askShell(s, rec, 'hello'); // the shell is up for the next tests either way
    expect(rec.error).toBeUndefined();
    await s.abort();
  });

  it('keeps the worker free while a console flows', async () => {
    const s = await openConsole();
    const rec = record(s);
    await askShell(s, rec, 'busy');
    // Stream I/O runs on libvirt's event loop: ordinary calls still answer at once.
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      expect(await conn.getHostname()).toBeTruthy();
      expect(Date.now() - t0).toBeLessThan(2000);
      await s.write(Buffer.from('\r'));
    }
    await s.abort();
  });

  it('pause() stops onData until resume()', async () => {
    const s = await openConsole();
    const rec = record(s);
    await askShell(s, rec, 'before');
    s.pause();
    expect(s.isPaused()).toBe(true);
    const seen = rec.chunks.length;
    await s.write(Buffer.from('echo paused-$((6*7))\r'));
    await sleep(1500); // the guest has answered by now; nothing may be delivered
    expect(rec.chunks.length).toBe(seen);
    s.resume();
    expect(s.isPaused()).toBe(false);
    await waitFor(() => (/^paused-42$/m.test(rec.text) ? true : undefined), 'the answer held while paused');
    await s.abort();
  });

  it('refuses a second console without FORCE; FORCE takes it over and ends the first', async () => {
    const first = await openConsole();
    const rec1 = record(first);
    await expectLibvirtCode(conn.domainOpenConsole(uuid, null, 0), VIR_ERR_OPERATION_FAILED);
    const second = await openConsole(CONSOLE_FORCE);
    const rec2 = record(second);
    await waitFor(() => (rec1.done ? true : undefined), 'the first console to end');
    expect(await rejection(first.write(Buffer.from('x')))).toBeInstanceOf(Error);
    await askShell(second, rec2, 'forced');
    expect(rec2.error).toBeUndefined();
    await second.abort();
  });

  it('abort() and finish() are idempotent; closing leaves the guest running and frees the console', async () => {
    const s = await openConsole();
    await Promise.all([s.abort(), s.abort()]);
    await s.abort();
    expect((await rejection(s.write(Buffer.from('x')))).message).toMatch(/aborted/);
    expect((await rejection(s.finish())).message).toMatch(/aborted/);
    expect(domState(GUEST)).toBe('running');
    expect(await consoleIsFree()).toBe(true);

    const t = await openConsole();
    await Promise.all([t.finish(), t.finish()]);
    await t.finish();
    await t.abort(); // after a finish: still resolves
    expect((await rejection(t.write(Buffer.from('x')))).message).toMatch(/finished/);
    expect(domState(GUEST)).toBe('running');
    expect(await consoleIsFree()).toBe(true);
  });

  it('survives rapid open/abort cycles and leaves the console free', async () => {
    for (let i = 0; i < 20; i++) {
      const s = await conn.domainOpenConsole(uuid, null, 0);
      s.onData(() => undefined);
      if (i % 2) void s.write(Buffer.from('\r')).catch(() => undefined);
      await s.abort();
    }
    expect(await consoleIsFree()).toBe(true);
  });

  it('a stream collected without close() is aborted, freeing the console', async () => {
    // Opened, never listened to nor closed, and dropped.
    await (async () => {
      await conn.domainOpenConsole(uuid, null, 0);
    })();
    await expectLibvirtCode(conn.domainOpenConsole(uuid, null, 0), VIR_ERR_OPERATION_FAILED);
    let freed = false;
    for (let i = 0; i < 100 && !freed; i++) {
      collectGarbage();
      await sleep(100);
      freed = await conn.domainOpenConsole(uuid, null, 0).then(
        (s) => s.abort().then(() => true),
        () => false,
      );
    }
    expect(freed).toBe(true);
  });

  it('closing the connection ends its streams with onError, without a crash', async () => {
    const other = await openLibvirt(SYSTEM_URI);
    const s = await openConsole(0, other);
    const rec = record(s);
    const pendingWrite = s.write(Buffer.alloc(0));
    await other.close();
    await waitFor(() => rec.error, 'onError after close()');
    expect(rec.error!.message).toMatch(/connection was closed/);
    expect(rec.ended).toBe(false);
    await pendingWrite.catch(() => undefined); // either sent before the close, or rejected
    expect(await rejection(s.write(Buffer.from('x')))).toBeInstanceOf(Error);
    await s.abort();
    expect(await consoleIsFree()).toBe(true);
  });

  it('write() resolves only as libvirt accepts: a suspended guest holds the writes back, resuming lets them through', async () => {
    // A connection of its own: libvirtd stops reading a client whose stream
    // packets it cannot deliver (max_client_requests), so every other call on
    // that connection would wait too (and the daemon drops it after its
    // keepalive timeout, ~30 s).
    const side = await openLibvirt(SYSTEM_URI);
    const CHUNK = 16 * 1024;
    const TOTAL = 32; // 512 KiB: far more than the pty, the daemon and the socket buffer
    let s: Awaited<ReturnType<typeof openConsole>> | undefined;
    try {
      const stream = await openConsole(0, side);
      s = stream;
      const rec = record(stream);
      await askShell(stream, rec, 'sink');
      // The guest then reads exactly TOTAL * CHUNK raw bytes, discards them and answers.
      await stream.write(Buffer.from(`echo ready-$((6*7)); stty raw -echo; head -c ${TOTAL * CHUNK} >/dev/null; stty sane; echo drained-$((6*7))\r`));
      await waitFor(() => (/^ready-42$/m.test(rec.text) ? true : undefined), 'the guest to start reading');
      await sleep(300);
      virsh('suspend', GUEST);
      let resolved = 0;
      const writes = Array.from({ length: TOTAL }, () => stream.write(Buffer.alloc(CHUNK, 0x61)).then(() => void resolved++));
      // Buffers between us and the guest fill at whatever pace a loaded machine
      // allows: wait until the count settles, then it must stay put.
      let held = -1;
      for (let i = 0; i < 20 && held !== resolved; i++) {
        held = resolved;
        await sleep(700);
      }
      await sleep(1000);
      expect(resolved).toBe(held); // the guest reads nothing, so libvirt accepts nothing more
      expect(held).toBeLessThan(TOTAL / 2);
      const t0 = Date.now();
      expect(await conn.getHostname()).toBeTruthy(); // other connections are not held up
      expect(Date.now() - t0).toBeLessThan(2000);
      virsh('resume', GUEST);
      await waitFor(() => (resolved === TOTAL ? true : undefined), 'every write to resolve after resume', 30_000);
      await Promise.all(writes);
      await waitFor(() => (/^drained-42$/m.test(rec.text) ? true : undefined), 'the guest to have read it all', 30_000);
      console.info(`back-pressure: ${held}/${TOTAL} writes of ${CHUNK / 1024} KiB accepted while suspended, all ${Date.now() - t0} ms after resume`);
      await s.abort();
    } finally {
      if (domState(GUEST) === 'paused') virsh('resume', GUEST);
      await s?.abort();
      await side.close();
    }
  });

  it('takes a screenshot of the running guest with more than one colour', async () => {
    const shot = await conn.domainScreenshot(uuid, 0, 0);
    expect(['image/png', 'image/x-portable-pixmap']).toContain(shot.mime);
    const img = decodeScreenshot(shot.mime, shot.data);
    expect(img.width).toBeGreaterThanOrEqual(320);
    expect(img.height).toBeGreaterThanOrEqual(200);
    expect(distinctPixels(img)).toBeGreaterThan(1);
    console.info(`screenshot: ${shot.mime}, ${img.width}x${img.height}, ${shot.data.length} bytes`);
  });

  it('destroying the guest ends the console stream (onEnd or onError), no hang', async () => {
    const s = await openConsole();
    const rec = record(s);
    await askShell(s, rec, 'last');
    virsh('destroy', GUEST);
    await waitFor(() => (rec.done ? true : undefined), 'the console to end after destroy', 15_000);
    console.info(`console after destroy: ${rec.ended ? 'onEnd' : `onError(${rec.error?.code}: ${rec.error?.message})`}`);
    await s.abort();
  });
});
