import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { chooseEnvironment, signIn } from './fixtures/auth';

const weather = path.join(import.meta.dirname, 'fixtures/files/weather.openapi.yaml');
const icon = path.join(import.meta.dirname, 'fixtures/files/contoso-tasks/icon.png');

test('the edit page: a code editor checked as you type, keys kept in order, a replacement file and an icon checked by content', async ({
  page,
}) => {
  test.slow();
  await signIn(page, 'maker');
  await chooseEnvironment(page, 'Contoso (default)');
  const name = `Edited in the editor ${Date.now().toString(36)}`;
  await page.getByRole('link', { name: 'New custom connector' }).first().click();
  await page.getByLabel('API definition file').setInputFiles(weather);
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const url = page.url().split('?')[0]!;

  await page.goto(`${url}/edit`);
  const editor = page.getByRole('textbox', { name: 'API definition' });
  await expect(editor).toBeVisible();
  // Checked on the server while typing: a broken document says so in plain words, with where.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('{ "swagger": "2.0", "info": ');
  await expect(page.getByText('isn’t valid JSON')).toBeVisible();
  // Keys in an unusual order come back in that order.
  const ordered = JSON.stringify(
    {
      swagger: '2.0',
      info: { version: '2.0', title: name, description: 'z before a' },
      host: 'ordered.contoso.test',
      paths: {
        '/zeta': { get: { operationId: 'Zeta', summary: 'Zeta first', responses: { '200': { description: 'ok' } } } },
        '/alpha': { get: { operationId: 'Alpha', summary: 'Alpha second', responses: { '200': { description: 'ok' } } } },
      },
    },
    null,
    2,
  );
  // A replacement file goes into the editor (as a paste would) and is checked.
  await page.getByLabel('Replace the API definition with a file').setInputFiles({
    name: 'ordered.json',
    mimeType: 'application/json',
    buffer: Buffer.from(ordered),
  });
  await expect(page.getByText('Reads: 2 operations, no warnings.')).toBeVisible();

  // An icon that isn't an image is refused by its content, whatever its name.
  await page
    .getByLabel('Icon', { exact: true })
    .setInputFiles({ name: 'icon.png', mimeType: 'image/png', buffer: Buffer.from('not a png at all') });
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toContainText('isn’t a PNG or JPEG image');
  await page.getByLabel('Icon', { exact: true }).setInputFiles(icon);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Operations' })).toContainText('Zeta first');

  await page.goto(`${url}/edit`);
  const text = await page.getByRole('textbox', { name: 'API definition' }).innerText();
  expect(text.indexOf('"version"')).toBeLessThan(text.indexOf('"title"'));
  expect(text.indexOf('/zeta')).toBeLessThan(text.indexOf('/alpha'));

  // Another file replaces it again.
  await page.getByLabel('Replace the API definition with a file').setInputFiles(weather);
  await expect(page.getByText(/Reads: 2 operations/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'API definition' })).toContainText('openapi');
});
