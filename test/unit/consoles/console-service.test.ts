import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_ERROR } from '../../../main/consoles/byte-stream';
import { ConsoleService } from '../../../main/consoles/console-service';
import { ConnectionService } from '../../../main/services/connection-service';
import { silentLogger } from '../../../main/services/event-sink';
import { FakeConnection, FakeHypervisor, RecordingSink, domainInfo } from '../fakes/fake-hypervisor';

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** A stand-in VNC server on loopback that greets like one. */
async function vncServer(): Promise<number> {
  const server = createServer((s) => s.end('RFB 003.008\n'));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

async function setup(devices: string, uri = 'test:///default') {
  const hv = new FakeHypervisor();
  const guest = domainInfo('guest', 1, 1);
  const off = domainInfo('off', 2, 5);
  hv.hosts.set(uri, () => {
    const c = new FakeConnection(uri, [guest, off]);
    c.domainXml = async () => `<domain type='qemu'><name>guest</name><devices>${devices}</devices></domain>`;
    return c;
  });
  const conns = new ConnectionService(hv, new RecordingSink(), silentLogger);
  const { id } = await conns.open(uri);
  let now = 1_000;
  const consoles = new ConsoleService(conns, { now: () => now });
  return { consoles, hv, ref: { connectionId: id, uuid: guest.uuid }, offRef: { connectionId: id, uuid: off.uuid }, advance: (ms: number) => (now += ms) };
}

describe('ConsoleService', () => {
  it('lists the graphical console first, then each character console, and nothing for a guest that is off', async () => {
    const { consoles, ref, offRef } = await setup(`<serial type='pty'><target port='0'/></serial><console type='pty'><target type='serial' port='0'/></console><graphics type='vnc' port='5900'/>`);
    expect(await consoles.list(ref)).toEqual([
      { id: 'vnc0', kind: 'vnc', label: 'Graphical console (VNC)' },
      { id: 'serial0', kind: 'serial', label: 'Serial port 0' },
    ]);
    expect(await consoles.list(offRef)).toEqual([]);
  });

  it('refuses a ticket for a console the guest does not have, naming the guest', async () => {
    const { consoles, ref } = await setup(`<serial type='pty'><target port='0'/></serial>`);
    await expect(consoles.open(ref, 'vnc0')).rejects.toMatchObject({ code: 'not-found', message: 'guest has no graphical console' });
  });

  it('connects a redeemed VNC ticket to the server, once', async () => {
    const port = await vncServer();
    const { consoles, ref } = await setup(`<graphics type='vnc' port='${port}' listen='127.0.0.1'/>`);
    const { ticket, kind, expiresAt } = await consoles.open(ref, 'vnc0');
    expect(kind).toBe('vnc');
    expect(expiresAt).toBe(31_000);
    const bytes = await consoles.redeem(ticket);
    const banner = await new Promise<string>((resolve) => bytes.onData((c) => resolve(c.toString())));
    expect(banner).toBe('RFB 003.008\n');
    bytes.close();
    await expect(consoles.redeem(ticket)).rejects.toMatchObject({ code: CONSOLE_ERROR.TICKET });
  });

  it('takes the socket libvirt hands over (OpenGraphicsFD) before dialling the port in the XML', async () => {
    const port = await vncServer();
    // The XML names a port nobody listens on: only the handed-over socket can answer.
    const { consoles, ref, hv } = await setup(`<graphics type='vnc' port='1' listen='127.0.0.1'/>`);
    hv.opened[0]!.graphicsSocket = connect(port, '127.0.0.1');
    const { ticket } = await consoles.open(ref, 'vnc0');
    const bytes = await consoles.redeem(ticket);
    const banner = await new Promise<string>((resolve) => bytes.onData((c) => resolve(c.toString())));
    expect(banner).toBe('RFB 003.008\n');
    expect(hv.opened[0]!.calls).toContain(`openGraphicsSocket ${ref.uuid}`);
    bytes.close();
  });

  it('refuses an expired or forged ticket', async () => {
    const { consoles, ref, advance } = await setup(`<graphics type='vnc' port='5900'/>`);
    const { ticket } = await consoles.open(ref, 'vnc0');
    advance(30_001);
    await expect(consoles.redeem(ticket)).rejects.toMatchObject({ code: CONSOLE_ERROR.TICKET });
    await expect(consoles.redeem('forged')).rejects.toMatchObject({ code: CONSOLE_ERROR.TICKET, message: expect.stringContaining('open the console again') });
  });

  it('says which endpoint refused when the VNC port is closed', async () => {
    const port = await vncServer();
    servers.splice(0).forEach((s) => s.close());
    const { consoles, ref } = await setup(`<graphics type='vnc' port='${port}' listen='127.0.0.1'/>`);
    const { ticket } = await consoles.open(ref, 'vnc0');
    await expect(consoles.redeem(ticket)).rejects.toMatchObject({ code: CONSOLE_ERROR.UNREACHABLE, message: expect.stringContaining(`127.0.0.1:${port}`) });
  });

  it('opens a serial console by its libvirt alias', async () => {
    const { consoles, ref, hv } = await setup(`<serial type='pty'><target port='0'/><alias name='serial0'/></serial>`);
    const { ticket } = await consoles.open(ref, 'serial0');
    const bytes = await consoles.redeem(ticket);
    const got = new Promise<string>((r) => bytes.onData((c) => r(c.toString())));
    hv.opened[0]!.consoleStreams[0]!.emit('VIRTDESK-GUEST READY');
    expect(await got).toBe('VIRTDESK-GUEST READY');
    expect(hv.opened[0]!.consoleStreams[0]!.alias).toBe('serial0');
  });
});
