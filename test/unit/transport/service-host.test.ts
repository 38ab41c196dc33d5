import { describe, expect, it, vi } from 'vitest';
import { ServiceHost, type Handlers } from '../../../main/transport/service-host';
import { silentLogger } from '../../../main/services/event-sink';
import { ServiceError } from '../../../main/services/service-error';
import { stubHandlers } from '../fakes/stub-handlers';

function host(overrides: Partial<Handlers> = {}) {
  const h = new ServiceHost(silentLogger);
  h.setHandlers(stubHandlers({ 'connections.list': async () => [], ...overrides }));
  return h;
}

describe('ServiceHost', () => {
  it('refuses unknown methods and bad arguments without calling a handler', async () => {
    const start = vi.fn(async () => undefined);
    const h = host({ 'domains.start': start });
    expect(await h.invoke('domains.format', [])).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await h.invoke('domains.start', [{ connectionId: 'c1' }])).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(start).not.toHaveBeenCalled();
  });

  it('passes ServiceErrors through as values and hides other errors behind internal', async () => {
    const h = host({
      'connections.close': async () => {
        throw new ServiceError('not-found', 'No connection with id c9');
      },
      'domains.list': async () => {
        throw new TypeError('boom');
      },
    });
    expect(await h.invoke('connections.close', ['c9'])).toEqual({ ok: false, error: { code: 'not-found', message: 'No connection with id c9' } });
    expect(await h.invoke('domains.list', ['c1'])).toMatchObject({ ok: false, error: { code: 'internal', detail: 'boom' } });
  });

  it('returns values and fans events out to every subscriber until unsubscribed', async () => {
    const h = host();
    expect(await h.invoke('connections.list', [])).toEqual({ ok: true, value: [] });
    const a = vi.fn();
    const b = vi.fn();
    const offA = h.subscribe(a);
    h.subscribe(b);
    h.emit('connections.removed', { connectionId: 'c1' });
    offA();
    h.emit('connections.removed', { connectionId: 'c2' });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
  });
});
