import { existsSync } from 'node:fs';
import { test, expect } from './fixtures';
import { ConsolePage } from './pages/console-page';
import { DetailsPage } from './pages/details-page';
import { WizardPage } from './pages/wizard-page';
import { SYSTEM_URI, defineTinyGuest, domState, requireSystem, virsh } from '../support/system-libvirt';
import { TINY_INITRD, TINY_KERNEL, allGuests, createTempPool, poolVolumes, removeGuestFully, type TempPool } from '../support/install-pool';

// The guest details view on a real libvirtd: customize before install, Begin
// and Cancel Installation, and the Details action for any guest. Everything is
// named vdtz-*, in a vdtz- pool under a temp dir, and removed afterwards.
const POOL = 'vdtz-e2e-pool';
const CUSTOM = 'vdtz-e2e-custom';
const CANCELLED = 'vdtz-e2e-cancel';
const EXISTING = 'vdtz-e2e-existing';
const ALL = [CUSTOM, CANCELLED, EXISTING];

/** The wizard up to Finish: direct kernel boot of the tiny guest, a new 32 MiB qcow2, customize checked. */
async function createCustomized(page: import('@playwright/test').Page, name: string): Promise<void> {
  const w = await WizardPage.open(page);
  await w.directKernelBoot();
  await w.field('Virt type').selectOption('qemu');
  await w.forward(2);
  await w.field('Kernel path').fill(TINY_KERNEL);
  await w.field('Initrd path').fill(TINY_INITRD);
  await w.field('Kernel arguments').fill('console=ttyS0,115200 quiet nokaslr');
  await w.forward(3);
  await w.field('Memory (MiB)').fill('96');
  await w.field('vCPUs').fill('1');
  await w.forward(4);
  await w.choosePool(POOL);
  await w.field('Disk size').fill('32');
  await w.field('Size unit').selectOption('MiB');
  await w.forward(5);
  await w.field('Name').fill(name);
  await w.field('Network').selectOption({ label: 'No network' });
  await w.dialog.getByRole('checkbox', { name: /Customize configuration before install/ }).check();
  await w.button('Finish').click();
  await expect(w.dialog).toBeHidden({ timeout: 60_000 });
}

test.describe('Guest details on a real libvirtd', () => {
  test.beforeAll(() => requireSystem());
  test.use({ connect: [SYSTEM_URI] });
  test.describe.configure({ mode: 'serial' });
  let pool: TempPool;

  test.beforeAll(() => {
    for (const g of ALL) removeGuestFully(g);
    pool = createTempPool(POOL);
  });
  test.afterAll(() => {
    for (const g of ALL) removeGuestFully(g);
    pool?.remove();
  });

  test('customize before install: edit memory and vCPUs, Begin Installation boots the guest with them', async ({ manager, page }) => {
    test.setTimeout(240_000);
    await createCustomized(page, CUSTOM);
    const details = new DetailsPage(page, CUSTOM);
    await details.expectOpen();
    await manager.expectState(CUSTOM, 'Shut off');
    await expect(details.button('Begin Installation')).toBeVisible();

    await details.open('Memory');
    await expect(details.field('Current memory (MiB)')).toHaveValue('96');
    await details.field('Current memory (MiB)').fill('120');
    // Raising the current allocation above the maximum raised the maximum with it.
    await expect(details.field('Maximum memory (MiB)')).toHaveValue('120');
    // Leaving the section with unapplied changes asks first.
    await details.section('CPUs').click();
    const unsaved = details.prompt('Unapplied changes');
    await expect(unsaved).toContainText(CUSTOM);
    // The details view under the prompt is inert until the prompt closes (the lines below use it again).
    await expect(page.locator('.modal-backdrop').first()).toHaveJSProperty('inert', true);
    await expect(page.locator('.modal-backdrop').last()).toHaveJSProperty('inert', false);
    await unsaved.getByRole('button', { name: 'Apply' }).click();
    await expect(unsaved).toBeHidden();
    await expect(details.section('CPUs')).toHaveAttribute('aria-selected', 'true');
    await expect(details.status()).toHaveText('Changes applied.');
    await details.field('Current vCPUs').fill('2');
    await details.button('Apply').click();
    await expect(details.status()).toHaveText('Changes applied.');
    const inactive = virsh('dumpxml', '--inactive', CUSTOM);
    expect(inactive).toContain("<memory unit='KiB'>122880</memory>");
    expect(inactive).toMatch(/<vcpu placement='static'>2<\/vcpu>/);

    await details.button('Begin Installation').click();
    await expect(details.dialog).toBeHidden({ timeout: 30_000 });
    const view = new ConsolePage(page, CUSTOM);
    await expect(view.tab).toHaveAttribute('aria-selected', 'true', { timeout: 20_000 });
    await expect.poll(() => domState(CUSTOM), { timeout: 20_000 }).toBe('running');
    await view.chooseConsole('Serial port 0');
    await view.expectConnected();
    await view.runUntil('echo VD-$((6*7))-SH', 'VD-42-SH', 120_000);
    const live = virsh('dumpxml', CUSTOM);
    expect(live).toContain("<memory unit='KiB'>122880</memory>");
    expect(live).toContain("<currentMemory unit='KiB'>122880</currentMemory>");
    expect(live).toMatch(/<vcpu placement='static'>2<\/vcpu>/);
    // The guest itself sees two CPUs.
    await view.runUntil('echo CPUS-$(grep -c ^processor /proc/cpuinfo)-END', 'CPUS-2-END', 60_000);
  });

  test('Cancel Installation asks, naming the guest and its disk, then deletes both', async ({ manager, page }) => {
    test.setTimeout(180_000);
    await createCustomized(page, CANCELLED);
    const details = new DetailsPage(page, CANCELLED);
    await details.expectOpen();
    expect(poolVolumes(POOL)).toContain(`${CANCELLED}.qcow2`);
    const disk = `${pool.dir}/${CANCELLED}.qcow2`;

    await details.button('Cancel Installation').click();
    const confirm = details.prompt(`Cancel the installation of ${CANCELLED}?`);
    await expect(confirm).toContainText(`This deletes the definition of ${CANCELLED} and its disk ${disk}`);
    await expect(confirm.getByRole('checkbox', { name: disk })).toBeChecked();
    // The kernel and initrd are not the wizard's: they are not offered.
    await expect(confirm.getByRole('checkbox', { name: new RegExp(TINY_KERNEL) })).toHaveCount(0);
    // Keep it: nothing happens.
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await expect(confirm).toBeHidden();
    expect(allGuests()).toContain(CANCELLED);

    await details.button('Cancel Installation').click();
    await confirm.getByRole('button', { name: 'Delete guest and disk' }).click();
    await expect(details.dialog).toBeHidden({ timeout: 30_000 });
    await expect(manager.row(CANCELLED)).toHaveCount(0, { timeout: 30_000 });
    expect(allGuests()).not.toContain(CANCELLED);
    expect(poolVolumes(POOL)).not.toContain(`${CANCELLED}.qcow2`);
    // The kernel and initrd it booted from are not touched.
    expect(existsSync(TINY_KERNEL) && existsSync(TINY_INITRD)).toBe(true);
  });

  test('Details from the manager on an existing guest: a broken XML shows libvirt’s error and changes nothing', async ({ manager, page }) => {
    test.setTimeout(120_000);
    defineTinyGuest(EXISTING);
    await expect(manager.row(EXISTING)).toBeVisible({ timeout: 20_000 });

    // From the context menu…
    const menu = await manager.contextMenu(EXISTING);
    await menu.getByRole('menuitem', { name: 'Details' }).click();
    const details = new DetailsPage(page, EXISTING);
    await details.expectOpen();
    await expect(details.field('Title')).toHaveValue('virtdesk test guest');
    // Not an install run: no Begin Installation.
    await expect(details.button('Begin Installation')).toHaveCount(0);
    await expect(details.section('Serial 0')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(details.dialog).toBeHidden();

    // …and with Ctrl+D on the selected row.
    await manager.row(EXISTING).click();
    await page.keyboard.press('Control+d');
    await details.expectOpen();
    await details.open('XML');
    const before = virsh('dumpxml', '--inactive', EXISTING);
    const xmlField = details.field('Domain XML');
    await expect(xmlField).toHaveValue(/<domain type='qemu'/);
    const text = await xmlField.inputValue();
    await xmlField.fill(text.replace('</os>', '</os>\n  <no-such-element/>'));
    await details.button('Apply').click();
    await expect(details.alert()).toContainText(`Could not apply the XML of ${EXISTING}`);
    await expect(details.alert()).toContainText(/schema/i);
    expect(virsh('dumpxml', '--inactive', EXISTING)).toBe(before);

    // Escape with the unapplied edit asks; Discard closes.
    await page.keyboard.press('Escape');
    const unsaved = details.prompt('Unapplied changes');
    await unsaved.getByRole('button', { name: 'Discard' }).click();
    await expect(details.dialog).toBeHidden();
    expect(virsh('dumpxml', '--inactive', EXISTING)).toBe(before);

    // A running guest: the edit goes to its persistent config, and the view says when it applies.
    virsh('start', EXISTING);
    await manager.expectState(EXISTING, 'Running');
    await manager.row(EXISTING).click();
    await page.getByRole('button', { name: 'Details', exact: true }).click();
    await details.expectOpen();
    await expect(details.dialog).toContainText('The guest is running');
    await expect(details.field('Name')).toHaveAttribute('readonly', '');
    await details.open('Memory');
    await details.field('Current memory (MiB)').fill('80');
    await details.button('Apply').click();
    await expect(details.status()).toHaveText('Changes saved. They take effect after the guest shuts down.');
    expect(virsh('dumpxml', '--inactive', EXISTING)).toContain("<currentMemory unit='KiB'>81920</currentMemory>");
    expect(virsh('dumpxml', EXISTING)).toContain("<currentMemory unit='KiB'>98304</currentMemory>");
  });
});
