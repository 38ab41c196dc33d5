import { readFileSync } from 'node:fs';
import { statsSettings, type StatsSettings } from '../../preload/contract';
import { writeJsonAtomic } from '../services/json-file';
import type { Logger } from '../services/event-sink';
import type { SettingsPersistence } from './stats-service';

/** The polling preferences, as JSON next to the saved connections. A bad file means defaults, said once in the log. */
export class StatsSettingsStore implements SettingsPersistence {
  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {}

  load(): StatsSettings | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const data = (JSON.parse(text) as { stats?: unknown }).stats;
      const problem = statsSettings.check(data);
      if (problem) throw new Error(problem);
      return data as StatsSettings;
    } catch (err) {
      this.log.warn(`${this.file}: ${err instanceof Error ? err.message : String(err)}; using the default stats settings`);
      return undefined;
    }
  }

  save(settings: StatsSettings): void {
    writeJsonAtomic(this.file, { version: 1, stats: settings });
  }
}
