// The credential prompt path end to end in main, on the real binding: the test
// driver's <auth> host (test/fixtures/hosts/auth.xml) makes virConnectOpenAuth
// ask for a user name and a password through AuthService's events.
import { describe, expect, it } from 'vitest';
import type { AuthRequest, ConnectionInfo } from '../../preload/contract';
import { libvirt } from '../../main/libvirt';
import { AuthService } from '../../main/services/auth-service';
import { ConnectionService } from '../../main/services/connection-service';
import { silentLogger } from '../../main/services/event-sink';
import { fixtureUri } from '../support/native-host-helpers';

const URI = fixtureUri('auth.xml');

class Sink {
  events: { name: string; payload: unknown }[] = [];
  listeners: ((name: string, payload: unknown) => void)[] = [];
  emit(name: string, payload: unknown) {
    this.events.push({ name, payload });
    for (const l of this.listeners) l(name, payload);
  }
}

function setup(answer: (req: AuthRequest) => string[] | null | 'ignore', timeoutMs = 5000) {
  const sink = new Sink();
  const auth = new AuthService(sink, silentLogger, { timeoutMs });
  const conns = new ConnectionService(libvirt, sink, silentLogger, undefined, auth);
  const asked: AuthRequest[] = [];
  sink.listeners.push((name, payload) => {
    if (name !== 'auth.requested') return;
    const req = payload as AuthRequest;
    asked.push(req);
    const values = answer(req);
    if (values !== 'ignore') setTimeout(() => auth.respond(req.requestId, values), 10);
  });
  return { sink, conns, asked };
}

const login = (req: AuthRequest) => req.credentials.map((c) => (c.secret ? 's3cret-pass' : 'vd-admin'));

describe('connecting to a host that asks for credentials', () => {
  it('prompts for the user name, then the password, and connects', async () => {
    const { conns, asked } = setup(login);
    const info = await conns.add(URI, { autoconnect: false });
    expect(info.state.kind).toBe('connected');
    expect(conns.domains(info.id).map((d) => d.name)).toEqual(['auth-guest']);
    expect(asked.map((r) => r.credentials.map((c) => [c.type, c.secret]))).toEqual([[['authname', false]], [['passphrase', true]]]);
    expect(asked[0]!.uri).toBe(URI);
    expect(asked[1]!.credentials[0]!.prompt).toBe("Enter vd-admin's password for localhost");
    await conns.closeAll();
  });

  it('fails with libvirt auth error on a wrong password', async () => {
    const { conns } = setup((req) => req.credentials.map((c) => (c.secret ? 'wrong' : 'vd-admin')));
    const info = await conns.add(URI, { autoconnect: false });
    expect(info.state).toMatchObject({ kind: 'disconnected', detail: expect.stringMatching(/authentication failed/) });
  });

  it('fails with a message saying the user cancelled', async () => {
    const { conns } = setup(() => null);
    const info: ConnectionInfo = await conns.add(URI, { autoconnect: false });
    expect(info.state).toMatchObject({ kind: 'disconnected', detail: expect.stringMatching(/authentication was cancelled/) });
  });

  it('fails when nobody answers within the timeout', async () => {
    const { conns, sink } = setup(() => 'ignore', 300);
    const info = await conns.add(URI, { autoconnect: false });
    expect(info.state).toMatchObject({ kind: 'disconnected', detail: expect.stringMatching(/no credentials were entered within/) });
    expect(sink.events.filter((e) => e.name === 'auth.settled').map((e) => e.payload)).toEqual([
      expect.objectContaining({ outcome: 'timeout' }),
    ]);
  });

  it('opens hosts without auth without prompting', async () => {
    const { conns, asked } = setup(login);
    const info = await conns.add('test:///default', { autoconnect: false });
    expect(info.state.kind).toBe('connected');
    expect(asked).toEqual([]);
    await conns.closeAll();
  });
});
