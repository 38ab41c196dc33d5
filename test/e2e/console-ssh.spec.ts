import { test as base, expect } from './fixtures';
import { ConsolePage } from './pages/console-page';
import { ManagerPage } from './pages/manager-page';
import { TestSshd } from '../support/sshd';
import { defineTinyGuest, removeGuest, requireSystem, virsh, waitForGuestShell } from '../support/system-libvirt';

// A remote host, for real: the browser-mode server opens qemu+ssh://root@127.0.0.1:PORT/system
// through a real sshd (test/support/sshd.ts), which leads to the same libvirtd and tiny guest.
// The server reads the sshd's host key from an ssh_config of the test's own (VIRTDESK_SSH_CONFIG),
// as it would from ~/.ssh/config: StrictHostKeyChecking stays on.
const GUEST = 'vdtc-e2e-ssh';

const test = base.extend<object, { sshd: TestSshd }>({
  sshd: [
    async ({}, use) => {
      const sshd = await TestSshd.start();
      await use(sshd);
      await sshd.stop();
    },
    { scope: 'worker' },
  ],
  // A host that answers and one that does not, opened side by side.
  connect: async ({ sshd }, use) => use([sshd.uri(), sshd.unansweredUri()]),
  serverEnv: async ({ sshd }, use) => use({ VIRTDESK_SSH_CONFIG: sshd.clientConfig }),
});

test.describe('consoles of a qemu+ssh:// host', () => {
  test.beforeAll(() => requireSystem());

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    defineTinyGuest(GUEST);
    virsh('start', GUEST);
    await waitForGuestShell(GUEST, 150_000);
  });
  test.afterAll(() => removeGuest(GUEST));

  test('serial and VNC share the one SSH connection libvirt uses; a host that does not answer says so at once', async ({ manager, page, context, sshd }) => {
    // The host that does not answer: a reason in ssh's own words, not a spinner.
    const deadRow = manager.connectionRow(sshd.unansweredUri());
    await expect(deadRow).toContainText('Disconnected', { timeout: 20_000 });
    await expect(deadRow.getByRole('alert')).toContainText(/Connection refused/);

    await expect(manager.connectionRow(sshd.uri())).toContainText('Connected');
    await manager.expectState(GUEST, 'Running');

    // VNC in this window...
    const vnc = await ConsolePage.open(manager, GUEST);
    await vnc.chooseConsole('Graphical console (VNC)');
    await vnc.expectConnected();
    await expect
      .poll(async () => {
        const s = await vnc.canvasStats();
        return s.width >= 320 && s.height >= 200 && s.colours >= 2 && s.nonBackground > 200;
      }, { timeout: 30_000 })
      .toBe(true);

    // ...and the serial console in a second one, at the same time.
    const page2 = await context.newPage();
    await page2.goto(manager.page.url());
    const serial = await ConsolePage.open(new ManagerPage(page2), GUEST);
    await serial.chooseConsole('Serial port 0');
    await serial.expectConnected();
    await serial.runUntil('', 'vd-guest#', 30_000, 2_000);
    await serial.runUntil('echo hello-$((6*7))', 'hello-42', 30_000);

    // libvirt, VNC and serial all open: still exactly one TCP connection to sshd.
    await vnc.expectConnected(5_000);
    expect(sshd.sessions()).toBe(1);
    await page2.close();
    expect(page.isClosed()).toBe(false);
  });
});
