import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { ConsolePage } from './pages/console-page';
import { SYSTEM_URI, defineTinyGuest, domState, removeGuest, requireSystem, virsh, waitForGuestShell } from '../support/system-libvirt';

// Guest consoles against a real libvirtd and the tiny guest (test/guest): its
// serial port runs a busybox shell, its VGA console shows the boot text.
const GUEST = 'vd-e2e-console';
const NO_GRAPHICS = 'vd-e2e-nographics';
const LOCKED = 'vd-e2e-vncpass';
const VNC_PASSWORD = 's3cret'; // VNC passwords are at most 8 characters

const ROOT = join(__dirname, '..', '..');

/** The tiny guest's XML, edited, defined under `name`. */
function defineEditedGuest(name: string, edit: (xml: string) => string): void {
  removeGuest(name);
  const xml = edit(execFileSync('bash', [join(ROOT, 'test/guest/make-domain-xml.sh'), name], { encoding: 'utf8' }));
  const dir = mkdtempSync(join(tmpdir(), 'vd-guest-'));
  try {
    writeFileSync(join(dir, 'domain.xml'), xml);
    virsh('define', join(dir, 'domain.xml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const withoutGraphics = (xml: string) => xml.replace(/\s*<graphics[\s\S]*?<\/graphics>/, '').replace(/\s*<video>[\s\S]*?<\/video>/, '');
const withVncPassword = (xml: string) => xml.replace("<graphics type='vnc'", `<graphics type='vnc' passwd='${VNC_PASSWORD}'`);

/** What the guest wrote to its serial port since it started (virtlogd's file, see make-domain-xml.sh). */
function serialLog(name: string): string {
  try {
    return readFileSync(`/var/log/libvirt/qemu/${name}-serial.log`, 'utf8');
  } catch {
    return '';
  }
}

function ensureRunning(name: string): void {
  if (domState(name) !== 'running') virsh('start', name);
}

test.describe('guest consoles on a real libvirtd', () => {
  test.beforeAll(() => requireSystem());
  test.use({ connect: [SYSTEM_URI] });
  // One guest, booted once, shared in order.
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    defineTinyGuest(GUEST);
    virsh('start', GUEST);
    // Reading its pty directly; done before any console of ours holds the serial stream.
    await waitForGuestShell(GUEST, 150_000);
  });
  test.afterAll(() => {
    removeGuest(GUEST);
    removeGuest(NO_GRAPHICS);
    removeGuest(LOCKED);
  });

  test('serial: the shell answers typed commands, and Find and Copy work from the keyboard', async ({ manager, page, context }) => {
    await manager.expectState(GUEST, 'Running');
    const view = await ConsolePage.open(manager, GUEST);
    await view.chooseConsole('Serial port 0');
    await view.expectConnected();
    // The banner went by at boot; a prompt comes back on Enter.
    await view.runUntil('', 'vd-guest#', 30_000, 2_000);
    await view.runUntil('echo hello-$((6*7))', 'hello-42', 30_000);
    await expect(view.rows).toContainText('hello-42');

    // Find (Ctrl+Shift+F) selects the match; Ctrl+Shift+C copies the selection, and neither reaches the guest.
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await expect(await view.find('no-such-text-x')).toHaveText('No match');
    await expect(await view.find('hello-42')).toHaveText('Found');
    await expect(view.button('Copy')).toHaveAttribute('aria-disabled', 'false');
    // Into the terminal without a click, which would clear the selection.
    await view.panel.locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Control+Shift+C');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe('hello-42');
    await view.findBar.getByRole('searchbox', { name: 'Find' }).press('Escape');
    await expect(view.findBar).toBeHidden();
  });

  test('VNC: the display shows the boot text, and Screenshot saves a PNG of it', async ({ manager, page }) => {
    const view = await ConsolePage.open(manager, GUEST);
    await view.chooseConsole('Graphical console (VNC)');
    await view.expectConnected();
    await expect(view.canvas).toBeVisible();
    // Text on a plain background: many pixels differ from the corner, in more than one colour.
    await expect
      .poll(async () => {
        const s = await view.canvasStats();
        return s.width >= 320 && s.height >= 200 && s.colours >= 2 && s.nonBackground > 200;
      }, { timeout: 30_000 })
      .toBe(true);
    await page.screenshot({ path: 'test-results/console-vnc.png' });

    const [download] = await Promise.all([page.waitForEvent('download'), view.button('Screenshot').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${GUEST}-\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}\\.png$`));
    const file = await download.path();
    const png = readFileSync(file);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(1024);

    // Send Key lists the combinations; Ctrl+Alt+F2 switches the guest's VT, which must not break anything.
    await view.button('Send Key').click();
    const menu = page.getByRole('menu', { name: 'Send Key' });
    await expect(menu.getByRole('menuitem')).toHaveCount(15);
    await menu.getByRole('menuitem', { name: 'Ctrl+Alt+F1', exact: true }).click();
    await expect(menu).toBeHidden();
    await view.expectConnected(5_000);

    // Type Clipboard types into the guest's VGA shell (tty1), which writes to the serial
    // port, whose output virtlogd keeps: Shift, digits and symbols all have to arrive.
    await view.button('Type Clipboard').click();
    const dialog = page.getByRole('dialog', { name: `Type text into ${GUEST}` });
    await dialog.getByLabel('Text to type').fill('echo typed-$((40+2)) > /dev/ttyS0\n');
    await dialog.getByRole('button', { name: 'Type' }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(() => serialLog(GUEST), { timeout: 20_000 }).toContain('typed-42');
  });

  test('the serial console comes back by itself after the guest is stopped and started again', async ({ manager }) => {
    test.setTimeout(240_000);
    ensureRunning(GUEST);
    const view = await ConsolePage.open(manager, GUEST);
    await view.chooseConsole('Serial port 0');
    await view.expectConnected();

    virsh('destroy', GUEST);
    await expect(view.message(`${GUEST} is not running`)).toBeVisible({ timeout: 30_000 });
    await expect(view.panel.getByRole('button', { name: 'Run', exact: true }).first()).toBeVisible();

    virsh('start', GUEST);
    // No click: the tab reconnects when the guest runs, and the new boot's shell answers.
    await view.expectConnected(60_000);
    await view.runUntil('echo again-$((1000+337))', 'again-1337', 150_000);
  });

  test('bad input: a guest without graphics says so and shows its serial console instead, without hanging', async ({ manager }) => {
    defineEditedGuest(NO_GRAPHICS, withoutGraphics);
    virsh('start', NO_GRAPHICS);
    await manager.expectState(NO_GRAPHICS, 'Running');
    const view = await ConsolePage.open(manager, NO_GRAPHICS);
    await expect(view.message(`${NO_GRAPHICS} has no graphical console`)).toBeVisible();
    expect(await view.consoleLabels()).not.toContainEqual(expect.stringMatching(/Graphical/));
    await view.expectConnected(15_000);
    await expect(view.rows).toBeVisible();
    await view.closeButton().click();
    await expect(view.tab).toHaveCount(0);
    removeGuest(NO_GRAPHICS);
  });

  test('a VNC password is asked for, a wrong one is refused with a reason, the right one connects', async ({ manager, page }) => {
    // QEMU checks the password itself: no need to wait for the guest to boot.
    defineEditedGuest(LOCKED, withVncPassword);
    virsh('start', LOCKED);
    const view = await ConsolePage.open(manager, LOCKED);
    await view.chooseConsole('Graphical console (VNC)');
    let dialog = page.getByRole('dialog', { name: `VNC password for ${LOCKED}` });
    await expect(dialog).toBeVisible();
    // Browser mode has no keyring: nothing offers to remember the password.
    await expect(dialog.getByRole('checkbox')).toHaveCount(0);
    await dialog.getByLabel('Password').fill('wrong');
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(view.alert(/Authentication failed/)).toBeVisible();

    await view.alert(/Authentication failed/).getByRole('button', { name: 'Reconnect' }).click();
    dialog = page.getByRole('dialog', { name: `VNC password for ${LOCKED}` });
    await dialog.getByLabel('Password').fill(VNC_PASSWORD);
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog).toBeHidden();
    await view.expectConnected();
    await expect(view.canvas).toBeVisible();
    removeGuest(LOCKED);
  });
});
