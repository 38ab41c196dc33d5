import { test, expect } from './fixtures';
import { ConnectionsPage } from './pages/connections-page';
import { WizardPage } from './pages/wizard-page';

// No host answers at first (a port nobody listens on).
test.use({ connect: ['qemu+tcp://127.0.0.1:9/system'] });

test('a wizard opened (Ctrl+N) before any host is connected takes the first one that connects', async ({ manager, page, server }) => {
  await expect(manager.page.getByRole('row', { name: /qemu\+tcp:\/\/127\.0\.0\.1:9\/system/ })).toBeVisible();
  await page.keyboard.press('Control+n');
  const w = new WizardPage(page);
  await expect(w.dialog).toBeVisible();
  await expect(w.dialog).toContainText('Connection: none connected yet');
  await expect(w.button('Forward')).toHaveAttribute('aria-disabled', 'true');

  // Another window of the same app connects a host meanwhile.
  const other = await page.context().newPage();
  try {
    await other.goto(server.url);
    const conns = new ConnectionsPage(other);
    await conns.addCustom('test:///default');
    await expect(conns.row('test:///default')).toContainText('Connected');
  } finally {
    await other.close();
  }

  // This wizard picked it up: its options load and Forward works.
  await expect(w.dialog).toContainText('Connection: Test');
  await expect(w.button('Forward')).toHaveAttribute('aria-disabled', 'false');
  await w.method('Manual install');
  await w.forward(2);
});
