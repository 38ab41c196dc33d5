import { expect, type Locator, type Page } from '@playwright/test';
import type { ManagerPage } from './manager-page';

/** Pixel statistics of the VNC canvas, read in the page. */
export interface CanvasStats {
  width: number;
  height: number;
  /** Distinct colours among the sampled pixels. */
  colours: number;
  /** Sampled pixels that differ from the top-left one (the background). */
  nonBackground: number;
}

/** One guest's console tab, found by role and accessible name like everything else. */
export class ConsolePage {
  readonly tab: Locator;
  readonly panel: Locator;
  readonly toolbar: Locator;
  readonly lifecycle: Locator;
  readonly consoleSelect: Locator;
  /** xterm's DOM renderer: the visible rows, as text. */
  readonly rows: Locator;
  readonly terminalInput: Locator;
  readonly canvas: Locator;

  constructor(
    readonly page: Page,
    readonly name: string,
  ) {
    this.tab = page.getByRole('tablist', { name: 'Open views' }).getByRole('tab', { name, exact: true });
    this.panel = page.getByRole('tabpanel', { name, exact: true });
    this.toolbar = this.panel.getByRole('toolbar', { name: 'Console actions' });
    this.lifecycle = this.panel.getByRole('toolbar', { name: 'Virtual machine actions' });
    this.consoleSelect = this.toolbar.getByRole('combobox', { name: 'Console' });
    this.rows = this.panel.locator('.xterm-rows');
    this.terminalInput = this.panel.locator('.xterm');
    this.canvas = this.panel.locator('.console-screen-vnc canvas').first();
  }

  /** Selects the guest in the manager and presses Open Console. */
  static async open(manager: ManagerPage, name: string): Promise<ConsolePage> {
    await manager.page.getByRole('tab', { name: 'Virtual machines', exact: true }).click();
    await manager.row(name).click();
    await manager.button('Open Console').click();
    const view = new ConsolePage(manager.page, name);
    await expect(view.tab).toHaveAttribute('aria-selected', 'true');
    await expect(view.panel).toBeVisible();
    return view;
  }

  button(name: string): Locator {
    return this.toolbar.getByRole('button', { name, exact: true });
  }

  closeButton(): Locator {
    return this.page.getByRole('button', { name: `Close ${this.name}`, exact: true });
  }

  /** Picks a console by (part of) its label, e.g. "Serial port 0" or "Graphical console (VNC)". */
  async chooseConsole(label: string | RegExp): Promise<void> {
    // The list arrives from main after the tab opens.
    await expect(this.consoleSelect.locator('option', { hasText: label }).first()).toBeAttached({ timeout: 20_000 });
    const options = await this.consoleSelect.locator('option').allTextContents();
    const match = options.find((o) => (typeof label === 'string' ? o.includes(label) : label.test(o)));
    if (!match) throw new Error(`no console matching ${label} among: ${options.join(', ')}`);
    // Already shown (the graphical console is the default): choosing it again changes nothing.
    const current = await this.consoleSelect.evaluate((el) => {
      const select = el as unknown as { selectedOptions: ArrayLike<{ textContent: string | null }> };
      return select.selectedOptions[0]?.textContent ?? '';
    });
    if (current === match) return;
    await this.consoleSelect.selectOption({ label: match });
  }

  consoleLabels(): Promise<string[]> {
    return this.consoleSelect.locator('option').allTextContents();
  }

  /** A status or alert message in the tab that contains `text`. */
  message(text: string | RegExp): Locator {
    return this.panel.getByRole('status').or(this.panel.getByRole('alert')).filter({ hasText: text });
  }

  alert(text?: string | RegExp): Locator {
    const alerts = this.panel.getByRole('alert');
    return text === undefined ? alerts : alerts.filter({ hasText: text });
  }

  /** Waits until the console reports neither connecting nor an error. */
  async expectConnected(timeout = 30_000): Promise<void> {
    await expect(this.message(/Connecting to|Could not connect|Disconnected|is not running/)).toHaveCount(0, { timeout });
  }

  /** The visible text of the terminal. */
  async terminalText(): Promise<string> {
    return (await this.rows.innerText()).replace(/\u00a0/g, ' ');
  }

  /** Types into the terminal (which forwards keys to the guest) and presses Enter. */
  async typeLine(text: string): Promise<void> {
    await this.terminalInput.click();
    await this.page.keyboard.type(text, { delay: 20 });
    await this.page.keyboard.press('Enter');
  }

  /**
   * Sends `command` until `expected` shows in the terminal: the guest may
   * still be booting, and a shell that is not there yet drops what it gets.
   * Pick a command whose output differs from its own echo (compute it in the shell).
   */
  async runUntil(command: string, expected: string, timeoutMs = 90_000, everyMs = 4_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.typeLine(command);
      const until = Math.min(Date.now() + everyMs, deadline);
      while (Date.now() < until) {
        if ((await this.terminalText()).includes(expected)) return;
        await this.page.waitForTimeout(250);
      }
      if (Date.now() >= deadline) {
        throw new Error(`"${expected}" did not appear within ${timeoutMs} ms after "${command}"; the terminal shows:\n${await this.terminalText()}`);
      }
    }
  }

  /** The serial console's find bar (opened with the Find button or Ctrl+Shift+F). */
  get findBar(): Locator {
    return this.panel.getByRole('search', { name: 'Find in console' });
  }

  /** Opens Find from the keyboard in the terminal, searches `term` and returns the result text ("Found" or "No match"). */
  async find(term: string): Promise<Locator> {
    await this.terminalInput.click();
    await this.page.keyboard.press('Control+Shift+F');
    const box = this.findBar.getByRole('searchbox', { name: 'Find' });
    await expect(box).toBeFocused();
    await box.fill(term);
    await box.press('Enter');
    return this.findBar.getByRole('status');
  }

  /** Samples the VNC canvas (every 4th pixel of every 4th row). */
  canvasStats(): Promise<CanvasStats> {
    return this.canvas.evaluate((el) => {
      const canvas = el as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
      };
      const { width, height } = canvas;
      const ctx = canvas.getContext('2d');
      if (!ctx || width === 0 || height === 0) return { width, height, colours: 0, nonBackground: 0 };
      const data = ctx.getImageData(0, 0, width, height).data;
      const colours = new Set<number>();
      const bg = (data[0]! << 16) | (data[1]! << 8) | data[2]!;
      let nonBackground = 0;
      for (let y = 0; y < height; y += 4) {
        for (let x = 0; x < width; x += 4) {
          const i = (y * width + x) * 4;
          const c = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
          colours.add(c);
          if (c !== bg) nonBackground++;
        }
      }
      return { width, height, colours: colours.size, nonBackground };
    });
  }
}
