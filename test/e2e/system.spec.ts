import { test, expect } from './fixtures';
import { SYSTEM_URI, defineTinyGuest, domState, removeGuest, requireSystem, virsh, waitForGuestShell } from '../support/system-libvirt';

// Real libvirtd, real QEMU (TCG) guest: the tiny guest from test/guest.
const GUEST = 'vd-e2e-manager';

test.describe('manager on a real libvirtd', () => {
  test.beforeAll(() => requireSystem());
  test.use({ connect: [SYSTEM_URI] });
  test.beforeAll(() => {
    defineTinyGuest(GUEST);
  });
  test.afterAll(() => removeGuest(GUEST));

  test('a guest started with virsh shows as running without reload, and Shut Down from the UI stops it', async ({ manager }) => {
    await expect(manager.connectionRow(SYSTEM_URI)).toContainText('Connected');
    await manager.expectState(GUEST, 'Shut off');
    virsh('start', GUEST);
    await manager.expectState(GUEST, 'Running');
    // ACPI power-off is only heard once the guest has booted and runs its handler.
    await waitForGuestShell(GUEST);
    await manager.row(GUEST).click();
    await manager.button('Shut Down').click();
    await expect(manager.state(GUEST)).toHaveText('Shut off', { timeout: 30_000 });
    expect(domState(GUEST)).toBe('shut off');
  });
});
