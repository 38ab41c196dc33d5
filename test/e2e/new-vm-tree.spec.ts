import { existsSync, readdirSync, rmSync } from 'node:fs';
import { test, expect } from './fixtures';
import { ConsolePage } from './pages/console-page';
import { WizardPage } from './pages/wizard-page';
import { SYSTEM_URI, requireSystem, virsh } from '../support/system-libvirt';
import { TINY_INITRD, TINY_KERNEL, allGuests, removeGuestFully } from '../support/install-pool';
import { FEDORA37_TREEINFO, closedPort, serveTree, type TreeServer } from '../support/tree-server';

// Network install from an install tree, against a real libvirtd: a local HTTP
// server serves a Fedora 37-shaped tree whose kernel and initrd are the tiny
// guest's. Guests are vdtu-*, removed afterwards; our downloads in
// /var/lib/libvirt/boot (virtdesk-vdtu-*) too.
const BOOT_DIR = '/var/lib/libvirt/boot';
const GUEST = 'vdtu-e2e-tree';
const REFUSED = 'vdtu-e2e-refused';
const ourBootFiles = () => (existsSync(BOOT_DIR) ? readdirSync(BOOT_DIR).filter((f) => f.startsWith('virtdesk-vdtu-')) : []);

test.describe('Network install from an install tree on a real libvirtd', () => {
  test.beforeAll(() => requireSystem());
  test.use({ connect: [SYSTEM_URI] });
  test.describe.configure({ mode: 'serial' });
  let tree: TreeServer;

  test.beforeAll(async () => {
    for (const g of [GUEST, REFUSED]) removeGuestFully(g);
    tree = await serveTree({
      '/fedora/37/Server/x86_64/os/.treeinfo': { text: FEDORA37_TREEINFO },
      '/fedora/37/Server/x86_64/os/images/pxeboot/vmlinuz': { file: TINY_KERNEL },
      '/fedora/37/Server/x86_64/os/images/pxeboot/initrd.img': { file: TINY_INITRD },
    });
  });
  test.afterAll(async () => {
    for (const g of [GUEST, REFUSED]) removeGuestFully(g);
    for (const f of ourBootFiles()) rmSync(`${BOOT_DIR}/${f}`, { force: true });
    await tree?.close();
  });

  test('detects Fedora 37 from the tree, boots its kernel with inst.repo and the kernel arguments, and boots from the disk after the install run', async ({ manager, page }) => {
    test.setTimeout(300_000);
    const url = `${tree.origin}/fedora/37/Server/x86_64/os/`;
    const before = ourBootFiles();
    const w = await WizardPage.open(page);
    await w.method('Network install (HTTP, HTTPS or FTP)');
    await w.dialog.getByText('Architecture options').click();
    await w.field('Virt type').selectOption('qemu'); // TCG: tests never use /dev/kvm
    await w.forward(2);
    await w.field('Install URL').fill(url);
    await w.field('Install URL').press('Enter');
    await w.expectStep(2); // Enter inspects, it does not leave the step
    await expect(w.dialog.getByRole('status').filter({ hasText: 'Detected: Fedora Linux 37' })).toBeVisible({ timeout: 20_000 });
    await expect(w.dialog.getByRole('status').filter({ hasText: 'An install tree' })).toBeVisible();
    await w.field('Kernel arguments').fill('console=ttyS0,115200 quiet nokaslr');
    await w.forward(3);
    await expect(w.dialog).toContainText('Fedora Linux 37 recommends');
    await w.field('Memory (MiB)').fill('112');
    await w.field('vCPUs').fill('1');
    await w.forward(4);
    await w.dialog.getByRole('checkbox', { name: 'Enable storage for this virtual machine' }).uncheck();
    await w.forward(5);
    await expect(w.field('Name')).toHaveValue(/^fedora37/);
    await w.field('Name').fill(GUEST);
    await w.field('Network').selectOption({ label: 'No network' });
    await w.button('Finish').click();
    await expect(w.dialog).toBeHidden({ timeout: 90_000 });

    // The install run: the downloaded kernel with inst.repo=<tree> and the user's arguments.
    const files = ourBootFiles().filter((f) => !before.includes(f));
    expect(files).toHaveLength(2);
    const live = virsh('dumpxml', GUEST);
    expect(live).toMatch(new RegExp(`<kernel>${BOOT_DIR}/virtdesk-${GUEST}-[0-9a-f]{8}-vmlinuz</kernel>`));
    expect(live).toMatch(new RegExp(`<initrd>${BOOT_DIR}/virtdesk-${GUEST}-[0-9a-f]{8}-initrd.img</initrd>`));
    expect(live).toContain(`<cmdline>inst.repo=${url} console=ttyS0,115200 quiet nokaslr</cmdline>`);
    expect(live).toContain('<libosinfo:os id="http://fedoraproject.org/fedora/37"/>');

    // The console tab opens by itself; the serial port shows the guest's busybox shell.
    const view = new ConsolePage(page, GUEST);
    await expect(view.tab).toHaveAttribute('aria-selected', 'true', { timeout: 20_000 });
    await view.chooseConsole('Serial port 0');
    await view.expectConnected();
    await view.runUntil('echo VD-$((6*7))', 'VD-42', 150_000);
    await expect(view.rows).toContainText('vd-guest#');

    // The installer is done: the guest powers off; its definition loses the kernel boot and the files go.
    await view.typeLine('poweroff -f');
    await expect.poll(() => virsh('dumpxml', '--inactive', GUEST), { timeout: 60_000 }).not.toContain('<kernel>');
    const after = virsh('dumpxml', '--inactive', GUEST);
    expect(after).not.toMatch(/<initrd>|<cmdline>|virtdesk-install/);
    expect(after).toContain("<boot dev='hd'/>");
    await expect.poll(() => ourBootFiles().filter((f) => !before.includes(f)), { timeout: 30_000 }).toEqual([]);
    await manager.page.getByRole('tab', { name: 'Virtual machines', exact: true }).click();
    await expect(manager.row(GUEST)).toBeVisible();
    removeGuestFully(GUEST);

    // The next wizard suggests the URL it was made from (virt-manager's recent URLs).
    const again = await WizardPage.open(page);
    await again.method('Network install (HTTP, HTTPS or FTP)');
    await again.forward(2);
    await expect(again.field('Install URL')).toHaveAttribute('list', 'recent-urls');
    await expect(again.dialog.locator('#recent-urls option').first()).toHaveAttribute('value', url);
    await again.dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test('a server that refuses connections: the error shows next to the URL, nothing is defined or downloaded', async ({ manager: _manager, page }) => {
    const before = ourBootFiles();
    const guestsBefore = allGuests().filter((g) => g.startsWith('vdtu-e2e-'));
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/fedora/37/os/`;
    const w = await WizardPage.open(page);
    await w.method('Network install (HTTP, HTTPS or FTP)');
    await w.forward(2);
    await w.field('Install URL').fill(url);
    await w.field('Kernel arguments').click(); // leaving the URL field inspects it
    const error = w.dialog.getByRole('alert').filter({ hasText: `The URL ${url} does not answer: connection refused` });
    await expect(error).toBeVisible({ timeout: 20_000 });
    await expect(w.field('Install URL')).toHaveAttribute('aria-invalid', 'true');
    await w.forward();
    await w.expectStep(2);
    await expect(error).toBeVisible();
    await w.button('Cancel').click();
    await expect(w.dialog).toBeHidden();
    expect(allGuests()).not.toContain(REFUSED);
    expect(allGuests().filter((g) => g.startsWith('vdtu-e2e-'))).toEqual(guestsBefore);
    expect(ourBootFiles()).toEqual(before);
  });
});
