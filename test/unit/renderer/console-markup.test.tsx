import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ConnectionMessage, NotRunningMessage } from '../../../renderer/src/features/console/console-message';
import { ConsoleSelector, ConsoleToolbar } from '../../../renderer/src/features/console/console-toolbar';
import { SendKeyMenu } from '../../../renderer/src/features/console/send-key-menu';
import { DomainToolbarView } from '../../../renderer/src/features/manager/domain-toolbar';
import { dom } from './fixtures';

// No jsdom here: components are rendered to static HTML and the markup inspected.

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'");
const run = { enabled: true, busy: false, onRun() {} };

describe('manager toolbar', () => {
  it('starts with Open Console when asked to, usable for any selected domain', () => {
    const html = renderToStaticMarkup(<DomainToolbarView domain={dom('vm', 'shutoff')} pending={undefined} onAction={() => {}} onOpenConsole={() => {}} />);
    const names = [...html.matchAll(/<button([^>]*)>(.*?)<\/button>/g)].map((m) => ({ attrs: m[1]!, name: text(m[2]!) }));
    expect(names.map((b) => b.name)).toEqual(['Open Console', 'Run', 'Pause', 'Resume', 'Shut Down', 'Reboot', 'Force Off']);
    expect(names[0]!.attrs).toContain('aria-disabled="false"');
  });

  it('greys Open Console when nothing is selected', () => {
    const html = renderToStaticMarkup(<DomainToolbarView domain={undefined} pending={undefined} onAction={() => {}} onOpenConsole={() => {}} />);
    expect(html).toMatch(/<button[^>]*aria-disabled="true"[^>]*>.*?Open Console/);
  });
});

describe('console toolbar', () => {
  it('is a toolbar named "Console actions" with a combobox named by its visible label "Console"', () => {
    const html = renderToStaticMarkup(
      <ConsoleToolbar>
        <ConsoleSelector
          devices={[
            { id: 'vnc0', kind: 'vnc', label: 'Graphical console (VNC)' },
            { id: 'serial0', kind: 'serial', label: 'Serial port 0' },
          ]}
          value="serial0"
          onChange={() => {}}
        />
        <SendKeyMenu disabled onSend={() => {}} />
      </ConsoleToolbar>,
    );
    expect(html).toContain('role="toolbar" aria-label="Console actions"');
    const id = /<label for="([^"]+)"[^>]*>Console<\/label>/.exec(html)?.[1];
    expect(id).toBeTruthy();
    expect(html).toContain(`<select id="${id}"`);
    expect(html).toMatch(/<option value="serial0" selected="">Serial port 0<\/option>/);
    expect(html).toMatch(/<button[^>]*aria-haspopup="menu"[^>]*aria-expanded="false"[^>]*aria-disabled="true"/);
    expect(text(html)).toContain('Send Key');
  });

  it('says when there is no console to choose', () => {
    const html = renderToStaticMarkup(<ConsoleSelector devices={[]} value={undefined} onChange={() => {}} />);
    expect(html).toContain('aria-disabled="true"');
    expect(text(html)).toContain('None available');
  });
});

describe('console messages', () => {
  const render = (status: Parameters<typeof ConnectionMessage>[0]['status']) =>
    renderToStaticMarkup(<ConnectionMessage name="vd" label="Serial port 0" status={status} run={run} onReconnect={() => {}} />);

  it('a guest that is off: "<name> is not running" with Run', () => {
    const html = renderToStaticMarkup(<NotRunningMessage name="vd" run={{ ...run, enabled: false }} />);
    expect(html).toContain('role="status"');
    expect(text(html)).toContain('vd is not running');
    expect(html).toMatch(/<button[^>]*aria-disabled="true"[^>]*>.*Run/);
  });

  it('nothing while connected; a status while connecting', () => {
    expect(render({ kind: 'connected' })).toBe('');
    expect(text(render({ kind: 'connecting' }))).toContain('Connecting to Serial port 0…');
  });

  it('a stream that ended: "Disconnected: <reason>", reconnecting by itself, with Reconnect', () => {
    const html = render({ kind: 'retrying', reason: 'console closed', attempt: 2, maxAttempts: 5, wasConnected: true });
    expect(text(html)).toContain('Disconnected: console closed');
    expect(text(html)).toContain('Reconnecting… (attempt 2 of 5)');
    expect(text(html)).toContain('Reconnect');
  });

  it('an error is an alert that names the reason and offers Reconnect', () => {
    const html = render({ kind: 'failed', reason: 'vd has no graphical console', wasConnected: false });
    expect(html).toContain('role="alert"');
    expect(text(html)).toContain('Could not connect: vd has no graphical console');
    expect(html).toMatch(/<button[^>]*>Reconnect<\/button>/);
  });
});
