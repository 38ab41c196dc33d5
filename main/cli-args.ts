export interface CliArgs {
  connect: string[];
  port: number;
  open: boolean;
  help: boolean;
}

export const USAGE = `Usage: virtdesk [--connect URI]... [--port N] [--open]
  --connect URI   open this libvirt URI (repeatable), e.g. qemu:///system, qemu+ssh://root@host/system
  --port N        browser mode: port to listen on at 127.0.0.1 (default: a free port)
  --open          browser mode: open the system browser at the printed URL`;

/**
 * Parses our own flags. Unknown arguments are ignored because Electron and
 * Chromium put their own switches on the same command line.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { connect: [], port: 0, open: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--connect' || flag === '-c') args.connect.push(value());
    else if (flag === '--port') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be 0–65535\n${USAGE}`);
      args.port = n;
    } else if (flag === '--open') args.open = true;
    else if (flag === '--help' || flag === '-h') args.help = true;
  }
  return args;
}
