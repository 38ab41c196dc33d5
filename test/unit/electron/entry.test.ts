import { describe, expect, it, vi } from 'vitest';

// The Electron entry (main/index.ts) with electron and the services faked:
// the order of startup is what is under test.
const steps = vi.hoisted(() => {
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  return { log: [] as string[], ready, resolveReady };
});

vi.mock('electron', () => ({
  app: {
    requestSingleInstanceLock: () => true,
    isPackaged: false,
    whenReady: () => {
      steps.log.push('whenReady asked');
      return steps.ready;
    },
    on: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
  },
  dialog: { showErrorBox: vi.fn() },
}));
vi.mock('../../../main/electron/protocol', () => ({
  registerAppScheme: () => steps.log.push('scheme registered'),
  serveRenderer: () => steps.log.push('renderer served'),
}));
vi.mock('../../../main/electron/safe-storage-vault', () => ({ createSecretVault: () => ({}) }));
vi.mock('../../../main/electron/window', () => ({
  createMainWindow: () => {
    steps.log.push('window created');
    return { webContents: {} };
  },
  denyAllPermissions: () => steps.log.push('permissions denied'),
}));
vi.mock('../../../main/electron/ipc-transport', () => ({
  bindIpcTransport: () => {
    steps.log.push('ipc bound');
    return { trust: vi.fn(), dispose: vi.fn() };
  },
}));
vi.mock('../../../main/app-services', () => ({
  createAppServices: () => ({
    host: {},
    consoles: {},
    start: async (uris: string[]) => void steps.log.push(`connecting ${uris.join(' ')}`),
    stop: async () => undefined,
  }),
}));

describe('Electron entry', () => {
  it('starts connecting before Electron is ready, and opens the window once it is', async () => {
    process.argv = ['electron', '.', '--connect', 'test:///default'];
    await import('../../../main/index');
    await new Promise((r) => setTimeout(r, 0));
    // libvirt's open (hundreds of ms on a big host) overlaps Chromium's startup.
    expect(steps.log).toEqual(['scheme registered', 'ipc bound', 'connecting test:///default', 'whenReady asked']);
    steps.resolveReady();
    await new Promise((r) => setTimeout(r, 0));
    expect(steps.log.slice(4)).toEqual(['permissions denied', 'renderer served', 'window created']);
  });
});
