import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DomainAction, DomainSummary } from '../../../preload/contract';
import { ConfirmDialog } from '../../../renderer/src/components/confirm-dialog';
import { Notifications } from '../../../renderer/src/components/notifications';
import { TransportBanner } from '../../../renderer/src/components/transport-banner';
import { ConnectionStatus } from '../../../renderer/src/features/manager/connection-status';
import { DomainToolbarView } from '../../../renderer/src/features/manager/domain-toolbar';
import { dom } from './fixtures';

// No jsdom here: components are rendered to static HTML and the markup inspected.

function toolbar(domain: DomainSummary | undefined, pending?: DomainAction) {
  const html = renderToStaticMarkup(<DomainToolbarView domain={domain} pending={pending} onAction={() => {}} />);
  const buttons = [...html.matchAll(/<button([^>]*)>(.*?)<\/button>/g)].map((m) => ({
    attrs: m[1]!,
    name: m[2]!.replace(/<[^>]+>/g, ''),
  }));
  return { html, buttons };
}

const disabledNames = (b: { attrs: string; name: string }[]) =>
  b.filter((x) => x.attrs.includes('aria-disabled="true"')).map((x) => x.name);

describe('DomainToolbarView', () => {
  it('is a labelled toolbar of six named buttons', () => {
    const { html, buttons } = toolbar(undefined);
    expect(html).toContain('role="toolbar"');
    expect(html).toContain('aria-label="Virtual machine actions"');
    expect(buttons.map((b) => b.name)).toEqual(['Run', 'Pause', 'Resume', 'Shut Down', 'Reboot', 'Force Off']);
  });

  it('disables all buttons when nothing is selected', () => {
    expect(disabledNames(toolbar(undefined).buttons)).toHaveLength(6);
  });

  it('enables per allowedActions: a running domain', () => {
    expect(disabledNames(toolbar(dom('vm', 'running')).buttons)).toEqual(['Run', 'Resume']);
  });

  it('enables per allowedActions: a shut-off domain', () => {
    expect(disabledNames(toolbar(dom('vm', 'shutoff')).buttons)).toEqual([
      'Pause',
      'Resume',
      'Shut Down',
      'Reboot',
      'Force Off',
    ]);
  });

  it('marks every button busy and disabled while a call is pending', () => {
    const { buttons } = toolbar(dom('vm', 'running'), 'reboot');
    expect(disabledNames(buttons)).toHaveLength(6);
    expect(buttons.every((b) => b.attrs.includes('aria-busy="true"'))).toBe(true);
  });

  it('has a single tab stop', () => {
    const { buttons } = toolbar(dom('vm', 'running'));
    expect(buttons.filter((b) => b.attrs.includes('tabindex="0"'))).toHaveLength(1);
  });
});

describe('ConnectionStatus', () => {
  const text = (html: string) => html.replace(/<[^>]+>/g, '');

  it('shows connecting and connected (with the host name)', () => {
    expect(text(renderToStaticMarkup(<ConnectionStatus state={{ kind: 'connecting' }} />))).toBe('Connecting…');
    const html = renderToStaticMarkup(
      <ConnectionStatus state={{ kind: 'connected', hostname: 'kvm1.example.org', libvirtVersion: '10.0.0' }} />,
    );
    expect(text(html)).toContain('Connected');
    expect(text(html)).toContain('kvm1.example.org');
  });

  it('shows the reason, and the detail as an alert', () => {
    const html = renderToStaticMarkup(
      <ConnectionStatus state={{ kind: 'disconnected', reason: 'The host closed the connection', detail: 'End of file while reading data' }} />,
    );
    expect(text(html)).toContain('Disconnected — The host closed the connection');
    expect(html).toMatch(/role="alert"[^>]*>End of file while reading data</);
  });

  it('a plain user disconnect is just "Disconnected", without an alert', () => {
    const html = renderToStaticMarkup(<ConnectionStatus state={{ kind: 'disconnected', reason: 'Disconnected' }} />);
    expect(text(html)).toBe('Disconnected');
    expect(html).not.toContain('role="alert"');
  });
});

describe('shared components', () => {
  it('notifications are alerts with the message, the detail and a Dismiss button', () => {
    const html = renderToStaticMarkup(
      <Notifications items={[{ id: 1, message: 'Could not shut down test', detail: 'domain is not running' }]} onDismiss={() => {}} />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('Could not shut down test');
    expect(html).toContain('domain is not running');
    expect(html).toMatch(/<button[^>]*>Dismiss<\/button>/);
  });

  it('the transport banner is an alert only while lost', () => {
    expect(renderToStaticMarkup(<TransportBanner lost={false} />)).toBe('');
    const html = renderToStaticMarkup(<TransportBanner lost />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('Lost contact with the Virtdesk service. Reconnecting…');
  });

  it('the confirm dialog is a labelled modal with the danger button and Cancel', () => {
    const html = renderToStaticMarkup(
      <ConfirmDialog title="Force off test?" confirmLabel="Force Off" danger onConfirm={() => {}} onCancel={() => {}}>
        <p>body</p>
      </ConfirmDialog>,
    );
    expect(html).toContain('role="dialog"');
    expect(html).toContain('aria-modal="true"');
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain(`id="${labelledBy}"`);
    expect(html).toMatch(/<h2[^>]*>.*Force off test\?<\/h2>/);
    expect(html).toMatch(/class="btn btn-danger"[^>]*>Force Off</);
    expect(html).toMatch(/>Cancel<\/button>/);
  });
});
