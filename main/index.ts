// Electron entry. Thin on purpose: everything that is not Electron-specific
// lives in the services, which server.ts runs in plain Node as well.
import { app, dialog } from 'electron';
import { join } from 'node:path';
import { createAppServices } from './app-services';
import { parseCliArgs } from './cli-args';
import { bindIpcTransport } from './electron/ipc-transport';
import { registerAppScheme, serveRenderer } from './electron/protocol';
import { createSecretVault } from './electron/safe-storage-vault';
import { createMainWindow, denyAllPermissions } from './electron/window';
import { libvirt } from './libvirt';
import { stderrLogger } from './services/event-sink';

registerAppScheme();
// A second launch hands its window request to the first instance and leaves.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

async function main(): Promise<void> {
  let connect: string[];
  try {
    connect = parseCliArgs(process.argv.slice(app.isPackaged ? 1 : 2)).connect;
  } catch (err) {
    dialog.showErrorBox('Virtdesk', (err as Error).message);
    app.exit(2);
    return;
  }
  // Connecting starts before Electron is ready: libvirt opens on its worker
  // thread (a large host takes hundreds of ms) while Chromium starts up; the
  // window gets the connection's state as it goes. IPC handlers can be bound
  // now; the vault waits for ready itself (safeStorage needs it).
  const services = createAppServices(libvirt, stderrLogger, { secretVault: createSecretVault() });
  const ipc = bindIpcTransport(services.host, services.consoles);
  void services.start(connect);
  await app.whenReady();
  denyAllPermissions();
  serveRenderer(join(__dirname, '..', 'renderer'));
  const open = () => ipc.trust(createMainWindow(join(__dirname, '..', 'preload', 'index.js')).webContents);
  open();
  app.on('second-instance', open);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    event.preventDefault();
    ipc.dispose();
    void services.stop().finally(() => app.exit(0));
  });
}

if (primary) void main();
