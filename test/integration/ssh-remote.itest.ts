// Remote hosts over a real sshd on 127.0.0.1: libvirt and consoles share one SSH connection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleService } from '../../main/consoles/console-service';
import { libvirt } from '../../main/libvirt';
import { ConnectionService } from '../../main/services/connection-service';
import { silentLogger } from '../../main/services/event-sink';
import { sshAwareHypervisor } from '../../main/ssh/ssh-hypervisor';
import { SshMultiplexer } from '../../main/ssh/ssh-multiplexer';
import { TestSshd } from '../support/sshd';
import { defineTinyGuest, removeGuest, requireSystem, virsh } from '../support/system-libvirt';

const GUEST = 'vd-itest-ssh';

describe('qemu+ssh:// through one shared SSH connection', () => {
  beforeAll(() => requireSystem());
  let sshd: TestSshd;
  let mux: SshMultiplexer;
  let runtime: string;
  let conns: ConnectionService;
  let consoles: ConsoleService;
  let id: string;
  let uuid: string;

  beforeAll(async () => {
    sshd = await TestSshd.start();
    runtime = mkdtempSync(join(tmpdir(), 'vd-runtime-'));
    mux = new SshMultiplexer({ runtimeDir: join(runtime, 'ssh'), extraOptions: sshd.clientOptions });
    conns = new ConnectionService(sshAwareHypervisor(libvirt, mux), { emit: () => undefined }, silentLogger);
    consoles = new ConsoleService(conns, { ssh: mux });
    uuid = defineTinyGuest(GUEST);
    virsh('start', GUEST);
  });

  afterAll(async () => {
    await conns?.closeAll();
    mux?.closeAll();
    removeGuest(GUEST);
    await sshd?.stop();
    if (runtime) rmSync(runtime, { recursive: true, force: true });
  });

  it('connects libvirt over SSH, keeping the user’s URI', async () => {
    const info = await conns.open(sshd.uri());
    expect(info.state.kind).toBe('connected');
    expect(info.uri).toBe(sshd.uri());
    id = info.id;
    expect(conns.domains(id).find((d) => d.uuid === uuid)?.state).toBe('running');
  });

  it('reaches the guest’s VNC server (listening on the remote host’s loopback) through the same connection', async () => {
    const devices = await consoles.list({ connectionId: id, uuid });
    expect(devices.map((d) => d.id)).toContain('vnc0');
    const { ticket } = await consoles.open({ connectionId: id, uuid }, 'vnc0');
    const bytes = await consoles.redeem(ticket);
    const banner = await new Promise<string>((resolve) => bytes.onData((c) => resolve(c.toString())));
    expect(banner).toMatch(/^RFB 003\.00\d\n/);
    // libvirt's connection and the VNC channel: one TCP connection to sshd.
    expect(sshd.sessions()).toBe(1);
    bytes.close();
  });

  it('reports an SSH host that does not answer in ssh’s own words, without hanging', async () => {
    const dead = sshd.unansweredUri();
    const info = await conns.open(dead);
    expect(info.state).toMatchObject({ kind: 'disconnected', reason: `Could not connect to ${dead}` });
    expect((info.state as { detail?: string }).detail).toMatch(/Connection refused/);
  });
});
