import { test, expect } from './fixtures';

test.describe('manager on the demo host (test:///default)', () => {
  test('lists the running test domain under its connection', async ({ manager }) => {
    await expect(manager.connectionRow('test:///default')).toContainText('Connected');
    await manager.expectState('test', 'Running');
    await manager.page.screenshot({ path: 'test-results/manager.png' });
  });

  test('Shut Down and Run from the toolbar change the row', async ({ manager }) => {
    await manager.row('test').click();
    await expect(manager.button('Run')).toBeDisabled();
    await manager.button('Shut Down').click();
    await manager.expectState('test', 'Shut off');
    await expect(manager.button('Shut Down')).toBeDisabled();
    await manager.button('Run').click();
    await manager.expectState('test', 'Running');
  });

  test('Pause and Resume from the context menu', async ({ manager }) => {
    let menu = await manager.contextMenu('test');
    await expect(menu.getByRole('menuitem', { name: 'Run' })).toBeDisabled();
    await menu.getByRole('menuitem', { name: 'Pause' }).click();
    await manager.expectState('test', 'Paused');
    menu = await manager.contextMenu('test');
    await menu.getByRole('menuitem', { name: 'Resume' }).click();
    await manager.expectState('test', 'Running');
  });

  test('Force Off asks first, names the domain, and Cancel changes nothing', async ({ manager }) => {
    await manager.act('test', 'Force Off');
    const dialog = manager.dialog('Force off test?');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await manager.expectState('test', 'Running');
    await manager.button('Force Off').click();
    await manager.dialog('Force off test?').getByRole('button', { name: 'Force Off' }).click();
    await manager.expectState('test', 'Shut off');
  });
});

test.describe('bad input', () => {
  test.use({ connect: ['bogus:///nowhere', 'test:///default'] });

  test('a bad --connect URI shows an error row and the good one still works', async ({ manager }) => {
    const bad = manager.connectionRow('bogus:///nowhere');
    await expect(bad).toContainText('Could not connect to bogus:///nowhere');
    await expect(bad).toContainText(/no connection driver|unsupported|not supported/i);
    await manager.expectState('test', 'Running');
  });
});
