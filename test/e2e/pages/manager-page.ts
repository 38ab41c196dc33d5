import { expect, type Locator, type Page } from '@playwright/test';

/** The manager window, found the way a screen reader user would find it. */
export class ManagerPage {
  readonly grid: Locator;
  readonly toolbar: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByRole('treegrid', { name: 'Virtual machines' });
    this.toolbar = page.getByRole('toolbar', { name: 'Virtual machine actions' });
  }

  row(name: string): Locator {
    return this.grid.getByRole('row', { name, exact: true });
  }

  connectionRow(uri: string): Locator {
    return this.grid.getByRole('row').filter({ hasText: uri }).first();
  }

  state(name: string): Locator {
    return this.row(name).getByRole('gridcell').filter({ hasText: /^(Running|Paused|Shut off|Crashed|Suspended|Saved|Shutting down|Blocked|No state)$/ });
  }

  async expectState(name: string, text: string): Promise<void> {
    await expect(this.state(name)).toHaveText(text);
  }

  button(name: string): Locator {
    return this.toolbar.getByRole('button', { name, exact: true });
  }

  async act(domain: string, action: string): Promise<void> {
    await this.row(domain).click();
    await this.button(action).click();
  }

  async contextMenu(domain: string): Promise<Locator> {
    await this.row(domain).click({ button: 'right' });
    const menu = this.page.getByRole('menu', { name: `Actions for ${domain}` });
    await expect(menu).toBeVisible();
    return menu;
  }

  dialog(title: string): Locator {
    return this.page.getByRole('dialog', { name: title });
  }

  alert(text: string | RegExp): Locator {
    return this.page.getByRole('alert').filter({ hasText: text });
  }
}
