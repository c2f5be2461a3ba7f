import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chooseEnvironment, signIn } from './fixtures/auth';

const weather = path.join(import.meta.dirname, 'fixtures/files/weather.openapi.yaml');

test.describe('uploads go through a route handler with its own limit', () => {
  test('an upload over the limit answers the result shape with 413, and the form keeps what was typed', async ({ page }) => {
    await signIn(page, 'maker');
    await chooseEnvironment(page, 'Contoso (default)');
    await page.getByRole('link', { name: 'New custom connector' }).first().click();
    const environmentId = /\/environments\/([^/]+)\//.exec(page.url())![1]!;

    // Straight to the endpoint: 13.5 MB, more than the 12 MB of files plus the form's room.
    const big = Buffer.alloc(13.5 * 1024 * 1024, 'a');
    const response = await page.request.post(`/api/environments/${environmentId}/connectors`, {
      multipart: { name: 'Too big', files: { name: 'huge.json', mimeType: 'application/json', buffer: big } },
    });
    expect(response.status()).toBe(413);
    expect(await response.json()).toMatchObject({ ok: false, code: 'LIMIT_EXCEEDED', message: expect.stringContaining('larger than') });

    // Through the form: an 11 MB file passes the body limit and is refused by the file limit, in words.
    await page
      .getByLabel('API definition file')
      .setInputFiles({ name: 'large.json', mimeType: 'application/json', buffer: Buffer.alloc(11 * 1024 * 1024, ' ') });
    await page.getByRole('textbox', { name: 'Name' }).fill('Keep this name');
    await page.getByRole('button', { name: 'Create connector' }).click();
    const alert = page.getByRole('main').getByRole('alert');
    await expect(alert).toContainText('large.json is 11.0 MB; the limit is 10 MB.');
    await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Keep this name');
  });

  test('someone who may not create in the environment is refused before the body is read', async ({ page }) => {
    await signIn(page, 'basic');
    await page.waitForURL(/\/environments\/[^/]+\//);
    const environmentId = /\/environments\/([^/]+)\//.exec(page.url())?.[1];
    expect(environmentId).toBeTruthy();
    const response = await page.request.post(`/api/environments/${environmentId}/connectors`, {
      multipart: { pasted: readFileSync(weather, 'utf8') },
    });
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('a file dropped on the drop zone is chosen, and the paste area stays open while in use', async ({ page }) => {
    await signIn(page, 'maker');
    await chooseEnvironment(page, 'Contoso (default)');
    await page.getByRole('link', { name: 'New custom connector' }).first().click();

    // The paste area: open it, type, clear it: it stays open.
    await page.getByText('Or paste an OpenAPI document').click();
    const pasteArea = page.getByRole('textbox', { name: 'OpenAPI document' });
    await pasteArea.fill('openapi: 3.0.3');
    await pasteArea.fill('');
    await expect(pasteArea).toBeVisible();

    const yaml = readFileSync(weather, 'utf8');
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'weather.openapi.yaml', { type: 'application/yaml' }));
      return transfer;
    }, yaml);
    await page.getByText('Drop files here').dispatchEvent('drop', { dataTransfer });
    await expect(page.getByRole('list', { name: 'Chosen files' })).toContainText('weather.openapi.yaml');
    const name = `Dropped ${Date.now().toString(36)}`;
    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await page.getByRole('button', { name: 'Create connector' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  });

  test('a name already used in the environment is refused, whatever its case, naming the other and keeping the input', async ({ page }) => {
    await signIn(page, 'maker');
    await chooseEnvironment(page, 'Contoso (default)');
    const name = `Unique weather ${Date.now().toString(36)}`;
    for (const [attempt, typed] of [name, name.toUpperCase()].entries()) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connectors' }).click();
      await page.getByRole('link', { name: 'New custom connector' }).first().click();
      await page.getByLabel('API definition file').setInputFiles(weather);
      await page.getByRole('textbox', { name: 'Name' }).fill(typed);
      await page.getByRole('button', { name: 'Create connector' }).click();
      if (attempt === 0) await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    }
    await expect(page.getByRole('main').getByRole('alert')).toContainText(
      `There is already a connector named “${name}” in this environment`,
    );
    await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(name.toUpperCase());
    await expect(page.getByRole('list', { name: 'Chosen files' })).toContainText('weather.openapi.yaml');
  });
});
