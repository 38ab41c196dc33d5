import { expect, type Locator, type Page } from '@playwright/test';

/** The Add Connection dialog, the connection rows' actions and the auth prompt, found by role and name. */
export class ConnectionsPage {
  constructor(readonly page: Page) {}

  get addDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Add Connection' });
  }

  get failedDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Could not connect' });
  }

  get authDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Authentication required' });
  }

  /** Level-1 rows of the treegrid. */
  get rows(): Locator {
    return this.page.getByRole('treegrid', { name: 'Virtual machines' }).getByRole('row', { level: 1 });
  }

  row(uri: string): Locator {
    return this.rows.filter({ hasText: uri });
  }

  async openAddDialog(): Promise<void> {
    await this.page.getByRole('button', { name: /^Add Connection/ }).click();
    await expect(this.addDialog).toBeVisible();
  }

  async addCustom(uri: string): Promise<void> {
    await this.openAddDialog();
    await this.addDialog.getByLabel('Hypervisor').selectOption({ label: 'Custom URI…' });
    await this.addDialog.getByRole('textbox', { name: 'Custom URI' }).fill(uri);
    await this.addDialog.getByRole('button', { name: 'Connect' }).click();
  }

  async menu(uri: string, label: string): Promise<Locator> {
    await this.row(uri).click({ button: 'right' });
    const menu = this.page.getByRole('menu', { name: `Actions for ${label}` });
    await expect(menu).toBeVisible();
    return menu;
  }
}
