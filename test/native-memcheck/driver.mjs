#!/usr/bin/env node
// Exercises every method of the native libvirt binding once (success and
// error paths), for scripts/native-memcheck.sh to run under valgrind. Plain
// ESM on purpose: vitest under valgrind would take far too long and bury our
// code's allocations under the test runner's.
//
//   node --expose-gc test/native-memcheck/driver.mjs
//
// Uses test:/// always and qemu:///system when it answers (objects prefixed
// vd-host-memcheck-, removed again). Exits 1 if any step fails.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const addon = require(process.env.VIRTDESK_LIBVIRT_ADDON ?? join(ROOT, 'main/libvirt/native/build/Release/virtdesk_libvirt.node'));
const PREFIX = 'vd-host-memcheck-';
const SYSTEM = 'qemu:///system';
const tmp = mkdtempSync(join(os.tmpdir(), PREFIX));

let failures = 0;
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(pick, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = pick();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
async function rejects(p, check = () => true) {
  try {
    await p;
  } catch (e) {
    assert.ok(check(e), `unexpected rejection: ${e?.message}`);
    return e;
  }
  throw new Error('expected a rejection');
}
const isType = (e) => e instanceof TypeError;
const code = (c) => (e) => e.libvirtError === true && e.code === c;
const closed = (e) => /closed/.test(e.message);
const virsh = (...args) => execFileSync('virsh', ['-c', SYSTEM, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const virshQuiet = (...args) => spawnSync('virsh', ['-c', SYSTEM, ...args], { stdio: 'ignore' });
const UNKNOWN = '00000000-0000-0000-0000-0000000000ff';

// ---------------------------------------------------------------- test:///default
await step('test:///default: connection, domain, host, stats, node devices, events', async () => {
  const c = await addon.open('test:///default', false);
  assert.equal(await c.getURI(), 'test:///default');
  await c.getHostname();
  assert.equal(await c.getLibVersion(), addon.libVersion());
  assert.equal(await c.isAlive(), true);
  await rejects(c.setKeepAlive(5, 3), code(3)); // in-process driver: no keepalive
  await c.onClose(() => {});
  await c.onClose(() => {}); // replaces the first

  const domains = await c.listAllDomains(0);
  const dom = domains.find((d) => d.name === 'test');
  assert.ok(dom);
  await c.domainInfo(dom.uuid);
  assert.match(await c.domainGetXMLDesc(dom.uuid, 0), /<name>test<\/name>/);

  const events = [];
  const ids = [];
  ids.push(await c.onDomainLifecycle((...a) => events.push(['lifecycle', ...a])));
  for (const kind of ['reboot', 'device-added', 'device-removed', 'balloon-change', 'tray-change', 'job-completed', 'metadata-change', 'agent-lifecycle', 'block-job']) {
    ids.push(await c.onDomainEvent(kind, (...a) => events.push([kind, ...a])));
  }
  ids.push(await c.onNetworkLifecycle((...a) => events.push(['net', ...a])));
  ids.push(await c.onStoragePoolLifecycle((...a) => events.push(['pool', ...a])));
  ids.push(await c.onStoragePoolRefresh((...a) => events.push(['refresh', ...a])));
  ids.push(await c.onNodeDeviceLifecycle((...a) => events.push(['nodedev', ...a])));
  assert.equal(new Set(ids).size, ids.length);

  await c.domainSuspend(dom.uuid);
  await c.domainResume(dom.uuid);
  await c.domainShutdown(dom.uuid, 0);
  await c.domainCreate(dom.uuid, 0);
  await c.domainReboot(dom.uuid, 0);
  await c.domainDestroy(dom.uuid, 0);
  await c.domainCreate(dom.uuid, 0);
  const defined = await c.domainDefineXML(
    `<domain type='test'><name>${PREFIX}dom</name><title>t</title><memory unit='MiB'>32</memory><os><type>hvm</type></os></domain>`,
  );
  await c.domainUndefine(defined.uuid, 0);
  await waitFor(() => events.filter((e) => e[0] === 'lifecycle').length >= 8, 'lifecycle events');

  assert.equal(await c.getType(), 'TEST');
  await c.getVersion();
  await c.getSysinfo();
  await c.getCapabilities();
  await rejects(c.getDomainCapabilities(null, 'x86_64', null, null, 0), code(3));
  await c.nodeGetInfo();
  await c.nodeGetCPUStats(-1, 0);
  await rejects(c.nodeGetMemoryStats(-1, 0), code(3));
  await c.nodeGetFreeMemory();

  const stats = await c.getAllDomainStats(0, 0);
  assert.equal(stats.length, 1);
  assert.deepEqual(await c.domainGetStats([stats[0].uuid], 1, 0), [{ ...stats[0], params: { 'state.state': stats[0].params['state.state'], 'state.reason': stats[0].params['state.reason'] } }]);
  assert.deepEqual(await c.domainGetStats([], 0, 0), []);
  await rejects(c.domainGetStats([UNKNOWN], 0, 0), code(42));

  const devices = await c.listAllNodeDevices(0);
  assert.ok(devices.some((d) => d.name === 'computer' && d.parent === null));
  await c.nodeDeviceGetXMLDesc('scsi_host1');
  await rejects(c.nodeDeviceGetXMLDesc('nope'), code(53));
  const vhba = await c.nodeDeviceCreateXML(
    `<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'><wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn></capability></capability></device>`,
    0,
  );
  await c.nodeDeviceDestroy(vhba.name);
  await waitFor(() => events.filter((e) => e[0] === 'nodedev').length >= 2, 'node device events');
  await rejects(c.listAllSecrets(0), code(3));

  for (const id of ids.slice(0, 6)) await c.deregisterEvent(id);
  await rejects(c.deregisterEvent(ids[0]), (e) => /no event callback/.test(e.message));
  // ids[6..] stay registered: close() must release them.

  for (const [m, args] of [
    ['domainInfo', [1]],
    ['listAllDomains', [-1]],
    ['getDomainCapabilities', [1, null, null, null, 0]],
    ['nodeGetCPUStats', ['x', 0]],
    ['getAllDomainStats', ['x', 0]],
    ['domainGetStats', [[1], 0, 0]],
    ['onDomainEvent', ['bogus', () => {}]],
    ['onNetworkLifecycle', [1]],
    ['nodeDeviceGetXMLDesc', [1]],
    ['secretSetValue', [UNKNOWN, 'x']],
    ['secretDefineXML', [1]],
  ]) {
    await rejects(c[m](...args), isType);
  }
  await c.close();
  await c.close();
  await rejects(c.getType(), closed);
  await rejects(c.getAllDomainStats(0, 0), closed);
  await rejects(c.onDomainEvent('reboot', () => {}), closed);
});

await step('fixture host: node info and stats of every domain state', async () => {
  const c = await addon.open(`test://${join(ROOT, 'test/fixtures/hosts/mixed-states.xml')}`, true);
  assert.equal((await c.nodeGetInfo()).cores, 4);
  const stats = await c.getAllDomainStats(0, 0);
  assert.equal(stats.length, 10);
  await c.close();
});

await step('openAuth: answer, wrong password, cancel, throw, timeout', async () => {
  const uri = `test://${join(ROOT, 'test/fixtures/hosts/auth.xml')}`;
  const answer = (u, p) => async (creds) => creds.map((cr) => (cr.type === 2 ? u : p));
  const c = await addon.openAuth(uri, { credTypes: [2, 5] }, answer('vd-admin', 's3cret-pass'));
  assert.equal((await c.listAllDomains(0)).length, 1);
  await c.close();
  await rejects(addon.openAuth(uri, { credTypes: [2, 5] }, answer('vd-admin', 'wrong')), code(45));
  await rejects(addon.openAuth(uri, { credTypes: [2, 5] }, answer(null, null)), code(45));
  await rejects(addon.openAuth(uri, { credTypes: [2, 5] }, () => { throw new Error('x'); }), code(45));
  await rejects(addon.openAuth(uri, { credTypes: [2, 5] }, () => Promise.resolve(['a', 'b'])), code(45));
  await rejects(addon.openAuth(uri, { credTypes: [2, 5], timeoutMs: 500 }, () => new Promise(() => {})), code(45));
  await rejects(addon.openAuth(uri, { credTypes: 'x' }, answer('a', 'b')), isType);
});

await step('a connection dropped without close() is closed by its finalizer', async () => {
  let c = await addon.open('test:///default', true);
  await c.onDomainLifecycle(() => {});
  await c.getAllDomainStats(0, 0);
  c = null;
  for (let i = 0; i < 5; i++) {
    globalThis.gc?.();
    await sleep(50);
  }
});

// ---------------------------------------------------------------- qemu:///system
const systemUp = spawnSync('virsh', ['-c', SYSTEM, 'uri'], { stdio: 'ignore' }).status === 0;
if (!systemUp) {
  console.log(`skip ${SYSTEM}: no daemon answers`);
} else {
  await step(`${SYSTEM}: host, stats, node devices, secrets`, async () => {
    const c = await addon.open(SYSTEM, false);
    assert.equal(await c.getType(), 'QEMU');
    await c.setKeepAlive(5, 3);
    await c.getVersion();
    await c.getSysinfo().catch((e) => assert.equal(e.code, 67)); // no SMBIOS in containers
    await c.getCapabilities();
    await c.getDomainCapabilities(null, 'x86_64', null, 'qemu', 0);
    await c.nodeGetInfo();
    await c.nodeGetCPUStats(-1, 0);
    await c.nodeGetMemoryStats(-1, 0);
    await c.nodeGetFreeMemory();
    const stats = await c.getAllDomainStats(0, 0);
    if (stats.length > 0) await c.domainGetStats(stats.slice(0, 3).map((r) => r.uuid), 0, 0);
    for (const d of await c.listAllNodeDevices(0)) await c.nodeDeviceGetXMLDesc(d.name);

    const secret = await c.secretDefineXML(
      `<secret ephemeral='yes' private='no'><usage type='ceph'><name>${PREFIX}secret</name></usage></secret>`,
    );
    try {
      await c.secretGetXMLDesc(secret.uuid);
      await c.secretSetValue(secret.uuid, Buffer.from('memcheck value'));
      assert.equal((await c.secretGetValue(secret.uuid)).toString(), 'memcheck value');
      assert.ok((await c.listAllSecrets(0)).some((s) => s.uuid === secret.uuid));
    } finally {
      await c.secretUndefine(secret.uuid);
    }
    await rejects(c.secretGetValue(UNKNOWN), code(66));

    // A counter above 2^53 (9 PiB sparse qcow2 capacity) takes the BigInt path.
    const big = `${PREFIX}big`;
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-o', 'cluster_size=2M', join(tmp, 'big.qcow2'), '9P']);
    const dom = await c.domainDefineXML(
      `<domain type='qemu'><name>${big}</name><memory unit='MiB'>32</memory><os><type arch='x86_64'>hvm</type></os>` +
        `<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${join(tmp, 'big.qcow2')}'/>` +
        `<target dev='vda' bus='virtio'/></disk></devices></domain>`,
    );
    try {
      const [r] = await c.domainGetStats([dom.uuid], 32, 0);
      assert.equal(r.params['block.0.capacity'], 10133099161583616n);
    } finally {
      await c.domainUndefine(dom.uuid, 0);
    }
    await c.close();
  });

  await step(`${SYSTEM}: domain, network and pool events delivered and released`, async () => {
    const c = await addon.open(SYSTEM, false);
    const events = [];
    await c.onDomainEvent('metadata-change', (...a) => events.push(['metadata', ...a]));
    await c.onDomainLifecycle((...a) => events.push(['lifecycle', ...a]));
    await c.onNetworkLifecycle((...a) => events.push(['net', ...a]));
    await c.onStoragePoolLifecycle((...a) => events.push(['pool', ...a]));
    await c.onStoragePoolRefresh((...a) => events.push(['refresh', ...a]));
    const name = `${PREFIX}dom`;
    const net = `${PREFIX}net`;
    const pool = `${PREFIX}pool`;
    try {
      const dom = await c.domainDefineXML(
        `<domain type='qemu'><name>${name}</name><memory unit='MiB'>32</memory><os><type arch='x86_64'>hvm</type></os></domain>`,
      );
      virsh('desc', name, '--config', 'memcheck');
      await c.domainUndefine(dom.uuid, 0);
      writeFileSync(join(tmp, 'net.xml'), `<network><name>${net}</name><bridge name='vdhostmc0'/></network>`);
      virsh('net-define', join(tmp, 'net.xml'));
      virsh('net-undefine', net);
      virsh('pool-define-as', pool, 'dir', '--target', tmp);
      virsh('pool-start', pool);
      virsh('pool-refresh', pool);
      virsh('pool-destroy', pool);
      virsh('pool-undefine', pool);
      await waitFor(() => ['metadata', 'net', 'pool', 'refresh'].every((k) => events.some((e) => e[0] === k)), 'events of every kind');
    } finally {
      virshQuiet('undefine', name);
      virshQuiet('net-undefine', net);
      virshQuiet('pool-destroy', pool);
      virshQuiet('pool-undefine', pool);
      await c.close();
    }
  });

  await step(`${SYSTEM}: close callback fires on EOF and is released`, async () => {
    const socketPath = ['/var/run/libvirt/libvirt-sock', '/var/run/libvirt/virtqemud-sock'].find((p) => existsSync(p));
    const proxyPath = join(tmp, 'proxy.sock');
    const sockets = new Set();
    const server = net.createServer((client) => {
      const upstream = net.connect(socketPath);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => {});
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise((r) => server.listen(proxyPath, r));
    try {
      const c = await addon.open(`qemu+unix:///system?socket=${proxyPath}`, true);
      let reason;
      await c.onClose((r) => (reason = r));
      await c.getCapabilities();
      for (const s of sockets) s.destroy();
      await waitFor(() => reason !== undefined, 'close callback');
      assert.equal(reason, 1);
      await c.close();
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
}

// Let finalizers and thread-safe-function teardown run before exit, so
// anything still allocated at exit is a real leak, not a pending free.
for (let i = 0; i < 5; i++) {
  globalThis.gc?.();
  await sleep(100);
}
rmSync(tmp, { recursive: true, force: true });
console.log(failures === 0 ? 'driver: all steps passed' : `driver: ${failures} step(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;
