import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { PrivateLibvirtd } from '../support/private-libvirtd';
import { startServer, type RunningServer } from '../support/server-process';
import { ManagerPage } from './pages/manager-page';

// A real libvirtd of the test's own, so killing it disturbs nobody else.
let daemon: PrivateLibvirtd;
let server: RunningServer;

test.beforeAll(async () => {
  daemon = await PrivateLibvirtd.start();
  const file = join(daemon.dir, 'vd-e2e-rc.xml');
  writeFileSync(file, `<domain type='qemu'><name>vd-e2e-rc</name><memory unit='MiB'>32</memory><os><type arch='x86_64'>hvm</type></os></domain>`);
  daemon.virsh('define', file);
  server = await startServer([daemon.uri()]);
});

test.afterAll(async () => {
  await server?.stop();
  await daemon?.dispose();
});

test('a host that dies keeps its rows greyed and actionless, then reconnects by itself', async ({ page }) => {
  await page.goto(server.url);
  const manager = new ManagerPage(page);
  const host = manager.connectionRow('socket=');
  await expect(host).toContainText('Connected');
  await manager.expectState('vd-e2e-rc', 'Shut off');
  await manager.row('vd-e2e-rc').click();
  await expect(manager.button('Run')).toBeEnabled();

  await daemon.kill('SIGKILL');
  await expect(host).toContainText('The host closed the connection');
  await expect(host).toContainText('Reconnecting…');
  await expect(manager.row('vd-e2e-rc')).toHaveClass(/is-stale/);
  await manager.expectState('vd-e2e-rc', 'Shut off');
  await expect(manager.button('Run')).toBeDisabled();

  await daemon.launch();
  await expect(host).toContainText('Connected');
  await expect(manager.row('vd-e2e-rc')).not.toHaveClass(/is-stale/);
  await expect(manager.button('Run')).toBeEnabled();
  await page.screenshot({ path: 'test-results/reconnected.png' });
});
