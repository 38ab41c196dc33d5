import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { ConsolePage } from './pages/console-page';
import { WizardPage } from './pages/wizard-page';
import { SYSTEM_URI, requireSystem, virsh } from '../support/system-libvirt';
import { TINY_INITRD, TINY_KERNEL, allGuests, createTempPool, poolVolumes, removeGuestFully, type TempPool } from '../support/install-pool';

// The wizard's UEFI choice and its Cancel button, on the real libvirtd: what
// it makes is named vdtr-e2e-*, in a vdtr- dir pool, and removed afterwards.
const POOL = 'vdtr-e2e-pool';
const UEFI = 'vdtr-e2e-uefi';
const CANCELLED = 'vdtr-e2e-cancel';
const ALL = [UEFI, CANCELLED];
// The server's temporary files (the VMDK conversion's) go here, so the test can see that none is left.
const SERVER_TMP = join(tmpdir(), `vdtr-e2e-servertmp-${process.pid}`);

test.describe('New VM wizard: UEFI and cancel, on a real libvirtd', () => {
  test.beforeAll(() => requireSystem());
  test.use({ connect: [SYSTEM_URI], serverEnv: { TMPDIR: SERVER_TMP } });
  test.describe.configure({ mode: 'serial' });
  let pool: TempPool;
  let work: string;

  test.beforeAll(() => {
    for (const g of ALL) removeGuestFully(g);
    pool = createTempPool(POOL);
    work = mkdtempSync(join(tmpdir(), 'vdtr-e2e-'));
    mkdirSync(SERVER_TMP, { recursive: true });
  });
  test.afterAll(() => {
    for (const g of ALL) removeGuestFully(g);
    pool?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
    rmSync(SERVER_TMP, { recursive: true, force: true });
  });

  test('UEFI is offered (OVMF installed); a UEFI guest boots the tiny kernel to its shell', async ({ manager: _manager, page }) => {
    test.setTimeout(420_000);
    const w = await WizardPage.open(page);
    await w.directKernelBoot();
    await w.field('Virt type').selectOption('qemu');
    await w.forward(2);
    await w.field('Kernel path').fill(TINY_KERNEL);
    await w.field('Initrd path').fill(TINY_INITRD);
    await w.field('Kernel arguments').fill('console=ttyS0');
    await w.forward(3);
    await w.field('Memory (MiB)').fill('256');
    await w.field('vCPUs').fill('1');
    await w.forward(4);
    await w.dialog.getByRole('checkbox', { name: 'Enable storage for this virtual machine' }).uncheck();
    await w.forward(5);
    await w.field('Name').fill(UEFI);
    await w.field('Network').selectOption({ label: 'No network' });
    const firmware = w.field('Firmware');
    await expect(firmware.getByRole('option', { name: 'UEFI', exact: true })).toBeEnabled();
    await firmware.selectOption({ label: 'UEFI' });
    await w.button('Finish').click();
    await expect(w.dialog).toBeHidden({ timeout: 60_000 });

    const xml = virsh('dumpxml', UEFI);
    expect(xml).toMatch(/<loader readonly='yes'( secure='(yes|no)')? type='pflash'>\/usr\/share\/OVMF\/OVMF_CODE[^<]*\.fd<\/loader>/);
    expect(xml).toContain(`/var/lib/libvirt/qemu/nvram/${UEFI}_VARS.fd</nvram>`);

    // OVMF, the kernel's EFI stub, then the busybox shell on the serial console
    const view = new ConsolePage(page, UEFI);
    await expect(view.tab).toHaveAttribute('aria-selected', 'true', { timeout: 20_000 });
    await view.chooseConsole('Serial port 0');
    await view.expectConnected();
    await view.runUntil('echo UEFI-$((40+2))-UP', 'UEFI-42-UP', 360_000, 5_000);
  });

  test('Cancel while a VMDK is converted and copied: says so, and leaves no guest, volume or temp dir', async ({ manager: _manager, page }) => {
    test.setTimeout(180_000);
    // 384 MiB of random data: conversion and upload take a while even on an idle host
    const raw = join(work, 'data.raw');
    const vmdk = join(work, 'big.vmdk');
    execFileSync('dd', ['if=/dev/urandom', `of=${raw}`, 'bs=1M', 'count=384', 'status=none']);
    execFileSync('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'vmdk', raw, vmdk]);
    rmSync(raw);
    try {
      const w = await WizardPage.open(page);
      await w.method('Import existing disk image');
      await w.forward(2);
      await w.field('Existing disk image path').fill(vmdk);
      await w.choosePool(POOL, 'Pool for converted images');
      await w.forward(3);
      await w.field('Memory (MiB)').fill('96');
      await w.forward(5);
      await w.field('Name').fill(CANCELLED);
      await w.field('Network').selectOption({ label: 'No network' });
      await w.dialog.getByRole('checkbox', { name: /Customize configuration before install/ }).check();
      await w.button('Finish').click();

      // The progress view: its step, a progress bar, and Cancel
      await expect(w.dialog.getByRole('progressbar', { name: 'Progress' })).toBeVisible({ timeout: 30_000 });
      await w.button('Cancel').click();
      await expect(w.alerts()).toHaveText('Cancelled.', { timeout: 60_000 });
      await expect(w.button('Back to the wizard')).toBeVisible();
      await w.button('Close').click();
      await expect(w.dialog).toBeHidden();

      expect(allGuests()).not.toContain(CANCELLED);
      expect(poolVolumes(POOL)).toEqual([]);
      expect(readdirSync(SERVER_TMP).filter((d) => d.startsWith('virtdesk-convert-'))).toEqual([]);
    } finally {
      rmSync(vmdk, { force: true });
    }
  });
});
