import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { chooseEnvironment, signIn, type DemoUser } from './fixtures/auth';

const weather = path.join(import.meta.dirname, 'fixtures/files/weather.openapi.yaml');
const unique = (base: string) => `${base} ${Date.now().toString(36)}`;

async function as(browser: Browser, who: DemoUser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who);
  return page;
}

async function newConnector(page: Page, name: string): Promise<string> {
  await chooseEnvironment(page, 'Contoso (default)');
  await page.getByRole('link', { name: 'New custom connector' }).first().click();
  await page.getByLabel('API definition file').setInputFiles(weather);
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return page.url().split('?')[0]!;
}

async function add(page: Page, search: string, option: RegExp) {
  await page.getByRole('combobox', { name: 'Add people or groups' }).fill(search);
  await page.getByRole('option', { name: option }).click();
}

const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);

test('the Share panel never changes access on a keystroke, adds several at once, and puts focus back', async ({ page, browser }) => {
  test.slow();
  await signIn(page, 'maker');
  const url = await newConnector(page, unique('Shared carefully'));
  await page.goto(`${url}?tab=share`);
  const people = page.getByRole('table', { name: 'People with access' });
  await expect(people.getByRole('row', { name: /Megan Bowen \(you\)/ })).toBeVisible();
  // A one-line legend says what each level allows.
  await expect(page.getByText('Can view: use it in connections and flows')).toBeVisible();

  // Several people before one Share; focus comes back to the picker.
  await add(page, 'nestor', /Nestor Wilke/);
  await add(page, 'lynne', /Lynne Robbins/);
  await expect(page.getByRole('list', { name: 'Chosen people and groups' })).toContainText('Nestor Wilke');
  await page.getByRole('combobox', { name: 'Permission', exact: true }).selectOption({ label: 'Can view + share' });
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Status messages' })).toContainText('Shared with Nestor Wilke, Lynne Robbins.');
  await expect(people.getByRole('combobox', { name: 'Permission for Nestor Wilke' })).toHaveValue('can_view_share');
  await expect(people.getByRole('combobox', { name: 'Permission for Lynne Robbins' })).toHaveValue('can_view_share');
  await expect.poll(() => focusedLabel(page)).toBe('Add people or groups');

  // ↑ on a row's level is a pending change: nothing is saved, even after a reload.
  const nestor = people.getByRole('combobox', { name: 'Permission for Nestor Wilke' });
  await nestor.focus();
  await page.keyboard.press('ArrowUp');
  await expect(people.getByRole('button', { name: 'Save permission for Nestor Wilke' })).toBeVisible();
  await page.reload();
  await expect(people.getByRole('combobox', { name: 'Permission for Nestor Wilke' })).toHaveValue('can_view_share');

  // Cancel puts the row back and focus on it; Save saves and keeps focus on the row.
  await people.getByRole('combobox', { name: 'Permission for Nestor Wilke' }).selectOption('can_edit');
  await people.getByRole('button', { name: 'Cancel change for Nestor Wilke' }).click();
  await expect(people.getByRole('combobox', { name: 'Permission for Nestor Wilke' })).toHaveValue('can_view_share');
  await expect.poll(() => focusedLabel(page)).toBe('Permission for Nestor Wilke');
  await people.getByRole('combobox', { name: 'Permission for Nestor Wilke' }).selectOption('can_edit');
  await people.getByRole('button', { name: 'Save permission for Nestor Wilke' }).click();
  await expect(page.getByRole('status', { name: 'Status messages' })).toContainText('Nestor Wilke’s access is now Can edit.');
  await expect.poll(() => focusedLabel(page)).toBe('Permission for Nestor Wilke');
  await page.reload();
  await expect(people.getByRole('combobox', { name: 'Permission for Nestor Wilke' })).toHaveValue('can_edit');

  // Remove: focus goes to the table.
  await people.getByRole('button', { name: 'Remove Lynne Robbins' }).click();
  await expect(people.getByRole('row', { name: /Lynne Robbins/ })).toHaveCount(0);
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.querySelector('table[aria-label="People with access"]') != null))
    .toBe(true);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // Nestor (Can edit) lowering or removing his own access is asked first.
  const nestorPage = await as(browser, 'maker2');
  await nestorPage.goto(`${url}?tab=share`);
  const table = nestorPage.getByRole('table', { name: 'People with access' });
  await expect(table.getByRole('row', { name: /Nestor Wilke \(you\)/ })).toBeVisible();
  await table.getByRole('combobox', { name: 'Permission for Nestor Wilke' }).selectOption('can_view');
  await table.getByRole('button', { name: 'Save permission for Nestor Wilke' }).click();
  const lower = nestorPage.getByRole('dialog', { name: 'Lower your own access?' });
  await expect(lower).toBeVisible();
  await lower.getByRole('button', { name: 'Keep my access' }).click();
  await table.getByRole('button', { name: 'Remove Nestor Wilke' }).click();
  const removeSelf = nestorPage.getByRole('dialog', { name: 'Remove your own access?' });
  await expect(removeSelf).toBeVisible();
  await removeSelf.getByRole('button', { name: 'Keep my access' }).click();
  await nestorPage.reload();
  await expect(table.getByRole('combobox', { name: 'Permission for Nestor Wilke' })).toHaveValue('can_edit');
});
