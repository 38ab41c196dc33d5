import { DOMAIN_STATE_LABELS } from '../../preload/contract';
import { FIXTURE, MIXED_STATES } from '../support/fixtures';
import { test, expect } from './fixtures';
import { ManagerPage } from './pages/manager-page';

test.use({ connect: [`test://${FIXTURE}`] });

test('lists every domain of the fixture host with its state', async ({ manager }) => {
  for (const [name, state] of Object.entries(MIXED_STATES)) {
    await manager.expectState(name, DOMAIN_STATE_LABELS[state]);
  }
  await expect(manager.grid.getByRole('row', { level: 2 })).toHaveCount(Object.keys(MIXED_STATES).length);
  await manager.row('web-01').click();
  // Test artifact; the README shows a copy (docs/manager.png).
  await manager.page.screenshot({ path: 'test-results/manager-every-state.png' });
});

test('an action libvirt refuses shows its message and changes nothing', async ({ manager }) => {
  // A crashed domain that libvirt kept (it still has an id): Run is offered, libvirt says no.
  await manager.act('legacy-app', 'Run');
  const alert = manager.alert(/legacy-app/);
  await expect(alert).toContainText('Could not start legacy-app');
  await expect(alert).toContainText(/already running|not valid|active/i);
  await manager.expectState('legacy-app', 'Crashed');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toBeHidden();
});

test('keyboard: arrows move the selection, the toolbar follows, Shift+F10 opens the menu', async ({ manager, page }) => {
  await manager.row('archive').click();
  await expect(manager.row('archive')).toHaveAttribute('aria-selected', 'true');
  await expect(manager.button('Run')).toBeEnabled();
  // Rows are sorted by name: archive, build-runner, db-01, ...
  await page.keyboard.press('ArrowDown');
  await expect(manager.row('build-runner')).toHaveAttribute('aria-selected', 'true');
  await expect(manager.row('archive')).toHaveAttribute('aria-selected', 'false');
  await expect(manager.button('Resume')).toBeEnabled();
  await expect(manager.button('Run')).toBeDisabled();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Actions for build-runner' });
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(manager.row('build-runner')).toBeFocused();
});

test('focus stays on its guest when a change made elsewhere re-sorts the list', async ({ manager, page, server }) => {
  await manager.row('db-01').click();
  await expect(manager.row('db-01')).toBeFocused();
  // A second window renames a guest listed above db-01 so that it sorts last.
  const other = await page.context().newPage();
  try {
    await other.goto(server.url);
    const second = new ManagerPage(other);
    await second.row('archive').click();
    await other.keyboard.press('F2');
    const rename = second.dialog('Rename archive');
    await rename.getByRole('textbox', { name: 'New name' }).fill('zz-archive');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(rename).toBeHidden();
  } finally {
    await other.close();
  }
  // This window re-sorted: db-01 moved up a place, and the keyboard focus with it.
  await expect(manager.row('zz-archive')).toBeVisible();
  await expect(manager.row('db-01')).toBeFocused();
  await expect(manager.row('db-01')).toHaveAttribute('aria-selected', 'true');
  const names = await manager.grid.getByRole('row', { level: 2 }).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
  expect(names.indexOf('db-01')).toBe(names.indexOf('build-runner') + 1);
  expect(names.at(-1)).toBe('zz-archive');
});
