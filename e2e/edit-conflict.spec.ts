import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chooseEnvironment, signIn } from './fixtures/auth';

const weather = path.join(import.meta.dirname, 'fixtures/files/weather.openapi.yaml');

test('two editors: the second save answers CONFLICT, keeps what was typed and links to the newer draft', async ({ page, context }) => {
  await signIn(page, 'maker');
  await chooseEnvironment(page, 'Contoso (default)');
  const name = `Edited twice ${Date.now().toString(36)}`;
  await page.getByRole('link', { name: 'New custom connector' }).first().click();
  await page.getByLabel('API definition file').setInputFiles(weather);
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const editUrl = `${page.url().split('?')[0]}/edit`;

  // Both open the edit page before either saves.
  await page.goto(editUrl);
  const other = await context.newPage();
  await other.goto(editUrl);
  await expect(other.getByRole('textbox', { name: 'Description' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Description' }).fill('Saved first.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  await other.getByRole('textbox', { name: 'Name' }).fill(`${name} (mine)`);
  await other.getByRole('button', { name: 'Save draft' }).click();
  const alert = other.getByRole('alert').filter({ hasText: 'Not saved' });
  await expect(alert).toContainText('Not saved');
  await expect(alert).toContainText('newer draft');
  await expect(other.getByRole('textbox', { name: 'Name' })).toHaveValue(`${name} (mine)`);
  const [newer] = await Promise.all([
    context.waitForEvent('page'),
    alert.getByRole('link', { name: 'Open the newer draft in a new tab' }).click(),
  ]);
  await expect(newer.getByText('Saved first.')).toBeVisible();

  // The first save stands.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});
