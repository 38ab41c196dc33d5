import { readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomic } from './json-file';
import type { Logger } from './event-sink';

/** One remembered connection (virt-manager's gsettings uris/autoconnect/pretty-name). */
export interface SavedConnection {
  uri: string;
  autoconnect: boolean;
  /** The user's name for it; absent means the default label. */
  label?: string;
}

/** $XDG_CONFIG_HOME/virtdesk/<name>. */
export function configFile(name: string): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'virtdesk', name);
}

export function defaultStoreFile(): string {
  return configFile('connections.json');
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
    writeJsonAtomic(this.file, { version: 1, connections });
  }
}

function isSaved(v: unknown): v is SavedConnection {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return typeof c.uri === 'string' && typeof c.autoconnect === 'boolean' && (c.label === undefined || typeof c.label === 'string');
}
