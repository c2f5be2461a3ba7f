import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { chooseEnvironment, signIn, visit, type DemoUser } from './fixtures/auth';

const files = path.join(import.meta.dirname, 'fixtures/files');
const weather = path.join(files, 'weather.openapi.yaml');
const tasks = ['apiDefinition.swagger.json', 'apiProperties.json', 'icon.png', 'script.csx'].map((f) =>
  path.join(files, 'contoso-tasks', f),
);
const unique = (base: string) => `${base} ${Date.now().toString(36)}`;

async function as(browser: Browser, who: DemoUser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who);
  return page;
}

async function createConnector(page: Page, input: string | string[], name: string) {
  await visit(page, '/connectors');
  await page.getByRole('link', { name: 'New custom connector' }).first().click();
  await page.getByLabel('API definition file').setInputFiles(input);
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return page.url().split('?')[0]!;
}

const switchEnvironment = chooseEnvironment;

/** `Release version`, then `Release` in its dialog (release notes optional). */
async function releaseVersion(page: Page, notes?: string) {
  await page.getByRole('button', { name: 'Release version' }).click();
  const dialog = page.getByRole('dialog', { name: /^Release v\d+$/ });
  if (notes) await dialog.getByRole('textbox', { name: 'Release notes (optional)' }).fill(notes);
  await dialog.getByRole('button', { name: 'Release', exact: true }).click();
}

async function openShareTab(page: Page) {
  await page.getByRole('tab', { name: 'Share' }).click();
  await expect(page.getByRole('table', { name: 'People with access' })).toBeVisible();
}

/** Opens a dialog; retries the click in case it landed before the page hydrated. */
async function openDialog(page: Page, button: string, dialog: string) {
  await expect(async () => {
    await page.getByRole('button', { name: button, exact: true }).first().click();
    await expect(page.getByRole('dialog', { name: dialog })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  return page.getByRole('dialog', { name: dialog });
}

async function pick(page: Page, search: string, option: RegExp) {
  const picker = page.getByRole('combobox', { name: 'Add people or groups' });
  await picker.fill(search);
  await page.getByRole('option', { name: option }).click();
}

test.describe('custom connectors', () => {
  test('create, release, share onward; each level sees exactly its controls', async ({ browser }) => {
    const name = unique('Weather');
    const maker = await as(browser, 'maker');
    const url = await createConnector(maker, weather, name);
    await expect(maker.getByRole('table', { name: 'Operations' })).toContainText('Get the forecast');
    await expect(maker.getByText('weather.contoso.test')).toBeVisible();

    await releaseVersion(maker);
    await expect(maker.getByText('Released v1', { exact: false }).first()).toBeVisible();
    await maker.getByRole('tab', { name: 'Versions' }).click();
    await expect(maker.getByRole('table', { name: 'Released versions' })).toContainText('v1');

    await openShareTab(maker);
    await pick(maker, 'nestor', /Nestor Wilke/);
    const permission = maker.getByRole('combobox', { name: 'Permission', exact: true });
    expect(await permission.locator('option').allTextContents()).toEqual(['Can view', 'Can view + share', 'Can edit']);
    await permission.selectOption({ label: 'Can view + share' });
    await maker.getByRole('button', { name: 'Share', exact: true }).click();
    const people = maker.getByRole('table', { name: 'People with access' });
    await expect(people.getByRole('combobox', { name: 'Permission for Nestor Wilke' })).toHaveValue('can_view_share');

    // Everyone: only Can view is offered.
    await pick(maker, 'everyone', /Everyone in Contoso/);
    expect(await permission.locator('option').allTextContents()).toEqual(['Can view']);
    await maker.getByRole('button', { name: 'Share', exact: true }).click();
    await expect(people.getByRole('row', { name: /Everyone in Contoso/ })).toBeVisible();
    expect(await people.getByRole('combobox', { name: 'Permission for Everyone in Contoso' }).locator('option').allTextContents()).toEqual([
      'Can view',
    ]);
    // The owner's row has no controls.
    await expect(people.getByRole('combobox', { name: 'Permission for Megan Bowen' })).toHaveCount(0);
    await expect(people.getByRole('button', { name: 'Remove Megan Bowen' })).toHaveCount(0);
    await expect(maker).toHaveTitle(/Makerport/);
    const axe = await new AxeBuilder({ page: maker }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // maker2 (Can view + share): sees it, shares onward at most Can view + share, cannot edit, download or delete.
    const maker2 = await as(browser, 'maker2');
    await visit(maker2, '/connectors?q=' + encodeURIComponent(name));
    await expect(maker2.getByRole('row', { name: new RegExp(name) })).toContainText('Can view + share');
    await maker2.getByRole('link', { name }).click();
    for (const button of ['Edit', 'Release version', 'Download', 'Delete']) {
      await expect(
        maker2.getByRole('button', { name: button, exact: true }).or(maker2.getByRole('link', { name: button, exact: true })),
      ).toHaveCount(0);
    }
    await openShareTab(maker2);
    await pick(maker2, 'lynne', /Lynne Robbins/);
    const permission2 = maker2.getByRole('combobox', { name: 'Permission', exact: true });
    expect(await permission2.locator('option').allTextContents()).toEqual(['Can view', 'Can view + share']);
    await permission2.selectOption({ label: 'Can view' });
    await maker2.getByRole('button', { name: 'Share', exact: true }).click();
    await expect(
      maker2.getByRole('table', { name: 'People with access' }).getByRole('combobox', { name: 'Permission for Lynne Robbins' }),
    ).toHaveValue('can_view');
    expect((await maker2.request.get(`${url.replace(/.*\/connectors\//, '/api/connectors/')}/download`)).status()).toBe(403);

    // basic (Can view): sees it and who has access, but no controls at all.
    const basic = await as(browser, 'basic');
    await visit(basic, url);
    await expect(basic.getByRole('heading', { level: 1, name })).toBeVisible();
    await openShareTab(basic);
    await expect(basic.getByRole('combobox', { name: 'Add people or groups' })).toHaveCount(0);
    await expect(basic.getByRole('table', { name: 'People with access' }).getByRole('combobox')).toHaveCount(0);
    await expect(basic.getByRole('table', { name: 'People with access' }).getByRole('button')).toHaveCount(0);
    await expect(basic.getByRole('table', { name: 'People with access' })).toContainText('Nestor Wilke');
    for (const button of ['Edit', 'Release version', 'Download', 'Delete']) {
      await expect(
        basic.getByRole('button', { name: button, exact: true }).or(basic.getByRole('link', { name: button, exact: true })),
      ).toHaveCount(0);
    }
    expect((await basic.request.get(`${url.replace(/.*\/connectors\//, '/api/connectors/')}/download`)).status()).toBe(403);

    // Fabrikam sees nothing of it: not by address, not in the people picker.
    const fabrikam = await as(browser, 'fabrikam');
    await visit(fabrikam, url);
    await expect(fabrikam.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
    const search = await (await fabrikam.request.get('/api/principals?q=megan')).json();
    expect(search.results).toEqual([]);
    expect((await fabrikam.request.get(`${url.replace(/.*\/connectors\//, '/api/connectors/')}/definition`)).status()).toBe(404);

    // Every change of access is in the audit log, for the organization admin.
    const admin = await as(browser, 'admin');
    await visit(admin, '/admin');
    const log = admin.getByRole('table', { name: 'Audit log' });
    await expect(log.getByRole('row', { name: /Nestor Wilke was given Can view \+ share/ })).toContainText(name);
    await expect(log.getByRole('row', { name: /Lynne Robbins was given Can view$/ })).toContainText('Nestor Wilke');
  });

  test('a closed-source share installs in another environment without its definition', async ({ browser }) => {
    const name = unique('Tasks closed');
    const maker = await as(browser, 'maker');
    await createConnector(maker, tasks, name);
    await releaseVersion(maker);
    await expect(maker.getByText('Released v1', { exact: false }).first()).toBeVisible();

    await visit(maker, '/connectors/shared');
    const dialog = await openDialog(maker, 'Share connector', 'Share connector');
    await dialog.getByRole('combobox', { name: 'Connector' }).selectOption({ label: name });
    await dialog.getByRole('radio', { name: /Closed source/ }).check();
    await dialog.getByRole('radio', { name: 'Chosen environments' }).check();
    await expect(dialog.getByRole('checkbox', { name: /Development/ })).toBeDisabled();
    await expect(dialog.getByText(/closed source stays in westeurope/)).toBeVisible();
    await dialog.getByRole('checkbox', { name: /Production/ }).check();
    await dialog.getByRole('button', { name: 'Share connector' }).click();
    await expect(maker.getByRole('table', { name: 'Shared from this environment' })).toContainText(name);

    const guest = await as(browser, 'guest');
    await switchEnvironment(guest, 'Production');
    await visit(guest, '/connectors/shared');
    const offer = guest.getByRole('listitem', { name });
    await expect(offer).toContainText('Closed source');
    await offer.getByRole('button', { name: 'Install' }).click();
    await offer.getByRole('link', { name: 'Installed v1' }).click();
    await expect(guest.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(guest.getByRole('status').filter({ hasText: 'Closed source' })).toBeVisible();
    await expect(guest.getByRole('table', { name: 'Operations' })).toContainText('Create a task');
    const html = await guest.content();
    for (const secret of ['tasks.contoso.test', '/hooks/task-done', 'login.contoso.test', 'ScriptBase']) expect(html).not.toContain(secret);
    for (const button of ['Edit', 'Download', 'Release version']) {
      await expect(
        guest.getByRole('button', { name: button, exact: true }).or(guest.getByRole('link', { name: button, exact: true })),
      ).toHaveCount(0);
    }
    const id = guest.url().split('/connectors/')[1]!.split('?')[0];
    expect((await guest.request.get(`/api/connectors/${id}/download`)).status()).toBe(403);
    expect((await guest.request.get(`/api/connectors/${id}/definition`)).status()).toBe(403);
    await switchEnvironment(guest, 'Contoso (default)');
  });

  test('download, then import the download: the same connector comes back', async ({ page }) => {
    await signIn(page, 'maker');
    const name = unique('Tasks package');
    await createConnector(page, tasks, name);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    const saved = path.join(mkdtempSync(path.join(tmpdir(), 'mp-dl-')), download.suggestedFilename());
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toBe(`${name}.zip`);
    const original = await page.getByRole('table', { name: 'Operations' }).innerText();

    await createConnector(page, saved, `${name} again`);
    expect(await page.getByRole('table', { name: 'Operations' }).innerText()).toBe(original);
    await expect(page.getByText('tasks.contoso.test')).toBeVisible();
    await expect(page.getByText('Includes script.csx')).toBeVisible();
  });

  test('delete shows what goes with the connector and asks for its name', async ({ page }) => {
    await signIn(page, 'maker');
    const name = unique('Disposable');
    await createConnector(page, weather, name);
    await openShareTab(page);
    await pick(page, 'nestor', /Nestor Wilke/);
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await expect(page.getByRole('table', { name: 'People with access' })).toContainText('Nestor Wilke');
    const dialog = await openDialog(page, 'Delete', 'Delete connector');
    await expect(dialog.getByText('No connections were made from this connector.')).toBeVisible();
    await expect(dialog.getByText('No flows use those connections.')).toBeVisible();
    // Everything else it affects: who loses access, the environment share, installed copies.
    await expect(dialog.getByRole('region', { name: /people and groups lose their access/ })).toContainText('Nestor Wilke');
    await expect(dialog.getByText('It isn’t shared with other environments.')).toBeVisible();
    await expect(dialog.getByText('No other environment has installed it.')).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Type the name to confirm' }).fill('not the name');
    await expect(dialog.getByRole('button', { name: 'Delete connector' })).toBeDisabled();
    await dialog.getByRole('textbox', { name: 'Type the name to confirm' }).fill(name);
    await dialog.getByRole('button', { name: 'Delete connector' }).click();
    await expect(page).toHaveURL(/\/connectors$/);
    await page.getByRole('searchbox', { name: 'Search connectors' }).fill(name);
    await page.getByRole('searchbox', { name: 'Search connectors' }).press('Enter');
    await expect(page.getByText('No connectors match')).toBeVisible();
  });

  test('a broken definition is refused with where, and nothing typed is lost', async ({ page }) => {
    await signIn(page, 'maker');
    await visit(page, '/connectors/new');
    await page
      .getByLabel('API definition file')
      .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "swagger": "2.0",\n  "info": {\n}') });
    await page.getByRole('textbox', { name: 'Name' }).fill('Keep me');
    await page.getByRole('button', { name: 'Create connector' }).click();
    // Plain words first, the technical location under them.
    const alert = page.getByRole('main').getByRole('alert');
    await expect(alert).toContainText('broken.json isn’t valid JSON: a bracket, comma or quote is missing or extra.');
    await expect(alert).toContainText(/At line \d+, column \d+/);
    await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Keep me');
  });

  test('server actions are public endpoints: replayed by someone else, they answer not found or forbidden', async ({ browser }) => {
    const name = unique('Replay target');
    const maker = await as(browser, 'maker');
    const url = await createConnector(maker, weather, name);
    // Capture a real server action call (Release version) with its action id and body.
    const [request] = await Promise.all([
      maker.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action'])),
      releaseVersion(maker),
    ]);
    await expect(maker.getByText('Released v1', { exact: false }).first()).toBeVisible();
    const replay = async (page: Page) => {
      const response = await page.request.post(url, {
        headers: {
          'next-action': request.headers()['next-action']!,
          'content-type': request.headers()['content-type'] ?? 'text/plain;charset=UTF-8',
          accept: 'text/x-component',
        },
        data: request.postData() ?? '',
      });
      return response.text();
    };
    // Fabrikam: another organization's id is simply not found, and nothing of it comes back.
    const fabrikam = await as(browser, 'fabrikam');
    const foreign = await replay(fabrikam);
    expect(foreign).toContain('"code":"NOT_FOUND"');
    expect(foreign).not.toContain(name);
    // basic has no access at all yet: not found; after being given Can view: forbidden.
    const basic = await as(browser, 'basic');
    expect(await replay(basic)).toContain('"code":"NOT_FOUND"');
    await openShareTab(maker);
    await pick(maker, 'lynne', /Lynne Robbins/);
    await maker.getByRole('combobox', { name: 'Permission', exact: true }).selectOption({ label: 'Can view' });
    await maker.getByRole('button', { name: 'Share', exact: true }).click();
    await expect(
      maker.getByRole('table', { name: 'People with access' }).getByRole('combobox', { name: 'Permission for Lynne Robbins' }),
    ).toBeVisible();
    expect(await replay(basic)).toContain('"code":"FORBIDDEN"');
    // Signed out: no session, no action.
    const anonymous = await browser.newContext();
    const anonymousPage = await anonymous.newPage();
    const response = await anonymousPage.request.post(url, {
      headers: { 'next-action': request.headers()['next-action']!, accept: 'text/x-component' },
      data: request.postData() ?? '',
      maxRedirects: 0,
    });
    expect(response.status() === 307 || (await response.text()).includes('"code":"UNAUTHENTICATED"')).toBe(true);
  });

  test('a Basic User is not offered to create a connector', async ({ page }) => {
    await signIn(page, 'basic');
    await expect(page.getByRole('link', { name: 'New custom connector' })).toHaveCount(0);
    await visit(page, '/connectors/new');
    await expect(page.getByText('You can’t create connectors here')).toBeVisible();
  });
});
