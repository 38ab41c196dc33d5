import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { SYSTEM_URI, defineTinyGuest, removeGuest, requireSystem, virsh } from '../support/system-libvirt';

// The manager at 1,000 guests: a generated test-driver host (guest-0001 … guest-1000).
const ROOT = join(__dirname, '..', '..');
function host1000(): string {
  const dir = join(ROOT, 'test-results', 'bench');
  const file = join(dir, 'host-1000.xml');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    execFileSync(process.execPath, [join(ROOT, 'test/fixtures/generate-host.mjs'), '1000', file]);
  }
  return file;
}

test.describe('1,000 guests', () => {
  test.use({ connect: [`test://${host1000()}`] });

  test('load virtualized, reach the last row by End and by scrolling, filter narrows', async ({ manager, page }) => {
    await expect(manager.grid).toHaveAttribute('aria-rowcount', '1002');
    await expect(manager.grid).toHaveAttribute('aria-multiselectable', 'true');
    await manager.row('guest-0001').click();
    const inDom = await manager.grid.getByRole('row', { level: 2 }).count();
    expect(inDom).toBeLessThan(100);
    await page.keyboard.press('End');
    await expect(manager.row('guest-1000')).toBeFocused();
    await expect(manager.row('guest-1000')).toHaveAttribute('aria-selected', 'true');
    await expect(manager.row('guest-1000')).toHaveAttribute('aria-rowindex', '1002');
    await expect(manager.row('guest-1000')).toHaveAttribute('aria-posinset', '1000');
    await page.keyboard.press('Home');
    await expect(manager.row('guest-0001')).toBeFocused();
    await page.keyboard.press('PageDown');
    await expect(manager.grid.locator('[role="row"][aria-level="2"]:focus')).toHaveAttribute('aria-posinset', /^(1[0-9]|[2-9])$/);
    // Scrolling with the wheel brings the end in too.
    await manager.grid.hover();
    for (let i = 0; i < 12 && !(await manager.row('guest-0998').isVisible()); i++) await page.mouse.wheel(0, 5000);
    await expect(manager.row('guest-0998')).toBeVisible();

    const filter = page.getByRole('searchbox', { name: 'Filter virtual machines' });
    await page.keyboard.press('Control+f');
    await expect(filter).toBeFocused();
    await filter.fill('guest-09');
    await expect(manager.grid).toHaveAttribute('aria-rowcount', String(1 + 1 + 100));
    await expect(manager.row('guest-0901')).toBeVisible();
    await expect(manager.row('guest-0001')).toHaveCount(0);
    await page.getByRole('button', { name: 'Paused', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Paused', exact: true })).toHaveAttribute('aria-pressed', 'true');
    const paused = await manager.grid.getByRole('row', { level: 2 }).count();
    expect(paused).toBeGreaterThan(0);
    expect(paused).toBeLessThan(100);
    for (const cell of await manager.grid.getByRole('row', { level: 2 }).locator('.state-label').allTextContents()) expect(cell).toBe('Paused');
    await filter.focus();
    await page.keyboard.press('Escape');
    await expect(filter).toHaveValue('');
  });

  test('multi-select Shut Down of 3 running guests confirms with their names and turns them off', async ({ manager, page }) => {
    await page.getByRole('button', { name: 'Running', exact: true }).click();
    const rows = manager.grid.getByRole('row', { level: 2 });
    await expect(rows.first()).toContainText('Running');
    const names: string[] = [];
    for (let i = 0; i < 3; i++) names.push((await rows.nth(i).getAttribute('aria-label'))!);
    expect(new Set(names).size).toBe(3);
    await rows.nth(0).click();
    await rows.nth(2).click({ modifiers: ['Shift'] });
    for (const n of names) await expect(manager.row(n)).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('button', { name: 'Running', exact: true }).click();
    await manager.button('Shut Down').click();
    const dialog = manager.dialog('Shut Down 3 virtual machines?');
    for (const n of names) await expect(dialog.getByRole('listitem').filter({ hasText: n })).toHaveCount(1);
    await dialog.getByRole('button', { name: 'Shut Down' }).click();
    for (const n of names) await manager.expectState(n, 'Shut off');
    // Ctrl+click takes one out again.
    await manager.row(names[1]!).click({ modifiers: ['Control'] });
    await expect(manager.row(names[1]!)).toHaveAttribute('aria-selected', 'false');
  });

  test('rename to an existing name is refused and changes nothing; a tag with markup shows as text', async ({ manager, page }) => {
    const off = manager.grid.getByRole('row', { level: 2 }).filter({ hasText: 'Shut off' }).first();
    const name = (await off.getAttribute('aria-label'))!;
    await off.click();
    await page.keyboard.press('F2');
    const rename = manager.dialog(`Rename ${name}`);
    await rename.getByRole('textbox', { name: 'New name' }).fill('guest-0002');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(rename.getByRole('alert')).toContainText('already exists');
    await rename.getByRole('button', { name: 'Cancel' }).click();
    await expect(manager.row(name)).toBeVisible();

    await manager.row(name).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Edit Tags…' }).click();
    const tags = manager.dialog(`Tags of ${name}`);
    await tags.getByRole('textbox', { name: 'New tag' }).fill('<b>bold</b>');
    await tags.getByRole('button', { name: 'Save' }).click();
    await expect(tags).toBeHidden();
    await expect(manager.row(name).getByRole('button', { name: 'Filter by tag <b>bold</b>' })).toHaveText('<b>bold</b>');
    await manager.row(name).getByRole('button', { name: 'Filter by tag <b>bold</b>' }).click();
    await expect(page.getByRole('searchbox', { name: 'Filter virtual machines' })).toHaveValue('tag:<b>bold</b>');
    await expect(manager.grid.getByRole('row', { level: 2 })).toHaveCount(1);
  });
});

test.describe('tags on a real libvirtd', () => {
  test.beforeAll(() => requireSystem());
  const GUEST = 'vdtm-e2e-tags';
  test.use({ connect: [SYSTEM_URI] });
  test.beforeAll(() => void defineTinyGuest(GUEST));
  test.afterAll(() => removeGuest(GUEST));

  test('tags added in the UI are in virsh dumpxml and survive a reconnect; Delete says disks are kept', async ({ manager, page }) => {
    await manager.row(GUEST).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Edit Tags…' }).click();
    const dialog = manager.dialog(`Tags of ${GUEST}`);
    const input = dialog.getByRole('textbox', { name: 'New tag' });
    await input.fill('e2e');
    await input.press('Enter');
    await input.fill('x&<y>');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    const xml = virsh('dumpxml', GUEST);
    expect(xml).toContain('<virtdesk:tag>e2e</virtdesk:tag>');
    expect(xml).toContain('<virtdesk:tag>x&amp;&lt;y&gt;</virtdesk:tag>');

    await page.reload();
    await expect(manager.row(GUEST).getByRole('button', { name: 'Filter by tag e2e' })).toBeVisible({ timeout: 20_000 });
    await expect(manager.row(GUEST).getByRole('button', { name: 'Filter by tag x&<y>' })).toBeVisible();

    await manager.row(GUEST).click();
    await page.keyboard.press('Delete');
    const del = manager.dialog(`Delete ${GUEST}?`);
    await expect(del).toContainText('disks are kept');
    await del.getByRole('button', { name: 'Delete' }).click();
    await expect(manager.row(GUEST)).toHaveCount(0, { timeout: 15_000 });
  });
});
