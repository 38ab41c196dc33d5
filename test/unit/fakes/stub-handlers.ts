import { METHOD_SCHEMAS, type Method } from '../../../preload/contract';
import type { Handlers } from '../../../main/transport/service-host';

/** Every handler rejects "unused" unless overridden: for tests of the transports. */
export function stubHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = async () => {
    throw new Error('unused');
  };
  const all = Object.fromEntries((Object.keys(METHOD_SCHEMAS) as Method[]).map((m) => [m, unused]));
  return { ...all, ...overrides } as Handlers;
}
