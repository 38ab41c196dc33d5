// Storage pools and volumes through the native binding: the fixture's
// test-driver pool, and a dir pool vdts-pool on qemu:///system with real
// qcow2/raw volumes, uploads and downloads through NativeStream.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibvirt, type LibvirtConnection } from '../../main/libvirt/connection';
import type { NativeVolumeInfo } from '../../main/libvirt/native/api/storage';
import type { NativeStream } from '../../main/libvirt/native/api/stream';
import { FIXTURE } from '../support/fixtures';
import { expectLibvirtCode, expectTypeErrors, readAll, rejection, waitFor } from '../support/native-helpers';
import { SYSTEM_URI, requireSystem } from '../support/system-libvirt';

const VIR_ERR_NO_STORAGE_POOL = 49;
const VIR_ERR_NO_STORAGE_VOL = 50;
const UNKNOWN_UUID = '0badc0de-0000-4000-8000-000000000000';
const UNKNOWN_KEY = '/nonexistent/vdts-no-such-volume';
const LIST_INACTIVE = 1;
const LIST_ACTIVE = 2;
const PREALLOC_METADATA = 1;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every pool-uuid method rejects an unknown pool with 49, every key method an unknown volume with 50. */
async function checkErrorPaths(conn: LibvirtConnection, poolUuid: string, key: string) {
  for (const call of [
    () => conn.storagePoolGetXMLDesc(UNKNOWN_UUID, 0),
    () => conn.storagePoolBuild(UNKNOWN_UUID, 0),
    () => conn.storagePoolCreate(UNKNOWN_UUID, 0),
    () => conn.storagePoolDestroy(UNKNOWN_UUID),
    () => conn.storagePoolDelete(UNKNOWN_UUID, 0),
    () => conn.storagePoolUndefine(UNKNOWN_UUID),
    () => conn.storagePoolRefresh(UNKNOWN_UUID, 0),
    () => conn.storagePoolGetAutostart(UNKNOWN_UUID),
    () => conn.storagePoolSetAutostart(UNKNOWN_UUID, false),
    () => conn.storagePoolGetInfo(UNKNOWN_UUID),
    () => conn.storagePoolLookupByName('vdts-no-such-pool'),
    () => conn.storagePoolListAllVolumes(UNKNOWN_UUID),
    () => conn.storageVolLookupByName(UNKNOWN_UUID, 'x'),
    () => conn.storageVolCreateXML(UNKNOWN_UUID, '<volume/>', 0),
    () => conn.storageVolCreateXMLFrom(UNKNOWN_UUID, '<volume/>', key, 0),
  ]) {
    await expectLibvirtCode(call(), VIR_ERR_NO_STORAGE_POOL);
  }
  for (const call of [
    () => conn.storageVolGetXMLDesc(UNKNOWN_KEY, 0),
    () => conn.storageVolGetInfo(UNKNOWN_KEY),
    () => conn.storageVolDelete(UNKNOWN_KEY, 0),
    () => conn.storageVolWipe(UNKNOWN_KEY, 0),
    () => conn.storageVolWipePattern(UNKNOWN_KEY, 0, 0),
    () => conn.storageVolResize(UNKNOWN_KEY, MiB, 0),
    () => conn.storageVolUpload(UNKNOWN_KEY, 0, 0, 0),
    () => conn.storageVolDownload(UNKNOWN_KEY, 0, 0, 0),
    () => conn.storageVolLookupByPath(UNKNOWN_KEY),
    () => conn.storageVolLookupByName(poolUuid, 'vdts-no-such-volume'),
    () => conn.storageVolCreateXMLFrom(poolUuid, '<volume/>', UNKNOWN_KEY, 0),
  ]) {
    await expectLibvirtCode(call(), VIR_ERR_NO_STORAGE_VOL);
  }
  const c = conn as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  await expectTypeErrors([
    () => c.listAllStoragePools!(-1),
    () => c.storagePoolLookupByName!(null),
    () => c.storagePoolGetXMLDesc!(poolUuid, 'x'),
    () => c.storagePoolDefineXML!('<pool/>'),
    () => c.storagePoolBuild!(poolUuid),
    () => c.storagePoolSetAutostart!(poolUuid, 'yes'),
    () => c.storagePoolGetInfo!(42),
    () => c.findStoragePoolSources!('netfs', undefined, 0),
    () => c.storagePoolListAllVolumes!(undefined),
    () => c.storageVolGetInfo!(null),
    () => c.storageVolCreateXML!(poolUuid, '<volume/>', 2 ** 32),
    () => c.storageVolResize!(key, -1, 0),
    () => c.storageVolResize!(key, 2 ** 53, 0),
    () => c.storageVolResize!(key, 2n ** 64n, 0),
    () => c.storageVolWipePattern!(key, 'zero', 0),
    () => c.storageVolUpload!(key, 0, 0, 1), // SPARSE_STREAM: not supported
    () => c.storageVolDownload!(key, 0.5, 0, 0),
    () => c.storageVolDownload!(key, 0, 0, 1),
  ]);
}

describe('storage on the test driver (fixture)', () => {
  const POOL_UUID = '35bb2ad9-388a-cdfe-461a-b8907f6e53fe';
  const IMAGES = '/var/lib/libvirt/images';
  let conn: LibvirtConnection;

  beforeAll(async () => {
    conn = await openLibvirt(`test://${FIXTURE}`);
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('lists the fixture pool, honouring flags, and finds it by name', async () => {
    const pool = { uuid: POOL_UUID, name: 'default', active: true, persistent: true, autostart: false };
    expect(await conn.listAllStoragePools(0)).toEqual([pool]);
    expect(await conn.listAllStoragePools(LIST_ACTIVE)).toEqual([pool]);
    expect(await conn.listAllStoragePools(LIST_INACTIVE)).toEqual([]);
    expect(await conn.storagePoolLookupByName('default')).toEqual(pool);
  });

  it('reads its XML and info; an underflowed size comes back as an exact bigint', async () => {
    const xml = await conn.storagePoolGetXMLDesc(POOL_UUID, 0);
    expect(xml).toContain('<name>default</name>');
    expect(xml).toContain(`<path>${IMAGES}</path>`);
    const info = await conn.storagePoolGetInfo(POOL_UUID);
    expect(info.state).toBe(2); // running
    expect(typeof info.capacity).toBe('number');
    expect(info.allocation).toBe((4 + 37 + 500) * GiB); // the fixture's volumes
    // The test driver computes available = capacity - allocation unsigned; above 2^53 it stays exact.
    expect(info.available).toBe(2n ** 64n + BigInt(info.capacity) - BigInt(info.allocation));
  });

  it('lists its volumes and looks them up by key, name and path', async () => {
    const vols = await conn.storagePoolListAllVolumes(POOL_UUID);
    const byName = Object.fromEntries(vols.map((v) => [v.name, v]));
    expect(Object.keys(byName).sort()).toEqual(['archive.img', 'db-01.qcow2', 'web-01.qcow2']);
    expect(byName['web-01.qcow2']).toEqual({
      name: 'web-01.qcow2',
      key: `${IMAGES}/web-01.qcow2`,
      path: `${IMAGES}/web-01.qcow2`,
      type: 0,
      capacity: 20 * GiB,
      allocation: 4 * GiB,
    });
    const web = byName['web-01.qcow2']!;
    expect(await conn.storageVolLookupByName(POOL_UUID, 'web-01.qcow2')).toEqual(web);
    expect(await conn.storageVolLookupByPath(web.path)).toEqual(web);
    expect(await conn.storageVolGetInfo(web.key)).toEqual({ type: 0, capacity: 20 * GiB, allocation: 4 * GiB });
    expect(await conn.storageVolGetXMLDesc(web.key, 0)).toContain('<name>web-01.qcow2</name>');
  });

  it('refuses a volume the over-committed fixture pool has no room for', async () => {
    const err = await rejection(
      conn.storageVolCreateXML(POOL_UUID, "<volume><name>vdts-new.img</name><capacity unit='MiB'>10</capacity></volume>", 0),
    );
    expect(err.name).toBe('LibvirtError');
    expect(err.message).toMatch(/free space/);
  });

  it('finds pool sources (the test driver answers logical and netfs)', async () => {
    expect(await conn.findStoragePoolSources('logical', null, 0)).toMatch(/<sources>[\s\S]*<name>testvg1<\/name>/);
    const netfs = await conn.findStoragePoolSources('netfs', "<source><host name='nas.example'/></source>", 0);
    expect(netfs).toMatch(/<host name='nas\.example'\/>[\s\S]*<format type='nfs'\/>/);
  });

  it('runs a whole pool lifecycle with volumes, and toggles autostart', async () => {
    const pool = await conn.storagePoolDefineXML(
      "<pool type='dir'><name>vdts-fx</name><target><path>/vdts-fx</path></target></pool>",
      0,
    );
    expect(pool).toMatchObject({ name: 'vdts-fx', active: false, persistent: true, autostart: false });
    await conn.storagePoolBuild(pool.uuid, 0);
    await conn.storagePoolCreate(pool.uuid, 0);
    expect((await conn.storagePoolGetInfo(pool.uuid)).state).toBe(2);
    await conn.storagePoolRefresh(pool.uuid, 0);

    // Volumes: create, clone, list, delete.
    const vol = await conn.storageVolCreateXML(
      pool.uuid,
      "<volume><name>vdts-new.img</name><capacity unit='MiB'>10</capacity></volume>",
      0,
    );
    expect(vol).toMatchObject({ name: 'vdts-new.img', key: '/vdts-fx/vdts-new.img', capacity: 10 * MiB });
    const clone = await conn.storageVolCreateXMLFrom(
      pool.uuid,
      "<volume><name>vdts-clone.img</name><capacity unit='MiB'>10</capacity></volume>",
      vol.key,
      0,
    );
    expect(clone).toMatchObject({ name: 'vdts-clone.img', capacity: 10 * MiB });
    expect((await conn.storagePoolListAllVolumes(pool.uuid)).map((v) => v.name).sort()).toEqual([
      'vdts-clone.img',
      'vdts-new.img',
    ]);
    await conn.storageVolDelete(clone.key, 0);
    await conn.storageVolDelete(vol.key, 0);
    await expectLibvirtCode(conn.storageVolGetInfo(vol.key), VIR_ERR_NO_STORAGE_VOL);
    expect(await conn.storagePoolListAllVolumes(pool.uuid)).toEqual([]);

    await conn.storagePoolSetAutostart(pool.uuid, true);
    expect(await conn.storagePoolGetAutostart(pool.uuid)).toBe(true);
    await conn.storagePoolSetAutostart(pool.uuid, false);
    expect(await conn.storagePoolGetAutostart(pool.uuid)).toBe(false);
    await conn.storagePoolDestroy(pool.uuid);
    expect((await conn.storagePoolLookupByName('vdts-fx')).active).toBe(false);
    await conn.storagePoolDelete(pool.uuid, 0);
    await conn.storagePoolUndefine(pool.uuid);
    await expectLibvirtCode(conn.storagePoolGetInfo(pool.uuid), VIR_ERR_NO_STORAGE_POOL);
  });

  it('rejects unknown pools (49), unknown volumes (50) and bad arguments (TypeError)', async () => {
    await checkErrorPaths(conn, POOL_UUID, `${IMAGES}/web-01.qcow2`);
  });

  it('rejects after close()', async () => {
    const other = await openLibvirt(`test://${FIXTURE}`);
    await other.close();
    expect((await rejection(other.listAllStoragePools(0))).message).toMatch(/closed/);
    expect((await rejection(other.storageVolDownload(`${IMAGES}/web-01.qcow2`, 0, 0, 0))).message).toMatch(/closed/);
  });
});

describe('a dir pool with real volumes on qemu:///system', () => {
  beforeAll(() => requireSystem());
  const NAME = 'vdts-pool';
  let conn: LibvirtConnection;
  let tmp: string;
  let dir: string;
  let poolUuid: string;
  let qcow: NativeVolumeInfo;
  let raw: NativeVolumeInfo;
  let data: NativeVolumeInfo;
  const payload = randomBytes(8 * MiB);
  const streams: NativeStream[] = [];

  const removePool = () => {
    for (const cmd of ['pool-destroy', 'pool-delete', 'pool-undefine']) {
      spawnSync('virsh', ['-c', SYSTEM_URI, cmd, NAME], { stdio: 'ignore' });
    }
  };
  const qemuImg = (path: string) =>
    JSON.parse(execFileSync('qemu-img', ['info', '--force-share', '--output=json', path], { encoding: 'utf8' })) as {
      format: string;
      'virtual-size': number;
    };
  const volXml = (name: string, mib: number, format: string) =>
    `<volume><name>${name}</name><capacity unit='MiB'>${mib}</capacity><target><format type='${format}'/></target></volume>`;
  const track = (s: NativeStream) => (streams.push(s), s);

  beforeAll(async () => {
    removePool(); // leftovers of an interrupted run
    tmp = mkdtempSync(join(tmpdir(), 'vdts-'));
    dir = join(tmp, 'pool'); // created by storagePoolBuild
    conn = await openLibvirt(SYSTEM_URI);
  });
  afterAll(async () => {
    for (const s of streams) await s.abort().catch(() => undefined);
    await conn?.close();
    // Volumes go with the directory (pool-delete only removes an empty one).
    spawnSync('virsh', ['-c', SYSTEM_URI, 'pool-destroy', NAME], { stdio: 'ignore' });
    spawnSync('virsh', ['-c', SYSTEM_URI, 'pool-undefine', NAME], { stdio: 'ignore' });
    rmSync(tmp, { recursive: true, force: true });
  });

  it('defines, builds (creating the directory) and starts the pool', async () => {
    const pool = await conn.storagePoolDefineXML(
      `<pool type='dir'><name>${NAME}</name><target><path>${dir}</path></target></pool>`,
      0,
    );
    poolUuid = pool.uuid;
    expect(pool).toEqual({ uuid: poolUuid, name: NAME, active: false, persistent: true, autostart: false });
    expect(existsSync(dir)).toBe(false);
    await conn.storagePoolBuild(poolUuid, 0);
    expect(existsSync(dir)).toBe(true);
    await conn.storagePoolCreate(poolUuid, 0);
    expect(await conn.storagePoolLookupByName(NAME)).toMatchObject({ uuid: poolUuid, active: true });
    expect((await conn.listAllStoragePools(LIST_ACTIVE)).map((p) => p.name)).toContain(NAME);
    const info = await conn.storagePoolGetInfo(poolUuid);
    expect(info.state).toBe(2);
    expect(info.capacity).toBeGreaterThan(0);
    expect(typeof info.available).toBe('number');
    expect(await conn.storagePoolGetXMLDesc(poolUuid, 0)).toContain(`<path>${dir}</path>`);
  });

  it('toggles autostart and refreshes', async () => {
    await conn.storagePoolSetAutostart(poolUuid, true);
    expect(await conn.storagePoolGetAutostart(poolUuid)).toBe(true);
    await conn.storagePoolSetAutostart(poolUuid, false);
    expect(await conn.storagePoolGetAutostart(poolUuid)).toBe(false);
    // A file dropped into the directory appears after a refresh.
    execFileSync('qemu-img', ['create', '-q', '-f', 'raw', join(dir, 'outside.img'), '1M']);
    expect((await conn.storagePoolListAllVolumes(poolUuid)).map((v) => v.name)).not.toContain('outside.img');
    await conn.storagePoolRefresh(poolUuid, 0);
    const outside = await conn.storageVolLookupByName(poolUuid, 'outside.img');
    expect(outside).toMatchObject({ path: join(dir, 'outside.img'), capacity: MiB });
    await conn.storageVolDelete(outside.key, 0);
    expect(existsSync(join(dir, 'outside.img'))).toBe(false);
  });

  it('creates a 64 MiB qcow2 (metadata preallocated) and a raw volume', async () => {
    qcow = await conn.storageVolCreateXML(poolUuid, volXml('disk.qcow2', 64, 'qcow2'), PREALLOC_METADATA);
    expect(qcow).toMatchObject({ name: 'disk.qcow2', key: join(dir, 'disk.qcow2'), path: join(dir, 'disk.qcow2'), type: 0, capacity: 64 * MiB });
    expect(qemuImg(qcow.path)).toMatchObject({ format: 'qcow2', 'virtual-size': 64 * MiB });
    raw = await conn.storageVolCreateXML(poolUuid, volXml('disk.raw', 4, 'raw'), 0);
    expect(qemuImg(raw.path)).toMatchObject({ format: 'raw', 'virtual-size': 4 * MiB });
    const listed = await conn.storagePoolListAllVolumes(poolUuid);
    expect(listed.map((v) => v.name).sort()).toEqual(['disk.qcow2', 'disk.raw']);
    expect(await conn.storageVolGetXMLDesc(qcow.key, 0)).toMatch(/<format type='qcow2'\/>/);
    expect(await conn.storageVolLookupByPath(qcow.path)).toEqual(listed.find((v) => v.name === 'disk.qcow2'));
  });

  it('clones the qcow2', async () => {
    const clone = await conn.storageVolCreateXMLFrom(poolUuid, volXml('clone.qcow2', 64, 'qcow2'), qcow.key, 0);
    expect(clone).toMatchObject({ name: 'clone.qcow2', capacity: 64 * MiB });
    expect(qemuImg(clone.path)).toMatchObject({ format: 'qcow2', 'virtual-size': 64 * MiB });
    await conn.storageVolDelete(clone.key, 0);
    expect(existsSync(clone.path)).toBe(false);
  });

  it('resizes the raw volume', async () => {
    await conn.storageVolResize(raw.key, 16 * MiB, 0);
    expect((await conn.storageVolGetInfo(raw.key)).capacity).toBe(16 * MiB);
    expect(qemuImg(raw.path)['virtual-size']).toBe(16 * MiB);
    await conn.storageVolResize(raw.key, BigInt(32 * MiB), 0); // bigint accepted too
    expect(qemuImg(raw.path)['virtual-size']).toBe(32 * MiB);
  });

  it('uploads 8 MiB of random bytes and downloads them back identical', async () => {
    data = await conn.storageVolCreateXML(poolUuid, volXml('data.raw', 8, 'raw'), 0);
    let t0 = performance.now();
    const up = track(await conn.storageVolUpload(data.key, 0, payload.length, 0));
    expect(await rejection(up.write('text' as unknown as Buffer))).toBeInstanceOf(TypeError);
    await up.write(payload);
    await up.finish();
    const upMs = performance.now() - t0;
    await up.finish(); // idempotent
    expect((await rejection(up.write(Buffer.from('x')))).message).toMatch(/finished/);

    t0 = performance.now();
    const down = track(await conn.storageVolDownload(data.key, 0, 0, 0));
    expect((await rejection(down.write(Buffer.from('x')))).message).toMatch(/read-only/);
    const back = await readAll(down);
    const downMs = performance.now() - t0;
    expect(back.length).toBe(payload.length);
    expect(sha256(back)).toBe(sha256(payload));
    await down.finish(); // already ended: resolves
    console.info(
      `8 MiB upload: ${upMs.toFixed(0)} ms (${(8 / (upMs / 1000)).toFixed(0)} MiB/s); ` +
        `download: ${downMs.toFixed(0)} ms (${(8 / (downMs / 1000)).toFixed(0)} MiB/s)`,
    );
  });

  it('downloads a range (offset/length)', async () => {
    const part = await readAll(track(await conn.storageVolDownload(data.key, MiB, 2 * MiB, 0)));
    expect(sha256(part)).toBe(sha256(payload.subarray(MiB, 3 * MiB)));
  });

  it('uploads at an offset and in many awaited writes', async () => {
    const patch = randomBytes(MiB + 123);
    const up = track(await conn.storageVolUpload(data.key, 3 * MiB, patch.length, 0));
    for (let pos = 0; pos < patch.length; pos += 100_000) await up.write(patch.subarray(pos, pos + 100_000));
    await up.finish();
    patch.copy(payload, 3 * MiB);
    expect(sha256(await readAll(track(await conn.storageVolDownload(data.key, 0, 0, 0))))).toBe(sha256(payload));
  });

  it('resolves queued writes in order, each once libvirt took it, and finish() after the last', async () => {
    const fresh = randomBytes(payload.length);
    const up = track(await conn.storageVolUpload(data.key, 0, fresh.length, 0));
    const order: Array<number | 'finish'> = [];
    const PART = 512 * 1024;
    const writes: Promise<void>[] = [];
    for (let i = 0; i * PART < fresh.length; i++) {
      writes.push(up.write(fresh.subarray(i * PART, (i + 1) * PART)).then(() => void order.push(i)));
    }
    const finished = up.finish().then(() => void order.push('finish'));
    expect(order).toEqual([]); // nothing resolves synchronously
    await Promise.all([...writes, finished]);
    expect(order).toEqual([...writes.keys(), 'finish']);
    fresh.copy(payload);
    expect(sha256(await readAll(track(await conn.storageVolDownload(data.key, 0, 0, 0))))).toBe(sha256(payload));
  });

  it('clones a volume with its data (createXMLFrom copies the bytes)', async () => {
    const clone = await conn.storageVolCreateXMLFrom(poolUuid, volXml('data-copy.raw', 8, 'raw'), data.key, 0);
    expect(clone).toMatchObject({ name: 'data-copy.raw', path: join(dir, 'data-copy.raw'), capacity: 8 * MiB });
    expect(sha256(await readAll(track(await conn.storageVolDownload(clone.key, 0, 0, 0))))).toBe(sha256(payload));
    await conn.storageVolDelete(clone.key, 0);
    await expectLibvirtCode(conn.storageVolLookupByName(poolUuid, 'data-copy.raw'), VIR_ERR_NO_STORAGE_VOL);
  });

  it('keeps bytes identical and memory bounded when the reader pauses 200 ms every MiB', async () => {
    const down = track(await conn.storageVolDownload(data.key, 0, 0, 0));
    const chunks: Buffer[] = [];
    let received = 0;
    let whilePaused = 0;
    let slowestCall = 0;
    const rss0 = process.memoryUsage().rss;
    let rssMax = rss0;
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      down.onData((chunk) => {
        if (down.isPaused()) whilePaused++;
        chunks.push(chunk);
        const before = received;
        received += chunk.length;
        rssMax = Math.max(rssMax, process.memoryUsage().rss);
        if (Math.floor(before / MiB) !== Math.floor(received / MiB)) {
          down.pause();
          // The connection answers other calls while its stream waits.
          const c0 = performance.now();
          void conn.getHostname().then(() => (slowestCall = Math.max(slowestCall, performance.now() - c0)));
          setTimeout(() => down.resume(), 200);
        }
      });
      down.onEnd(resolve);
      down.onError(reject);
    });
    const ms = performance.now() - t0;
    expect(whilePaused).toBe(0);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(payload));
    expect(ms).toBeGreaterThan(7 * 200); // it really waited
    expect(slowestCall).toBeLessThan(1000);
    const growth = (rssMax - rss0) / MiB;
    // Our side reads ahead at most ~1 MiB; libvirt's client buffers what the daemon keeps sending.
    expect(growth).toBeLessThan(64);
    console.info(
      `paused download: ${ms.toFixed(0)} ms, ${chunks.length} chunks, RSS ${(rss0 / MiB).toFixed(0)} -> ${(rssMax / MiB).toFixed(0)} MiB ` +
        `(+${growth.toFixed(1)} MiB), slowest other call ${slowestCall.toFixed(0)} ms`,
    );
  });

  it('abort() inside onData stops all further deliveries', async () => {
    const down = track(await conn.storageVolDownload(data.key, 0, 0, 0));
    let chunks = 0;
    let ended = false;
    let aborted: Promise<void> | undefined;
    down.onData(() => {
      chunks++;
      aborted ??= down.abort();
    });
    down.onEnd(() => (ended = true));
    await waitFor(() => aborted, 'the first chunk');
    await aborted;
    await new Promise((r) => setTimeout(r, 300));
    expect(chunks).toBe(1);
    expect(ended).toBe(false);
  });

  it('an aborted upload rejects its pending writes and leaves nothing half-open', async () => {
    const up = track(await conn.storageVolUpload(data.key, 0, payload.length, 0));
    const writes = [up.write(payload), up.write(payload)];
    await up.abort();
    const results = await Promise.allSettled(writes);
    // The first may have been taken by libvirt before the abort; the second never is.
    expect(results[1]!.status).toBe('rejected');
    expect((await rejection(up.finish())).message).toMatch(/aborted/);
    await up.abort();
  });

  it('wipes a volume to zeroes (plain and with a pattern)', async () => {
    await conn.storageVolWipe(data.key, 0);
    const zeroes = Buffer.alloc(payload.length);
    expect(sha256(await readAll(track(await conn.storageVolDownload(data.key, 0, 0, 0))))).toBe(sha256(zeroes));
    const up = track(await conn.storageVolUpload(data.key, 0, MiB, 0));
    await up.write(randomBytes(MiB));
    await up.finish();
    await conn.storageVolWipePattern(data.key, 0 /* VIR_STORAGE_VOL_WIPE_ALG_ZERO */, 0);
    expect(sha256(await readAll(track(await conn.storageVolDownload(data.key, 0, 0, 0))))).toBe(sha256(zeroes));
  });

  it('finds pool sources (netfs on this host: an answer, possibly "none found")', async () => {
    const found = await conn
      .findStoragePoolSources('netfs', "<source><host name='localhost'/></source>", 0)
      .then((xml) => xml, (e: Error & { code?: number }) => e);
    if (typeof found === 'string') {
      expect(found).toContain('<sources');
    } else {
      expect(found.name).toBe('LibvirtError');
      expect(found.code).toBe(9); // VIR_ERR_OPERATION_FAILED: no exports on localhost
    }
  });

  it('rejects unknown pools (49), unknown volumes (50) and bad arguments (TypeError)', async () => {
    await checkErrorPaths(conn, poolUuid, data.key);
  });

  it('deletes the volumes, then destroys, deletes and undefines the pool', async () => {
    for (const v of [qcow, raw, data]) await conn.storageVolDelete(v.key, 0);
    expect(await conn.storagePoolListAllVolumes(poolUuid)).toEqual([]);
    await expectLibvirtCode(conn.storageVolGetInfo(data.key), VIR_ERR_NO_STORAGE_VOL);
    await conn.storagePoolDestroy(poolUuid);
    expect((await conn.storagePoolGetInfo(poolUuid)).state).toBe(0);
    await conn.storagePoolDelete(poolUuid, 0);
    expect(existsSync(dir)).toBe(false);
    await conn.storagePoolUndefine(poolUuid);
    await expectLibvirtCode(conn.storagePoolLookupByName(NAME), VIR_ERR_NO_STORAGE_POOL);
  });
});
