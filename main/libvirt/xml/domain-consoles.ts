import { DOMParser, type Element } from '@xmldom/xmldom';

/** What a live domain XML says about reaching its graphical display. */
export type GraphicsEndpoint =
  | { type: 'vnc'; host: string; port: number; hasPassword: boolean }
  | { type: 'vnc'; socket: string; hasPassword: boolean }
  | { type: 'unsupported'; graphicsType: string };

export interface CharConsole {
  /** `serial0`, `console0`, `console1`: our device id, which is also libvirt's default alias. */
  id: string;
  kind: 'serial' | 'console';
  /** The libvirt device alias to pass to virDomainOpenConsole. */
  alias: string;
  /** Character device type: pty, file, tcp, ... only some can be opened as a stream. */
  type: string;
  targetType: string;
  port: number;
}

export interface DomainConsoles {
  graphics: GraphicsEndpoint | undefined;
  chars: CharConsole[];
}

function children(parent: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).tagName === name) out.push(n as Element);
  }
  return out;
}

/** Parses a live domain XML; throws on malformed XML. */
export function parseDomainConsoles(xml: string): DomainConsoles {
  let fatal: string | undefined;
  let root: Element | null = null;
  try {
    root = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') fatal ??= msg;
      },
    }).parseFromString(xml, 'text/xml').documentElement;
  } catch (err) {
    fatal ??= err instanceof Error ? err.message : String(err);
  }
  if (fatal || !root || root.tagName !== 'domain') throw new Error(`not a domain XML document${fatal ? `: ${fatal}` : ''}`);
  const devices = children(root, 'devices')[0];
  if (!devices) return { graphics: undefined, chars: [] };

  let graphics: GraphicsEndpoint | undefined;
  const g = children(devices, 'graphics')[0];
  if (g) {
    const type = g.getAttribute('type') ?? '';
    const hasPassword = g.hasAttribute('passwd');
    if (type !== 'vnc') graphics = { type: 'unsupported', graphicsType: type };
    else {
      const socket = g.getAttribute('socket') ?? children(g, 'listen').find((l) => l.getAttribute('type') === 'socket')?.getAttribute('socket');
      const port = Number(g.getAttribute('port'));
      if (socket) graphics = { type: 'vnc', socket, hasPassword };
      else if (Number.isInteger(port) && port > 0) {
        const listen = g.getAttribute('listen') ?? children(g, 'listen')[0]?.getAttribute('address') ?? '127.0.0.1';
        // A wildcard listen address is reachable on loopback too.
        const host = listen === '0.0.0.0' || listen === '::' || listen === '' ? '127.0.0.1' : listen;
        graphics = { type: 'vnc', host, port, hasPassword };
      } else graphics = { type: 'unsupported', graphicsType: 'vnc (no port: the guest is not running, or listens nowhere)' };
    }
  }

  const chars: CharConsole[] = [];
  for (const kind of ['serial', 'console'] as const) {
    children(devices, kind).forEach((el, i) => {
      const target = children(el, 'target')[0];
      const port = Number(target?.getAttribute('port') ?? i);
      const targetType = target?.getAttribute('type') ?? (kind === 'serial' ? 'isa-serial' : 'serial');
      const alias = children(el, 'alias')[0]?.getAttribute('name') ?? `${kind}${i}`;
      // libvirt mirrors the first serial port as console0 (target type serial): one device, listed once.
      if (kind === 'console' && targetType === 'serial' && chars.some((c) => c.kind === 'serial' && c.port === port)) return;
      chars.push({ id: `${kind}${i}`, kind, alias, type: el.getAttribute('type') ?? 'pty', targetType, port });
    });
  }
  return { graphics, chars };
}
