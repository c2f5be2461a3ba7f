import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { chooseEnvironment, signIn, visit, type DemoUser } from './fixtures/auth';

const weather = path.join(import.meta.dirname, 'fixtures/files/weather.openapi.yaml');
const unique = (base: string) => `${base} ${Date.now().toString(36)}`;
const ENV_URL = /\/environments\/([0-9a-f-]{36})\//;
const PHONE = { width: 390, height: 844 };

async function as(browser: Browser, who: DemoUser, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  await signIn(page, who);
  return page;
}

const environmentOf = (page: Page) => ENV_URL.exec(page.url())?.[1] ?? '';

async function seriousViolations(page: Page) {
  await expect(page).toHaveTitle(/Makerport/);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

async function createConnector(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connectors' }).click();
  await page.getByRole('link', { name: 'New custom connector' }).first().click();
  await page.getByLabel('API definition file').setInputFiles(weather);
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return page.url().split('?')[0]!;
}

test.describe('the environment lives in the URL', () => {
  test('lists, resources and the switcher carry the environment; a resource opens in its own', async ({ browser }) => {
    const maker = await as(browser, 'maker');
    await expect(maker).toHaveURL(ENV_URL);
    await chooseEnvironment(maker, 'Contoso (default)');
    const defaultId = environmentOf(maker);
    await chooseEnvironment(maker, 'Development');
    await expect(maker.getByText('Connectors in Development')).toBeVisible();
    const developmentId = environmentOf(maker);
    expect(developmentId).not.toBe(defaultId);

    // A connector of Development, opened under the default environment's URL, shows in Development.
    const url = await createConnector(maker, unique('Dev weather'));
    expect(url).toContain(`/environments/${developmentId}/connectors/`);
    const id = url.split('/connectors/')[1]!;
    await visit(maker, `/environments/${defaultId}/connectors/${id}?tab=versions`);
    await expect(maker).toHaveURL(new RegExp(`/environments/${developmentId}/connectors/${id}\\?tab=versions$`));
    await expect(maker.getByRole('combobox', { name: 'Environment' })).toContainText('Development');
    await expect(maker.getByRole('tab', { name: 'Versions', selected: true })).toBeVisible();

    // Old URLs redirect: a resource to its environment, a list to the remembered one.
    await visit(maker, `/connectors/${id}`);
    await expect(maker).toHaveURL(new RegExp(`/environments/${developmentId}/connectors/${id}$`));
    await visit(maker, '/flows');
    await expect(maker).toHaveURL(new RegExp(`/environments/${developmentId}/flows$`));

    // From a resource, the switcher goes to that section's list in the other environment.
    await visit(maker, url);
    await chooseEnvironment(maker, 'Production');
    await expect(maker).toHaveURL(/\/environments\/[0-9a-f-]{36}\/connectors$/);
    await expect(maker.getByText('Connectors in Production')).toBeVisible();
    // Back to the default for the other tests, which start there.
    await chooseEnvironment(maker, 'Contoso (default)');
  });

  test('arrow keys browse the switcher without switching; Enter switches', async ({ page }) => {
    await signIn(page, 'maker2');
    await chooseEnvironment(page, 'Contoso (default)');
    const start = page.url();
    const switcher = page.getByRole('combobox', { name: 'Environment' });
    await switcher.focus();
    await page.keyboard.press('ArrowDown'); // opens
    await expect(switcher).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Escape');
    await expect(switcher).toHaveAttribute('aria-expanded', 'false');
    await page.waitForTimeout(300);
    expect(page.url()).toBe(start);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.waitForTimeout(300);
    expect(page.url()).toBe(start);
    await expect(switcher).toContainText('Contoso (default)');

    await switcher.focus();
    await page.keyboard.press('ArrowDown');
    await expect(switcher).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect(page).not.toHaveURL(start);
    await expect(switcher).toContainText('Production');
    await chooseEnvironment(page, 'Contoso (default)');
  });

  test('the switcher shows each environment’s role and region', async ({ page }) => {
    await signIn(page, 'basic');
    await page.getByRole('combobox', { name: 'Environment' }).click();
    await expect(page.getByRole('option', { name: /^Development/ })).toContainText('Basic User · northeurope');
    await expect(page.getByRole('option', { name: /^Production/ })).toContainText('westeurope · sensitive');
  });

  test('what the user may not see answers HTTP 404', async ({ browser }) => {
    const maker = await as(browser, 'maker');
    const envId = environmentOf(maker);
    const url = await createConnector(maker, unique('Private weather'));
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await maker.request.get(`/environments/${envId}/connectors/${unknown}`)).status()).toBe(404);
    expect((await maker.request.get(`/environments/${unknown}/connectors`)).status()).toBe(404);
    expect((await maker.request.get(`/environments/not-an-id/flows`)).status()).toBe(404);
    expect((await maker.request.get(`/connectors/${unknown}`)).status()).toBe(404);

    const fabrikam = await as(browser, 'fabrikam');
    expect((await fabrikam.request.get(url)).status()).toBe(404);
    expect((await fabrikam.request.get(`${url}/edit`)).status()).toBe(404);
    expect((await fabrikam.request.get(`/environments/${envId}/connectors`)).status()).toBe(404);
    await visit(fabrikam, url);
    await expect(fabrikam.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();

    // Not shared with maker2: the same 404 as a connector that doesn't exist.
    const maker2 = await as(browser, 'maker2');
    expect((await maker2.request.get(url)).status()).toBe(404);
  });

  test('the audit log speaks the product’s words and links to what changed', async ({ browser }) => {
    const maker = await as(browser, 'maker');
    const name = unique('Audited weather');
    await chooseEnvironment(maker, 'Contoso (default)');
    await createConnector(maker, name);
    const admin = await as(browser, 'admin');
    await visit(admin, '/admin');
    const log = admin.getByRole('table', { name: 'Audit log' });
    const row = log.getByRole('row').filter({ hasText: name }).first();
    await expect(row).toContainText('Connector created');
    await expect(row).toContainText('Contoso (default)');
    await expect(log).not.toContainText('connector.create');
    await expect(log).not.toContainText('can_view');
    await row.getByRole('link', { name }).click();
    await expect(admin.getByRole('heading', { level: 1, name })).toBeVisible();
  });
});

test.describe('at phone width (390 px)', () => {
  test('no page is wider than the screen; the menu holds navigation, the switcher and Sign out', async ({ browser }) => {
    // Eleven pages, each measured and checked with axe.
    test.slow();
    const maker = await as(browser, 'maker', PHONE);
    const url = await (async () => {
      await maker.getByRole('button', { name: 'Menu' }).click();
      return createConnector(maker, unique('Phone weather'));
    })();
    const envId = environmentOf(maker);
    const pages = [
      `/environments/${envId}/connectors`,
      `/environments/${envId}/connectors/new`,
      `/environments/${envId}/connectors/shared`,
      url,
      `${url}?tab=share`,
      `${url}?tab=versions`,
      `${url}/edit`,
      `/environments/${envId}/connections`,
      `/environments/${envId}/flows`,
      `/environments/${envId}/solutions`,
    ];
    for (const target of pages) {
      await visit(maker, target);
      const width = await maker.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        // What sticks out, for the failure message.
        wide: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('[role=region]'))
          .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`)
          .slice(0, 5),
      }));
      expect(width.scroll, `${target} is wider than the screen: ${width.wide.join(', ')}`).toBeLessThanOrEqual(width.inner);
      expect(await seriousViolations(maker), target).toEqual([]);
    }
    await visit(maker, url);
    await expect(maker.getByRole('button', { name: 'Delete' })).toBeVisible();
    await expect(maker.getByRole('button', { name: 'Sign out' })).toBeHidden();
    await maker.getByRole('button', { name: 'Menu' }).click();
    await expect(maker.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' })).toBeVisible();
    await expect(maker.getByRole('combobox', { name: 'Environment' })).toBeVisible();
    await maker.getByRole('button', { name: 'Sign out' }).click();
    await expect(maker.getByRole('button', { name: 'Sign in' })).toBeVisible();

    const admin = await as(browser, 'admin', PHONE);
    await visit(admin, '/admin');
    const width = await admin.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(width.scroll).toBeLessThanOrEqual(width.inner);
    expect(await seriousViolations(admin)).toEqual([]);
  });
});
