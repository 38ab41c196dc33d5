import { test, expect } from './fixtures';
import { SYSTEM_URI, defineTinyGuest, removeGuest, requireSystem, virsh, waitForGuestShell } from '../support/system-libvirt';

/** The number in an accessible name such as "CPU 12 %". */
const figure = (label: string | null) => Number(/([\d.]+) %/.exec(label ?? '')?.[1] ?? NaN);

test.describe('live statistics', () => {
  test('the View menu hides and shows graph columns, and the statistics preferences refuse a bad interval', async ({ manager, page }) => {
    const headers = page.getByRole('treegrid', { name: 'Virtual machines' }).getByRole('columnheader');
    await expect(headers).toContainText(['Name', 'State', 'Tags', 'CPU', 'Memory', 'Disk I/O', 'Network I/O']);
    await expect(headers.filter({ hasText: 'Host CPU' })).toHaveCount(0);

    await page.getByRole('button', { name: 'View' }).click();
    const menu = page.getByRole('menu', { name: 'View' });
    await menu.getByRole('menuitemcheckbox', { name: 'Host CPU usage' }).click();
    await expect(menu.getByRole('menuitemcheckbox', { name: 'Host CPU usage' })).toHaveAttribute('aria-checked', 'true');
    await menu.getByRole('menuitemcheckbox', { name: 'Disk I/O' }).click();
    await page.keyboard.press('Escape');
    await expect(headers.filter({ hasText: 'Host CPU' })).toHaveCount(1);
    await expect(headers.filter({ hasText: 'Disk I/O' })).toHaveCount(0);
    // A view preference: it survives a reload.
    await page.reload();
    await expect(headers.filter({ hasText: 'Host CPU' })).toHaveCount(1);

    await page.getByRole('button', { name: 'View' }).click();
    await page.getByRole('menuitem', { name: 'Statistics Preferences…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Statistics preferences' });
    const interval = dialog.getByLabel('Update interval (seconds)');
    await interval.fill('0');
    await expect(dialog.getByRole('alert')).toHaveText('The interval is a whole number of seconds from 1 to 60.');
    await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
    await interval.press('Enter');
    await expect(dialog).toBeVisible();
    await interval.fill('3');
    await dialog.getByRole('checkbox', { name: 'Network I/O' }).uncheck();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    // Main applied it: a fresh page reads it back.
    await page.reload();
    await page.getByRole('button', { name: 'View' }).click();
    await page.getByRole('menuitem', { name: 'Statistics Preferences…' }).click();
    await expect(dialog.getByLabel('Update interval (seconds)')).toHaveValue('3');
    await expect(dialog.getByRole('checkbox', { name: 'Network I/O' })).not.toBeChecked();
  });
});

const GUEST = 'vd-e2e-stats';

test.describe('live statistics of a real guest', () => {
  test.beforeAll(() => requireSystem());
  test.use({ connect: [SYSTEM_URI] });
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    defineTinyGuest(GUEST);
    virsh('start', GUEST);
    await waitForGuestShell(GUEST, 150_000);
  });
  test.afterAll(() => removeGuest(GUEST));

  test('the running tiny guest has CPU and memory graphs with data, the host its own figures, and CPU sorts', async ({ manager, page }) => {
    const row = manager.row(GUEST);
    await expect(row).toBeVisible();
    const cpu = row.getByRole('img', { name: /^CPU / });
    const memory = row.getByRole('img', { name: /^Memory / });
    // A booted busybox idles, but under TCG its timer ticks still cost some CPU.
    await expect.poll(async () => figure(await cpu.getAttribute('aria-label')), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(async () => figure(await memory.getAttribute('aria-label')), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(row.getByRole('img', { name: /^Disk read .* write / })).toBeVisible();
    // The sparkline has drawn a line from more than one sample.
    await expect.poll(async () => (await cpu.locator('path').getAttribute('d'))?.split('L').length ?? 0, { timeout: 10_000 }).toBeGreaterThan(2);

    const conn = manager.connectionRow(SYSTEM_URI);
    await expect.poll(async () => figure(await conn.getByRole('img', { name: /^Host CPU / }).getAttribute('aria-label')), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(conn.getByRole('img', { name: /^Host memory / })).toBeVisible();

    const header = page.getByRole('columnheader', { name: 'CPU', exact: true });
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
  });
});
