import { describe, expect, it, vi } from 'vitest';

// Faked electron module: records what the window factory asks for.
const created: { options: Record<string, unknown>; url?: string }[] = [];
const opened: string[] = [];
vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {};
    constructor(public options: Record<string, unknown>) {
      created.push({ options });
    }
    once() {}
    async loadURL(url: string) {
      created.at(-1)!.url = url;
    }
  }
  return {
    app: { on: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: async (u: string) => void opened.push(u) },
    BrowserWindow,
  };
});

const { createMainWindow, hardenWebContents } = await import('../../../main/electron/window');

describe('main window', () => {
  it('is sandboxed, context-isolated, without Node, and loads app://bundle', () => {
    createMainWindow('/p/preload.js');
    const { options, url } = created[0]!;
    expect(options.webPreferences).toMatchObject({
      preload: '/p/preload.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(url).toBe('app://bundle/index.html');
  });

  it('blocks navigation away from the bundle, webviews, and new windows', () => {
    const handlers = new Map<string, (e: { preventDefault(): void }, url?: string) => void>();
    let openHandler: (d: { url: string }) => { action: string } = () => ({ action: 'allow' });
    hardenWebContents({
      on: (ev: string, fn: never) => handlers.set(ev, fn),
      setWindowOpenHandler: (fn: never) => (openHandler = fn),
    } as never);
    const prevented = (ev: string, url: string) => {
      const e = { preventDefault: vi.fn() };
      handlers.get(ev)!(e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'app://bundle/index.html')).toBe(false);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-attach-webview', '')).toBe(true);
    expect(openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'https://libvirt.org/docs.html' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://libvirt.org/docs.html']);
  });
});
