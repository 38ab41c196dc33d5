import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleTicket } from '../../../preload/contract';
import { VirtError } from '../../../renderer/src/platform/client';
import { ChannelBase, CLOSED, OPEN, type StreamData } from '../../../renderer/src/platform/stream-channel';
import { ConsoleConnection, type ConsoleStatus, type ConsoleViewer, type ViewerEvents } from '../../../renderer/src/features/console/console-connection';
import { MAX_RECONNECT_ATTEMPTS, RECONNECT_DELAY_MS, describeClose, guestIsUp, nextStep } from '../../../renderer/src/features/console/reconnect-policy';
import { FakeClient } from './fake-client';
import { dom } from './fixtures';

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** A channel the test opens and closes by hand. */
class TestChannel extends ChannelBase {
  sent: StreamData[] = [];
  closedByClient: [number | undefined, string | undefined] | undefined;
  constructor() {
    super();
    this.readyState = OPEN;
  }
  send(data: StreamData) {
    this.sent.push(data);
  }
  close(code?: number, reason?: string) {
    this.closedByClient = [code, reason];
    this.readyState = CLOSED;
  }
  /** Main closes it. */
  end(code: number, reason = '') {
    this.emit({ type: 'close', code, reason, wasClean: true });
  }
}

class TestViewer implements ConsoleViewer {
  attached: { channel: TestChannel; events: ViewerEvents; detached: boolean }[] = [];
  attach(channel: TestChannel, events: ViewerEvents) {
    const entry = { channel, events, detached: false };
    this.attached.push(entry);
    return { detach: () => void (entry.detached = true) };
  }
  get last() {
    return this.attached[this.attached.length - 1]!;
  }
}

const domain = dom('vd', 'running');
const ticket = (n: number): ConsoleTicket => ({ ticket: `t${n}`, kind: 'serial', expiresAt: Date.now() + 30_000 });

function setup() {
  const client = new FakeClient();
  const viewer = new TestViewer();
  const statuses: ConsoleStatus[] = [];
  const conn = new ConsoleConnection({
    client,
    ref: domain,
    deviceId: 'serial0',
    viewer: viewer as unknown as ConsoleViewer,
    onStatus: (s) => statuses.push(s),
  });
  let n = 0;
  /** Answers the pending consoles.open and openStream; returns the channel. */
  const serve = async () => {
    const call = client.take('consoles.open');
    call.resolve(ticket(++n));
    await flush();
    const req = client.takeStream();
    const channel = new TestChannel();
    req.resolve(channel);
    await flush();
    return { call, req, channel };
  };
  const last = () => statuses[statuses.length - 1];
  return { client, viewer, statuses, conn, serve, last };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('reconnect policy', () => {
  it('retries a second apart while the guest runs, up to the limit, then stops', () => {
    for (let failures = 1; failures <= MAX_RECONNECT_ATTEMPTS; failures++) {
      expect(nextStep({ running: true, failures, end: { reason: 'x' } })).toEqual({
        kind: 'retry',
        delayMs: RECONNECT_DELAY_MS,
        attempt: failures,
        maxAttempts: MAX_RECONNECT_ATTEMPTS,
      });
    }
    expect(nextStep({ running: true, failures: MAX_RECONNECT_ATTEMPTS + 1, end: { reason: 'x' } })).toEqual({ kind: 'stop' });
  });

  it('waits for the guest when it is down, whatever the reason', () => {
    expect(nextStep({ running: false, failures: 99, end: { reason: 'x', permanent: true } })).toEqual({ kind: 'wait-for-guest' });
  });

  it('stops at once when trying again cannot help', () => {
    expect(nextStep({ running: true, failures: 1, end: { reason: 'no graphics', code: 4004 } })).toEqual({ kind: 'stop' });
    expect(nextStep({ running: true, failures: 1, end: { reason: 'Authentication failed', permanent: true } })).toEqual({ kind: 'stop' });
    expect(nextStep({ running: true, failures: 1, end: { reason: 'expired', code: 4008 } }).kind).toBe('retry');
  });

  it('a guest is up when it has a live process', () => {
    expect(guestIsUp(dom('a', 'running'))).toBe(true);
    expect(guestIsUp(dom('a', 'paused'))).toBe(true);
    expect(guestIsUp(dom('a', 'shutoff'))).toBe(false);
    expect(guestIsUp(undefined)).toBe(false);
  });

  it('describes a close by main’s reason, cleaned of control characters, else by its code', () => {
    expect(describeClose(4010, 'Could not reach the VNC server: connect ECONNREFUSED 127.0.0.1:5901')).toBe(
      'Could not reach the VNC server: connect ECONNREFUSED 127.0.0.1:5901',
    );
    expect(describeClose(4000, 'Authentication failed\u0000')).toBe('Authentication failed');
    expect(describeClose(1006, '')).toBe('The connection to the console was lost');
    expect(describeClose(4999, '')).toBe('The console closed (code 4999)');
  });
});

describe('ConsoleConnection', () => {
  it('does nothing while the guest is off, and connects when it runs: ticket, stream, viewer', async () => {
    const { client, viewer, conn, serve, last } = setup();
    conn.setRunning(false);
    expect(client.pending()).toBe(0);
    expect(conn.status).toEqual({ kind: 'not-running' });

    conn.setRunning(true);
    expect(last()).toEqual({ kind: 'connecting' });
    const { call, req, channel } = await serve();
    expect(call.args).toEqual([{ connectionId: domain.connectionId, uuid: domain.uuid }, 'serial0']);
    expect(req.ticket.ticket).toBe('t1');
    expect(viewer.last.channel).toBe(channel);
    viewer.last.events.connected();
    expect(last()).toEqual({ kind: 'connected' });
  });

  it('reconnects by itself after the stream ends, a second later, with a fresh ticket', async () => {
    const { client, viewer, conn, serve, last } = setup();
    conn.setRunning(true);
    const first = await serve();
    viewer.last.events.connected();
    first.channel.end(1000, 'console closed');
    expect(viewer.attached[0]!.detached).toBe(true);
    expect(last()).toMatchObject({ kind: 'retrying', reason: 'console closed', attempt: 1, wasConnected: true });
    expect(client.pending('consoles.open')).toBe(0);
    vi.advanceTimersByTime(RECONNECT_DELAY_MS);
    const second = await serve();
    expect(second.req.ticket.ticket).toBe('t2');
    viewer.last.events.connected();
    expect(last()).toEqual({ kind: 'connected' });
  });

  it('gives up after the last attempt and shows the reason; Reconnect starts over', async () => {
    const { client, conn, last } = setup();
    conn.setRunning(true);
    for (let i = 0; i <= MAX_RECONNECT_ATTEMPTS; i++) {
      client.take('consoles.open').reject(new VirtError({ code: 'libvirt', message: 'Could not open the console', detail: 'busy' }));
      await flush();
      if (i < MAX_RECONNECT_ATTEMPTS) {
        expect(last()).toMatchObject({ kind: 'retrying', attempt: i + 1, wasConnected: false });
        vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      }
    }
    expect(last()).toEqual({ kind: 'failed', reason: 'Could not open the console: busy', wasConnected: false });
    vi.advanceTimersByTime(10 * RECONNECT_DELAY_MS);
    expect(client.pending()).toBe(0);
    conn.reconnect();
    expect(client.pending('consoles.open')).toBe(1);
    expect(last()).toEqual({ kind: 'connecting' });
  });

  it('stops at once when the console does not exist (consoles.open says not-found)', async () => {
    const { client, conn, last } = setup();
    conn.setRunning(true);
    client.take('consoles.open').reject(new VirtError({ code: 'not-found', message: 'vd has no graphical console' }));
    await flush();
    expect(last()).toEqual({ kind: 'failed', reason: 'vd has no graphical console', wasConnected: false });
    vi.advanceTimersByTime(5 * RECONNECT_DELAY_MS);
    expect(client.pending()).toBe(0);
  });

  it('shows main’s close reason for a stream it could not connect (browser mode: open, then closed)', async () => {
    const { conn, serve, last } = setup();
    conn.setRunning(true);
    const { channel } = await serve();
    channel.end(4004, 'vd has no graphical console');
    expect(last()).toEqual({ kind: 'failed', reason: 'vd has no graphical console', wasConnected: false });
  });

  it('a stream already closed when it arrives counts as ended, without attaching the viewer', async () => {
    const { client, viewer, conn, last } = setup();
    conn.setRunning(true);
    client.take('consoles.open').resolve(ticket(1));
    await flush();
    const channel = new TestChannel();
    channel.end(4010, 'Could not reach the VNC server: connect ECONNREFUSED 127.0.0.1:5901');
    client.takeStream().resolve(channel);
    await flush();
    expect(viewer.attached).toHaveLength(0);
    expect(last()).toMatchObject({ kind: 'retrying', reason: 'Could not reach the VNC server: connect ECONNREFUSED 127.0.0.1:5901' });
  });

  it('when the guest goes down it stops retrying and waits; when it comes back it connects afresh', async () => {
    const { client, conn, serve, last } = setup();
    conn.setRunning(true);
    const { channel } = await serve();
    channel.end(1000, 'console closed');
    conn.setRunning(false);
    expect(last()).toEqual({ kind: 'not-running' });
    vi.advanceTimersByTime(5 * RECONNECT_DELAY_MS);
    expect(client.pending()).toBe(0);
    conn.setRunning(true);
    expect(client.pending('consoles.open')).toBe(1);
  });

  it('a viewer failure that is permanent (authentication) stops, and closes the stream', async () => {
    const { viewer, conn, serve, last } = setup();
    conn.setRunning(true);
    const { channel } = await serve();
    viewer.last.events.failed({ reason: 'Authentication failed: wrong password', permanent: true });
    expect(channel.closedByClient).toEqual([1000, 'console closed']);
    expect(last()).toEqual({ kind: 'failed', reason: 'Authentication failed: wrong password', wasConnected: false });
  });

  it('work of a superseded attempt is dropped: a late stream is closed, late events are ignored', async () => {
    const { client, viewer, conn, last } = setup();
    conn.setRunning(true);
    client.take('consoles.open').resolve(ticket(1));
    await flush();
    const late = client.takeStream();
    conn.dispose();
    const channel = new TestChannel();
    late.resolve(channel);
    await flush();
    expect(channel.closedByClient).toBeDefined();
    expect(viewer.attached).toHaveLength(0);
    const before = last();
    channel.end(1000);
    expect(last()).toBe(before);
  });

  it('dispose detaches the viewer and closes the stream', async () => {
    const { viewer, conn, serve } = setup();
    conn.setRunning(true);
    const { channel } = await serve();
    conn.dispose();
    expect(viewer.last.detached).toBe(true);
    expect(channel.closedByClient).toEqual([1000, 'console closed']);
  });
});
