import { expect, type Locator, type Page } from '@playwright/test';

/** The guest details view, by role and accessible name. */
export class DetailsPage {
  readonly dialog: Locator;

  constructor(
    readonly page: Page,
    readonly name: string,
  ) {
    this.dialog = page.getByRole('dialog', { name: `${name} details` });
  }

  async expectOpen(timeout = 20_000): Promise<void> {
    await expect(this.dialog).toBeVisible({ timeout });
    // Loaded: the Overview shows the guest's name in its field.
    await expect(this.field('Name')).toHaveValue(this.name, { timeout });
  }

  section(label: string): Locator {
    return this.dialog.getByRole('tablist', { name: 'Sections' }).getByRole('tab', { name: label, exact: true });
  }
  async open(label: string): Promise<void> {
    await this.section(label).click();
    await expect(this.section(label)).toHaveAttribute('aria-selected', 'true');
  }
  field(name: string): Locator {
    return this.dialog.getByRole('tabpanel').getByLabel(name, { exact: true });
  }
  button(name: string): Locator {
    return this.dialog.getByRole('button', { name, exact: true });
  }
  status(): Locator {
    return this.dialog.getByRole('status');
  }
  alert(): Locator {
    return this.dialog.getByRole('alert');
  }
  prompt(title: string | RegExp): Locator {
    return this.page.getByRole('dialog', { name: title });
  }
}
