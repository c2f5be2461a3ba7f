import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { chooseEnvironment, signIn } from './fixtures/auth';

const weather = path.join(import.meta.dirname, 'fixtures/files/weather.openapi.yaml');
const unique = (base: string) => `${base} ${Date.now().toString(36)}`;

async function seriousViolations(page: Page) {
  await expect(page).toHaveTitle(/Makerport/);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

async function release(page: Page, version: number, notes: string) {
  await page.getByRole('button', { name: 'Release version' }).click();
  const dialog = page.getByRole('dialog', { name: `Release v${version}` });
  await dialog.getByRole('textbox', { name: 'Release notes (optional)' }).fill(notes);
  await dialog.getByRole('button', { name: 'Release', exact: true }).click();
}

test('versions: release notes, nothing to release, share the new version in place, view, compare and download', async ({ page }) => {
  test.slow();
  await signIn(page, 'maker');
  await chooseEnvironment(page, 'Contoso (default)');
  const name = unique('Versioned weather');
  await page.getByRole('link', { name: 'New custom connector' }).first().click();
  await page.getByLabel('API definition file').setInputFiles(weather);
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const url = page.url().split('?')[0]!;

  await release(page, 1, 'First cut: conditions and forecast.');
  await expect(page.getByRole('status', { name: 'Status messages' })).toContainText('Released v1.');
  await page.keyboard.press('Escape');
  // Nothing changed since v1: the button says why instead of releasing.
  const releaseButton = page.getByRole('button', { name: 'Release version' });
  await expect(releaseButton).toHaveAttribute('aria-disabled', 'true');
  await expect(releaseButton).toHaveAccessibleDescription(/Nothing to release/);
  // Playwright refuses to click an aria-disabled button; a person can, and is told why.
  await releaseButton.click({ force: true });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Status messages' })).toContainText('Nothing to release');

  // Share v1 with Production from the connector's own page: the dialog starts from chosen environments.
  await page.getByRole('button', { name: 'Share with environments' }).click();
  const share = page.getByRole('dialog', { name: 'Share with environments' });
  await expect(share.getByRole('radio', { name: 'Chosen environments' })).toBeChecked();
  await share.getByRole('checkbox', { name: /Production/ }).check();
  await share.getByRole('button', { name: 'Share connector' }).click();
  await expect(share).toBeHidden();

  // A change, then v2: the dialog offers to share v2 in v1's place.
  await page.goto(`${url}/edit`);
  await page.getByRole('textbox', { name: 'Description' }).fill('Conditions, forecasts and now a better description.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await release(page, 2, 'Better description.');
  const offer = page.getByRole('dialog', { name: 'v2 released' });
  await expect(offer).toContainText('v1 is shared with Production');
  await offer.getByRole('button', { name: 'Share v2' }).click();
  await expect(page.getByRole('status', { name: 'Status messages' })).toContainText('v2 is now shared in place of v1.');

  await page.getByRole('tab', { name: 'Versions' }).click();
  const versions = page.getByRole('table', { name: 'Released versions' });
  await expect(versions.getByRole('row', { name: /v2/ })).toContainText('Better description.');
  await expect(versions.getByRole('row', { name: /v2/ })).toContainText('Production');
  await expect(versions.getByRole('row', { name: /v1/ })).toContainText('First cut');
  expect(await seriousViolations(page)).toEqual([]);

  const [download] = await Promise.all([page.waitForEvent('download'), versions.getByRole('button', { name: 'Download v1' }).click()]);
  expect(download.suggestedFilename()).toBe(`${name} v1.zip`);

  // v1 against the draft: the description line changed.
  await versions.getByRole('link', { name: 'Compare v1 with the draft' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('v1 compared with the draft');
  const changes = page.getByRole('region', { name: 'Changes in apiDefinition.swagger.json' });
  await expect(changes).toContainText('+');
  await expect(changes).toContainText('now a better description');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Show v1' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Release notes' })).toBeVisible();
  await expect(page.getByText('First cut: conditions and forecast.')).toBeVisible();
});
