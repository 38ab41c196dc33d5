import { randomBytes } from 'node:crypto';
import type { ConsoleDevice, ConsoleTicket, DomainRef } from '../../preload/contract';
import { parseDomainConsoles, type DomainConsoles } from '../libvirt/xml/domain-consoles';
import type { ConnectionService } from '../services/connection-service';
import { ServiceError } from '../services/service-error';
import { CONSOLE_ERROR, ConsoleError, type ByteStream } from './byte-stream';
import type { SshMultiplexer } from '../ssh/ssh-multiplexer';
import { sshTargetOf } from '../ssh/ssh-target';
import { connectSocket, socketStream } from './socket-stream';

export const TICKET_TTL_MS = 30_000;

interface Ticket {
  ref: DomainRef;
  deviceId: string;
  expiresAt: number;
}

export interface ConsoleServiceOptions {
  ttlMs?: number;
  now?: () => number;
  /** Reaches consoles of `+ssh` hosts through their shared SSH connection. */
  ssh?: SshMultiplexer;
}

function hostOf(uri: string): string | undefined {
  const m = /^[a-z0-9+]+:\/\/(?:[^@/]*@)?([^/:?]*)/i.exec(uri);
  return m?.[1] ? m[1] : undefined;
}

/**
 * Guest consoles: lists what a running guest offers, hands out single-use
 * tickets, and turns a redeemed ticket into a connected ByteStream. The
 * transports never see a domain or a URI, only a ticket.
 */
export class ConsoleService {
  private readonly tickets = new Map<string, Ticket>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly ssh: SshMultiplexer | undefined;

  constructor(
    private readonly connections: ConnectionService,
    options: ConsoleServiceOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? TICKET_TTL_MS;
    this.now = options.now ?? Date.now;
    this.ssh = options.ssh;
  }

  async list(ref: DomainRef): Promise<ConsoleDevice[]> {
    const consoles = await this.consoles(ref);
    const devices: ConsoleDevice[] = [];
    if (consoles.graphics) {
      devices.push({ id: 'vnc0', kind: 'vnc', label: consoles.graphics.type === 'vnc' ? 'Graphical console (VNC)' : `Graphical console (${consoles.graphics.graphicsType}, not supported)` });
    }
    for (const c of consoles.chars) {
      devices.push({ id: c.id, kind: 'serial', label: c.kind === 'serial' ? `Serial port ${c.port}` : `Text console ${c.port}` });
    }
    return devices;
  }

  async open(ref: DomainRef, deviceId: string): Promise<ConsoleTicket> {
    const device = (await this.list(ref)).find((d) => d.id === deviceId);
    if (!device) {
      const name = this.connections.domain(ref.connectionId, ref.uuid)?.name ?? ref.uuid;
      throw new ServiceError('not-found', deviceId.startsWith('vnc') ? `${name} has no graphical console` : `${name} has no console ${deviceId}`);
    }
    this.sweep();
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    this.tickets.set(ticket, { ref, deviceId, expiresAt });
    return { ticket, kind: device.kind, expiresAt };
  }

  /** Single use: the ticket is gone whatever happens next. */
  async redeem(ticket: string): Promise<ByteStream> {
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!t || t.expiresAt < this.now()) {
      throw new ConsoleError(CONSOLE_ERROR.TICKET, 'This console link is not valid (unknown, already used or expired); open the console again');
    }
    return t.deviceId.startsWith('vnc') ? this.openGraphics(t.ref) : this.openChar(t.ref, t.deviceId);
  }

  private async consoles(ref: DomainRef): Promise<DomainConsoles> {
    const domain = this.connections.domain(ref.connectionId, ref.uuid);
    if (domain && domain.id === null) return { graphics: undefined, chars: [] };
    try {
      return parseDomainConsoles(await this.connections.connection(ref.connectionId).domainXml(ref.uuid));
    } catch (err) {
      if (err instanceof ServiceError) throw err;
      throw new ServiceError('libvirt', `Could not read the consoles of ${domain?.name ?? ref.uuid}`, err instanceof Error ? err.message : String(err));
    }
  }

  private async openGraphics(ref: DomainRef): Promise<ByteStream> {
    const name = this.connections.domain(ref.connectionId, ref.uuid)?.name ?? ref.uuid;
    const { graphics } = await this.consolesOrClose(ref);
    if (!graphics) throw new ConsoleError(CONSOLE_ERROR.NO_CONSOLE, `${name} has no graphical console`);
    if (graphics.type !== 'vnc') throw new ConsoleError(CONSOLE_ERROR.NO_CONSOLE, `${name}'s graphical console is ${graphics.graphicsType}, which Virtdesk does not show`);
    const uri = this.connections.connection(ref.connectionId).uri;
    const target = sshTargetOf(uri);
    if (target && this.ssh) {
      // The display listens on the remote host (often only on its loopback or a unix socket).
      try {
        return await ('socket' in graphics ? this.ssh.connectUnix(target, graphics.socket) : this.ssh.connectTcp(target, graphics.host, graphics.port));
      } catch (err) {
        throw new ConsoleError(CONSOLE_ERROR.UNREACHABLE, err instanceof Error ? err.message : String(err));
      }
    }
    const remote = hostOf(uri);
    if (remote && remote !== 'localhost' && remote !== '127.0.0.1' && ('socket' in graphics || graphics.host.startsWith('127.'))) {
      throw new ConsoleError(CONSOLE_ERROR.UNREACHABLE, `${name}'s display listens only on ${remote} itself; connect to that host over SSH (qemu+ssh://) to see it`);
    }
    if (remote && !('socket' in graphics)) return connectSocket({ host: remote, port: graphics.port }, 'VNC server');
    if (!remote) {
      // A local daemon hands us a connected socket: nothing dials the display's
      // port, so a display bound elsewhere (or with a password) still works.
      // Older daemons or drivers without it fall back to the address in the XML.
      try {
        return socketStream(await this.connections.connection(ref.connectionId).openGraphicsSocket(ref.uuid));
      } catch {
        /* fall through */
      }
    }
    return 'socket' in graphics
      ? connectSocket({ path: graphics.socket }, 'VNC server')
      : connectSocket({ host: graphics.host, port: graphics.port }, 'VNC server');
  }

  private async openChar(ref: DomainRef, deviceId: string): Promise<ByteStream> {
    const name = this.connections.domain(ref.connectionId, ref.uuid)?.name ?? ref.uuid;
    const { chars } = await this.consolesOrClose(ref);
    const device = chars.find((c) => c.id === deviceId);
    if (!device) throw new ConsoleError(CONSOLE_ERROR.NO_CONSOLE, `${name} has no console ${deviceId}`);
    try {
      return await this.connections.connection(ref.connectionId).openConsole(ref.uuid, device.alias);
    } catch (err) {
      throw new ConsoleError(CONSOLE_ERROR.UNREACHABLE, `Could not open ${name}'s ${deviceId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** As consoles(), but failures become close codes: at redeem time there is no call to fail. */
  private async consolesOrClose(ref: DomainRef): Promise<DomainConsoles> {
    try {
      return await this.consoles(ref);
    } catch (err) {
      const message = err instanceof ServiceError ? [err.message, err.detail].filter(Boolean).join(': ') : String(err);
      throw new ConsoleError(CONSOLE_ERROR.NOT_RUNNING, message);
    }
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, t] of this.tickets) if (t.expiresAt < now) this.tickets.delete(k);
  }
}
