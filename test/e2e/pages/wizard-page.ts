import { expect, type Locator, type Page } from '@playwright/test';

/** The New Virtual Machine wizard, by role and accessible name. */
export class WizardPage {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'New Virtual Machine' });
  }

  static async open(page: Page, via: 'button' | 'shortcut' = 'button'): Promise<WizardPage> {
    if (via === 'button') await page.getByRole('button', { name: 'New Virtual Machine' }).click();
    else await page.keyboard.press('Control+n');
    const w = new WizardPage(page);
    await expect(w.dialog).toBeVisible();
    await w.expectStep(1);
    // Forward stays aria-disabled until the host's options arrived.
    await expect(w.button('Forward')).toHaveAttribute('aria-disabled', 'false');
    return w;
  }

  button(name: string): Locator {
    return this.dialog.getByRole('button', { name, exact: true });
  }
  field(name: string): Locator {
    return this.dialog.getByLabel(name, { exact: true });
  }
  async expectStep(n: number): Promise<void> {
    await expect(this.dialog.getByRole('heading', { name: new RegExp(`^Step ${n} of 5`) })).toBeVisible();
  }
  async forward(to?: number): Promise<void> {
    await this.button('Forward').click();
    if (to !== undefined) await this.expectStep(to);
  }
  async method(label: string): Promise<void> {
    await this.dialog.getByRole('radio', { name: label }).check();
  }
  async directKernelBoot(): Promise<void> {
    await this.dialog.getByText('Architecture options').click();
    await this.method('Direct kernel boot');
  }
  /** Pool by name: option labels carry the free space. */
  async choosePool(name: string, label = 'Pool'): Promise<void> {
    const select = this.field(label);
    await expect(select).toBeVisible();
    const texts = await select.locator('option').allTextContents();
    const match = texts.find((t) => t === name || t.startsWith(`${name} `));
    if (!match) throw new Error(`no pool ${name} among: ${texts.join(' | ')}`);
    await select.selectOption({ label: match });
  }
  alerts(): Locator {
    return this.dialog.getByRole('alert');
  }
}
