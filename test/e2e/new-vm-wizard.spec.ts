import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { ConsolePage } from './pages/console-page';
import { WizardPage } from './pages/wizard-page';
import { SYSTEM_URI, defineTinyGuest, requireSystem, virsh } from '../support/system-libvirt';
import { DEBIAN11_VOLUME_ID, TINY_INITRD, TINY_KERNEL, allGuests, createTempPool, makeIso, poolVolumes, removeGuestFully, type TempPool } from '../support/install-pool';

// The New VM wizard against a real libvirtd: everything it makes is named
// vdtw-*, in a vdtw- dir pool under a temp dir, and removed afterwards.
const POOL = 'vdtw-e2e-pool';
const BOOTED = 'vdtw-e2e-wizard';
const IMPORTED = 'vdtw-e2e-import';
const CONVERTED = 'vdtw-e2e-vmdk';
const EXISTING = 'vdtw-e2e-existing';
const NEVER = ['vdtw-e2e-bad', 'vdtw-e2e-url'];
const ALL = [BOOTED, IMPORTED, CONVERTED, EXISTING, ...NEVER];

test.describe('New VM wizard on a real libvirtd', () => {
  test.beforeAll(() => requireSystem());
  test.use({ connect: [SYSTEM_URI] });
  test.describe.configure({ mode: 'serial' });
  let pool: TempPool;
  let work: string;

  test.beforeAll(() => {
    for (const g of ALL) removeGuestFully(g);
    pool = createTempPool(POOL);
    work = mkdtempSync(join(tmpdir(), 'vdtw-e2e-'));
  });
  test.afterAll(() => {
    for (const g of ALL) removeGuestFully(g);
    pool?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('direct kernel boot with a new 64 MiB qcow2 disk: boots, shows the banner, then is deleted with its disk', async ({ manager, page }) => {
    test.setTimeout(240_000);
    const w = await WizardPage.open(page);
    await w.directKernelBoot();
    // This host lists KVM, but tests never use /dev/kvm: TCG.
    await w.field('Virt type').selectOption('qemu');
    await w.forward(2);
    await w.field('Kernel path').fill(TINY_KERNEL);
    await w.field('Initrd path').fill(TINY_INITRD);
    await w.field('Kernel arguments').fill('console=ttyS0,115200 quiet nokaslr');
    await w.forward(3);
    await w.field('Memory (MiB)').fill('112');
    await w.field('vCPUs').fill('1');
    await w.forward(4);
    await w.choosePool(POOL);
    await w.field('Disk size').fill('64');
    await w.field('Size unit').selectOption('MiB');
    await w.field('Format').selectOption('qcow2');
    await w.forward(5);
    await w.field('Name').fill(BOOTED);
    await w.field('Network').selectOption({ label: 'No network' });
    await w.button('Finish').click();
    await expect(w.dialog).toBeHidden({ timeout: 60_000 });

    // The console tab opens by itself; the serial port shows the boot banner.
    const view = new ConsolePage(page, BOOTED);
    await expect(view.tab).toHaveAttribute('aria-selected', 'true', { timeout: 20_000 });
    await view.chooseConsole('Serial port 0');
    await view.expectConnected();
    try {
      await expect(view.rows).toContainText('VIRTDESK-GUEST READY', { timeout: 90_000 });
    } catch {
      // The banner went by before the console attached: reboot from the shell and watch the next boot.
      await view.runUntil('', 'vd-guest#', 60_000, 3_000);
      await view.typeLine('reboot -f');
      await expect(view.rows).toContainText('VIRTDESK-GUEST READY', { timeout: 90_000 });
    }

    const xml = virsh('dumpxml', BOOTED);
    expect(xml).toContain(`<source file='${pool.dir}/${BOOTED}.qcow2'`);
    expect(xml).toContain("<driver name='qemu' type='qcow2'");
    expect(xml).toContain("<memory unit='KiB'>114688</memory>");
    expect(xml).not.toContain('<interface');
    expect(poolVolumes(POOL)).toEqual([`${BOOTED}.qcow2`]);

    // Delete with its storage: the volume goes.
    await page.getByRole('tab', { name: 'Virtual machines', exact: true }).click();
    await manager.row(BOOTED).click();
    await page.keyboard.press('Delete');
    const del = manager.dialog(`Delete ${BOOTED}?`);
    await expect(del.getByRole('checkbox', { name: 'Delete associated storage' })).toBeChecked();
    const disk = del.getByRole('checkbox', { name: `Delete ${pool.dir}/${BOOTED}.qcow2` });
    await expect(disk).toBeChecked();
    await expect(del.getByRole('checkbox', { name: `Delete ${TINY_KERNEL}` })).not.toBeChecked();
    await expect(del).toContainText(`${pool.dir}/${BOOTED}.qcow2`);
    await del.getByRole('button', { name: 'Delete' }).click();
    await expect(manager.row(BOOTED)).toHaveCount(0, { timeout: 30_000 });
    expect(allGuests()).not.toContain(BOOTED);
    expect(poolVolumes(POOL)).toEqual([]);
  });

  test('import a qcow2 image (defined around it) and a VMDK (converted to qcow2 in the pool)', async ({ manager, page }) => {
    test.setTimeout(120_000);
    const qcow = join(work, 'import.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', qcow, '32M']);
    const vmdk = join(work, 'disk.vmdk');
    execFileSync('qemu-img', ['create', '-q', '-f', 'vmdk', vmdk, '40M']);

    for (const [name, path] of [[IMPORTED, qcow], [CONVERTED, vmdk]] as const) {
      const w = await WizardPage.open(page, name === IMPORTED ? 'shortcut' : 'button');
      await w.method('Import existing disk image');
      await w.forward(2);
      await w.field('Existing disk image path').fill(path);
      await w.choosePool(POOL, 'Pool for converted images');
      await w.forward(3);
      await w.field('Memory (MiB)').fill('96');
      await w.forward(5); // storage is skipped for imports
      await w.field('Name').fill(name);
      await w.field('Network').selectOption({ label: 'No network' });
      await w.dialog.getByRole('checkbox', { name: /Customize configuration before install/ }).check();
      await w.button('Finish').click();
      await expect(w.dialog).toBeHidden({ timeout: 60_000 });
      await expect(manager.row(name)).toBeVisible({ timeout: 20_000 });
      await manager.expectState(name, 'Shut off');
      // Customize opened the details view on it.
      const details = page.getByRole('dialog', { name: `${name} details` });
      await details.getByRole('button', { name: 'Close', exact: true }).click();
      await expect(details).toBeHidden();
    }
    expect(virsh('dumpxml', IMPORTED)).toContain(`<source file='${qcow}'/>`);
    expect(poolVolumes(POOL)).toEqual([`${CONVERTED}.qcow2`]);
    const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', '-U', join(pool.dir, `${CONVERTED}.qcow2`)], { encoding: 'utf8' })) as { format: string };
    expect(info.format).toBe('qcow2');
    expect(virsh('dumpxml', CONVERTED)).toContain(`<source file='${pool.dir}/${CONVERTED}.qcow2'/>`);
    removeGuestFully(IMPORTED);
    removeGuestFully(CONVERTED);
    virsh('vol-delete', `${CONVERTED}.qcow2`, '--pool', POOL);
  });

  test('detects Debian 11 from an ISO carrying its volume ID', async ({ manager: _manager, page }) => {
    const iso = join(work, 'debian11.iso');
    makeIso(iso, DEBIAN11_VOLUME_ID);
    const w = await WizardPage.open(page);
    await w.method('Local install media (ISO image or CD-ROM)');
    await w.forward(2);
    await w.field('ISO image path').fill(iso);
    await w.forward(3);
    await expect(w.dialog).toContainText('Debian 11 recommends 1024 MiB');
    await w.forward(4);
    await w.forward(5);
    await expect(w.field('Name')).toHaveValue('debian11');
    await expect(w.dialog.getByRole('definition').filter({ hasText: 'Debian 11' })).toBeVisible();
    await w.button('Cancel').click();
    await expect(w.dialog).toBeHidden();
  });

  test('bad input: existing name, a slash, memory above the host, a disk too big for the pool, a URL that does not answer', async ({ manager: _manager, page }) => {
    test.setTimeout(120_000);
    defineTinyGuest(EXISTING);
    const hostMiB = Math.floor(Number(/Memory size:\s+(\d+) KiB/.exec(virsh('nodeinfo'))![1]) / 1024);
    const free = virsh('pool-info', POOL, '--bytes');
    expect(free).toContain('running');
    const before = allGuests();

    const w = await WizardPage.open(page);
    await w.method('Manual install');
    await w.forward(2);
    await w.forward(3);
    await w.field('Memory (MiB)').fill(String(hostMiB + 1024));
    await expect(w.dialog.getByRole('status').filter({ hasText: new RegExp(`Warning: ${hostMiB + 1024} MiB is more than the host's physical memory \\(\\d+ MiB\\)`) })).toBeVisible();
    await w.forward(4); // a warning, not a block
    await w.choosePool(POOL);
    await w.field('Disk size').fill('100000');
    await w.field('Size unit').selectOption('GiB');
    await w.forward(5);
    await w.field('Network').selectOption({ label: 'No network' });

    await w.field('Name').fill('vdtw/e2e');
    await w.button('Finish').click();
    await expect(w.alerts().filter({ hasText: "Invalid name: the name cannot contain '/'" })).toBeVisible();

    await w.field('Name').fill(EXISTING);
    await w.button('Finish').click();
    const problems = w.dialog.getByRole('alert').filter({ hasText: 'Error:' });
    await expect(problems).toContainText(`A guest named ${EXISTING} already exists`, { timeout: 20_000 });
    await expect(problems).toContainText(new RegExp(`The disk needs 100000 GiB, but pool '${POOL}' has only [\\d.]+ (GiB|MiB) free \\(of [\\d.]+ (GiB|MiB)\\)`));
    // The figure is read again by the app: this VM's memory can change (hot-plug, balloon) between the two reads.
    await expect(problems).toContainText(new RegExp(`Warning: ${hostMiB + 1024} MiB is more than the host's physical memory \\(\\d+ MiB\\)`));

    await w.field('Name').fill('vdtw-e2e-bad');
    await w.button('Finish').click();
    await expect(problems).toContainText('The disk needs 100000 GiB');
    await expect(problems).not.toContainText('already exists');

    // A URL that does not answer (a port just closed).
    const port = await closedPort();
    for (let i = 0; i < 4; i++) await w.button('Back').click();
    await w.expectStep(1);
    await w.method('Network install (HTTP, HTTPS or FTP)');
    await w.forward(2);
    await w.field('Install URL').fill(`http://127.0.0.1:${port}/debian.iso`);
    await w.forward(3);
    await w.field('Memory (MiB)').fill('128');
    await w.forward(4);
    await w.dialog.getByRole('checkbox', { name: 'Enable storage for this virtual machine' }).uncheck();
    await w.forward(5);
    await w.field('Name').fill('vdtw-e2e-url');
    await w.button('Finish').click();
    await expect(problems).toContainText(`The URL http://127.0.0.1:${port}/debian.iso does not answer: connection refused`, { timeout: 20_000 });
    await w.button('Cancel').click();

    // Nothing left behind (other engineers' guests come and go on this daemon: only ours are compared).
    const ours = allGuests().filter((g) => g.startsWith('vdtw-e2e-'));
    expect(ours.sort()).toEqual(before.filter((g) => g.startsWith('vdtw-e2e-')).sort());
    for (const g of NEVER) expect(ours).not.toContain(g);
    expect(poolVolumes(POOL)).toEqual([]);
  });
});

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}
