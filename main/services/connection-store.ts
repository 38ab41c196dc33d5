import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Logger } from './event-sink';

/** One remembered connection (virt-manager's gsettings uris/autoconnect/pretty-name). */
export interface SavedConnection {
  uri: string;
  autoconnect: boolean;
  /** The user's name for it; absent means the default label. */
  label?: string;
}

export function defaultStoreFile(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'virtdesk', 'connections.json');
}

/**
 * The saved connections, as JSON in the user's config folder (0600; URIs can
 * name users and key files, never secrets). Writes are atomic (temp + rename)
 * so a crash never leaves half a file; an unreadable file is kept aside, not
 * overwritten.
 */
export class ConnectionStore {
  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {}

  load(): SavedConnection[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    try {
      const data = JSON.parse(text) as { version?: number; connections?: unknown };
      if (!Array.isArray(data.connections)) throw new Error('no connections list');
      return data.connections.filter(isSaved);
    } catch (err) {
      const aside = `${this.file}.unreadable-${Date.now()}`;
      this.log.warn(`${this.file} is not readable (${String(err)}); kept as ${aside}`);
      try {
        renameSync(this.file, aside);
      } catch {
        /* leave it */
      }
      return [];
    }
  }

  save(connections: readonly SavedConnection[]): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify({ version: 1, connections }, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

function isSaved(v: unknown): v is SavedConnection {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return typeof c.uri === 'string' && typeof c.autoconnect === 'boolean' && (c.label === undefined || typeof c.label === 'string');
}
