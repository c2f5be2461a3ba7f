// node scripts/measure-js.mjs [baseUrl] — JavaScript the browser downloads (gzip) for the sign-in page
// and for signed-in pages, each opened in a tab with an empty cache, against a running build
// (for example `node scripts/e2e-server.mjs` after `NEXT_DIST_DIR=.next-e2e next build`).
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { findBrowser } from './ensure-browser.mjs';

const base = process.argv[2] || 'http://127.0.0.1:3100';
const browser = await chromium.launch({
  executablePath: findBrowser() ?? undefined,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
});

/** Opens `path` in a fresh context (empty cache) and sums the gzip size of every script it loads. */
async function measure(path, storageState) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  const bodies = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script') bodies.push(response.body().catch(() => Buffer.alloc(0)));
  });
  await page.goto(`${base}${path}`);
  await page.waitForLoadState('networkidle');
  const scripts = await Promise.all(bodies);
  const gzip = scripts.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  console.log(`${path}: ${scripts.length} scripts, ${(gzip / 1024).toFixed(1)} kB gzip`);
  await context.close();
}

await measure('/sign-in');
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`${base}/sign-in`);
await page.getByRole('textbox', { name: 'Email' }).fill('maker@contoso.test');
await page.getByLabel('Password').fill('makerport');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByRole('button', { name: 'Sign out' }).waitFor();
const session = await context.storageState();
for (const path of ['/flows', '/connectors', '/connectors/new', ...process.argv.slice(3)]) await measure(path, session);
await browser.close();
