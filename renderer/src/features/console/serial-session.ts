import { AttachAddon } from '@xterm/addon-attach';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal, type ITheme } from '@xterm/xterm';
import type { StreamChannel } from '../../platform/client';
import { OPEN } from '../../platform/stream-channel';
import type { ConsoleViewer, ViewerEvents } from './console-connection';

export const SCROLLBACK_LINES = 10_000;
/** How long a silent stream must stay open to count as connected. */
export const SETTLE_MS = 400;

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Terminal colours from the theme's CSS variables (theme.css), so both themes apply. */
export function terminalTheme(): ITheme {
  return {
    background: cssVar('--terminal-bg', '#151515'),
    foreground: cssVar('--terminal-fg', '#e8e8e8'),
    cursor: cssVar('--terminal-cursor', '#e8e8e8'),
    cursorAccent: cssVar('--terminal-bg', '#151515'),
    selectionBackground: cssVar('--terminal-selection', '#3d5a80'),
  };
}

/**
 * The text console: one xterm.js terminal for the life of the tab (its
 * scrollback survives reconnects), fed by one stream at a time through the
 * attach addon. xterm's DOM renderer is used (no WebGL addon), so its rows
 * are real text in the page.
 */
export class SerialSession implements ConsoleViewer {
  readonly terminal: Terminal;
  readonly #fit = new FitAddon();
  readonly #search = new SearchAddon();
  readonly #resize: ResizeObserver;
  readonly #themeWatch: MutationObserver;
  readonly #media: MediaQueryList | undefined;
  readonly #onMedia = () => this.#applyTheme();

  constructor(container: HTMLElement) {
    this.terminal = new Terminal({
      scrollback: SCROLLBACK_LINES,
      fontFamily: cssVar('--font-mono', 'monospace'),
      fontSize: 14,
      cursorBlink: true,
      // A serial console has no bell worth hearing, and no size negotiation: the guest assumes 80×24 or whatever stty says.
      theme: terminalTheme(),
      rightClickSelectsWord: false,
    });
    this.terminal.loadAddon(this.#fit);
    this.terminal.loadAddon(this.#search);
    this.terminal.open(container);
    this.fit();
    this.#resize = new ResizeObserver(() => this.fit());
    this.#resize.observe(container);
    this.#themeWatch = new MutationObserver(() => this.#applyTheme());
    this.#themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    this.#media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
    this.#media?.addEventListener('change', this.#onMedia);
  }

  attach(channel: StreamChannel, events: ViewerEvents): { detach(): void } {
    const addon = new AttachAddon(channel as unknown as WebSocket);
    this.terminal.loadAddon(addon);
    // Main opens the stream once it reached the device, but when it could not, browser
    // mode still opens it, only to close it at once with the reason. So the console
    // counts as connected on its first bytes, or once it stayed open a moment.
    let done = false;
    const connected = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      channel.removeEventListener('message', connected);
      events.connected();
    };
    const timer = setTimeout(() => {
      if (channel.readyState === OPEN) connected();
    }, SETTLE_MS);
    channel.addEventListener('message', connected);
    return {
      detach: () => {
        done = true;
        clearTimeout(timer);
        channel.removeEventListener('message', connected);
        addon.dispose();
      },
    };
  }

  fit(): void {
    // Hidden (a tab in the back) has no size; fit when shown again.
    const el = this.terminal.element;
    if (!el || el.clientWidth === 0 || el.clientHeight === 0) return;
    try {
      this.#fit.fit();
    } catch {
      // Not rendered yet.
    }
  }

  findNext(term: string): boolean {
    return term !== '' && this.#search.findNext(term, { caseSensitive: false });
  }

  findPrevious(term: string): boolean {
    return term !== '' && this.#search.findPrevious(term, { caseSensitive: false });
  }

  clearSearch(): void {
    this.#search.clearDecorations();
    this.terminal.clearSelection();
  }

  focus(): void {
    this.terminal.focus();
  }

  dispose(): void {
    this.#resize.disconnect();
    this.#themeWatch.disconnect();
    this.#media?.removeEventListener('change', this.#onMedia);
    this.terminal.dispose();
  }

  #applyTheme(): void {
    this.terminal.options.theme = terminalTheme();
  }
}
