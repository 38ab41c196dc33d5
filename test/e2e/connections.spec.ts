// Add Connection (CONN-01..06), the connection row's actions (CONN-10, -11),
// saved connections across restarts (CONN-07) and auth prompts (CONN-12).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { FIXTURE } from '../support/fixtures';
import { PrivateLibvirtd } from '../support/private-libvirtd';
import { startServer, type RunningServer } from '../support/server-process';
import { freePort } from '../support/sshd';
import { ConnectionsPage } from './pages/connections-page';

const AUTH_HOST = `test://${join(__dirname, '..', 'fixtures', 'hosts', 'auth.xml')}`;
const FIXTURE_URI = `test://${FIXTURE}`;

interface Fixtures {
  configHome: string;
  server: RunningServer;
  conns: ConnectionsPage;
}

// Every test starts on the fixture host (given with --connect, so it is not saved)
// with a config folder of its own, which a test may reuse for a restart.
const test = base.extend<Fixtures>({
  configHome: async ({}, use) => use(mkdtempSync(join(tmpdir(), 'vd-config-'))),
  server: async ({ configHome }, use) => {
    const server = await startServer([FIXTURE_URI], [], configHome);
    await use(server);
    await server.stop();
  },
  conns: async ({ page, server }, use) => {
    await page.goto(server.url);
    const conns = new ConnectionsPage(page);
    await expect(conns.row(FIXTURE_URI)).toBeVisible();
    await use(conns);
  },
});

const savedFile = (configHome: string) => join(configHome, 'virtdesk', 'connections.json');

test('the dialog builds the URI as you type and refuses an invalid custom URI inline, adding nothing', async ({ conns, page, configHome }) => {
  await page.keyboard.press('Control+Shift+N');
  const dialog = conns.addDialog;
  await expect(dialog).toBeVisible();
  const uri = dialog.getByRole('status').or(dialog.locator('output'));
  await expect(uri).toHaveText('qemu:///system');
  await expect(dialog.getByRole('checkbox', { name: 'Autoconnect' })).toBeChecked();
  await dialog.getByRole('checkbox', { name: 'Connect to remote host over SSH' }).check();
  await expect(dialog.getByRole('checkbox', { name: 'Autoconnect' })).not.toBeChecked();
  await expect(dialog.getByRole('textbox', { name: 'Username' })).toHaveValue('root');
  await dialog.getByRole('textbox', { name: 'Hostname' }).fill('kvm1.example.org');
  await dialog.getByRole('textbox', { name: 'Port' }).fill('2222');
  await expect(uri).toHaveText('qemu+ssh://root@kvm1.example.org:2222/system');
  await dialog.getByLabel('Hypervisor').selectOption({ label: 'Libvirt-LXC' });
  await expect(uri).toHaveText('lxc+ssh://root@kvm1.example.org:2222/');
  await dialog.getByRole('textbox', { name: 'Hostname' }).fill('');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('A hostname is required for remote connections.');

  await dialog.getByLabel('Hypervisor').selectOption({ label: 'Custom URI…' });
  await dialog.getByRole('textbox', { name: 'Custom URI' }).fill('qemu+ext:///system');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByRole('alert')).toContainText("the 'ext' transport runs an arbitrary command and is not allowed here");
  await expect(dialog.getByRole('textbox', { name: 'Custom URI' })).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(conns.rows).toHaveCount(1);
  expect(existsSync(savedFile(configHome))).toBe(false);
});

test('adding test:///default shows its guests; rename, restart, remove', async ({ conns, page, server, configHome }) => {
  await conns.addCustom('test:///default');
  await expect(conns.addDialog).toBeHidden();
  const row = conns.row('test:///default');
  await expect(row).toContainText('Connected');
  await expect(page.getByRole('row', { name: 'test', exact: true })).toBeVisible();
  await expect(row).toContainText('Test'); // the default label

  // Rename from the row's menu button.
  await row.getByRole('button', { name: 'More actions for Test' }).click();
  await page.getByRole('menu', { name: 'Actions for Test' }).getByRole('menuitem', { name: 'Rename…' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename connection' });
  await rename.getByRole('textbox', { name: 'Name' }).fill('Demo host');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename).toBeHidden();
  await expect(row.locator('.conn-label')).toHaveText('Demo host');

  // Autoconnect off, from the context menu.
  const menu = await conns.menu('test:///default', 'Demo host');
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Autoconnect' })).toHaveAttribute('aria-checked', 'true');
  await menu.getByRole('menuitemcheckbox', { name: 'Autoconnect' }).click();
  await expect.poll(() => JSON.parse(readFileSync(savedFile(configHome), 'utf8')).connections).toEqual([
    { uri: 'test:///default', autoconnect: false, label: 'Demo host' },
  ]);

  // Disconnect and connect from the row's buttons.
  await row.getByRole('button', { name: 'Disconnect Demo host' }).click();
  await expect(row).toContainText('Disconnected');
  await row.getByRole('button', { name: 'Connect Demo host' }).click();
  await expect(row).toContainText('Connected');

  // Restart the server with the same config folder: the entry is still there, with its name.
  await server.stop();
  const again = await startServer([FIXTURE_URI], [], configHome);
  try {
    await page.goto(again.url);
    const restored = conns.row('test:///default');
    await expect(restored).toBeVisible();
    await expect(restored.locator('.conn-label')).toHaveText('Demo host');
    await expect(restored).toContainText('Disconnected'); // autoconnect is off

    const m = await conns.menu('test:///default', 'Demo host');
    await m.getByRole('menuitem', { name: 'Remove…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove connection' });
    await expect(confirm).toContainText('This will remove the connection:');
    await expect(confirm).toContainText('test:///default');
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect(restored).toHaveCount(0);
    await expect(conns.rows).toHaveCount(1);
    expect(JSON.parse(readFileSync(savedFile(configHome), 'utf8')).connections).toEqual([]);
  } finally {
    await again.stop();
  }
});

test('a bad SSH host shows ssh’s error and offers to keep or remove the entry', async ({ conns, page }) => {
  const closedPort = await freePort();
  const addRemote = async () => {
    await conns.openAddDialog();
    const dialog = conns.addDialog;
    await dialog.getByRole('checkbox', { name: 'Connect to remote host over SSH' }).check();
    await dialog.getByRole('textbox', { name: 'Hostname' }).fill('127.0.0.1');
    await dialog.getByRole('textbox', { name: 'Port' }).fill(String(closedPort));
    await dialog.getByRole('button', { name: 'Connect' }).click();
  };
  const uri = `qemu+ssh://root@127.0.0.1:${closedPort}/system`;

  await addRemote();
  const failed = conns.failedDialog;
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await expect(failed.getByRole('alert')).toContainText(/Connection refused/);
  await expect(failed).toContainText(uri);
  await failed.getByRole('button', { name: 'Keep' }).click();
  await expect(failed).toBeHidden();
  await expect(conns.row(uri)).toContainText('Disconnected');

  // The same URI again: this time drop it.
  await conns.row(uri).getByRole('button', { name: /^Connect / }).click();
  await expect(conns.row(uri)).toContainText(/Connection refused/);
  await addRemote();
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await failed.getByRole('button', { name: 'Remove' }).click();
  await expect(failed).toBeHidden();
  await expect(conns.row(uri)).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a host that wants a login prompts for the user name and password', async ({ conns, page }) => {
  await conns.addCustom(AUTH_HOST);
  const auth = conns.authDialog;
  await expect(auth).toBeVisible();
  await expect(auth).toContainText(AUTH_HOST);
  await auth.getByRole('textbox', { name: 'Username' }).fill('vd-admin');
  await auth.getByRole('button', { name: 'OK' }).click();
  // libvirt asks again, for the password: a hidden field.
  const password = auth.getByLabel('Password');
  await expect(password).toBeVisible();
  await expect(password).toHaveAttribute('type', 'password');
  await password.fill('s3cret-pass');
  await password.press('Enter');
  await expect(auth).toBeHidden();
  await expect(conns.addDialog).toBeHidden();
  await expect(conns.row(AUTH_HOST)).toContainText('Connected');
  await expect(page.getByRole('row', { name: 'auth-guest', exact: true })).toBeVisible();
});

test('cancelling the login fails the connect with a message saying so', async ({ conns }) => {
  await conns.addCustom(AUTH_HOST);
  await expect(conns.authDialog).toBeVisible();
  await conns.page.keyboard.press('Escape');
  await expect(conns.authDialog).toBeHidden();
  await expect(conns.failedDialog.getByRole('alert')).toContainText('authentication was cancelled');
  await expect(conns.addDialog).toBeHidden();
  await conns.failedDialog.getByRole('button', { name: 'Remove' }).click();
  await expect(conns.row(AUTH_HOST)).toHaveCount(0);
});

test.describe('a libvirtd that requires a SASL login', () => {
  let daemon: PrivateLibvirtd | undefined;
  test.beforeAll(async () => {
    // bootstrap installs sasl2-bin: without it this fails saying so, never skips.
    if (spawnSync('which', ['saslpasswd2']).status !== 0) throw new Error('saslpasswd2 missing: install sasl2-bin (scripts/install-system-deps.sh)');
    daemon = await PrivateLibvirtd.start({ sasl: { user: 'vd-admin', password: 's3cret-pass' } });
  });
  test.afterAll(async () => daemon?.dispose());

  test('asks for the SASL names and password in one prompt, and a wrong password fails', async ({ conns }) => {
    const uri = daemon!.uri();
    await conns.addCustom(uri);
    const auth = conns.authDialog;
    await expect(auth).toBeVisible({ timeout: 20_000 });
    await auth.getByRole('textbox', { name: 'Authorization name' }).fill('vd-admin');
    await auth.getByRole('textbox', { name: 'Username' }).fill('vd-admin');
    await auth.getByLabel('Password').fill('wrong-pass');
    await auth.getByRole('button', { name: 'OK' }).click();
    await expect(conns.failedDialog.getByRole('alert')).toContainText(/authentication failed/i, { timeout: 20_000 });
    await conns.failedDialog.getByRole('button', { name: 'Keep' }).click();

    await conns.row(uri).getByRole('button', { name: /^Connect / }).click();
    await expect(auth).toBeVisible({ timeout: 20_000 });
    await auth.getByRole('textbox', { name: 'Authorization name' }).fill('vd-admin');
    await auth.getByRole('textbox', { name: 'Username' }).fill('vd-admin');
    await auth.getByLabel('Password').fill('s3cret-pass');
    await auth.getByLabel('Password').press('Enter');
    await expect(auth).toBeHidden();
    await expect(conns.row(uri)).toContainText('Connected', { timeout: 20_000 });
  });
});
