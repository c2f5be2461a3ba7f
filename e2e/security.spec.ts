import http from 'node:http';
import { expect, test, type Page, type Response } from '@playwright/test';
import { demoUsers, ready, signIn } from './fixtures/auth';

/** The nonce a response's Content-Security-Policy allows scripts with. */
function nonceOf(response: Response | null): string {
  const policy = response?.headers()['content-security-policy'] ?? '';
  const nonce = policy.match(/script-src [^;]*'nonce-([^']+)'/)?.[1];
  expect(nonce, policy).toBeTruthy();
  return nonce!;
}

/** Every script element's nonce (the property: browsers hide the attribute once the page is parsed). */
const scriptNonces = (page: Page) => page.locator('script').evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));

test.describe('browser security headers', () => {
  test('a page carries the headers, and Next’s scripts carry the request’s nonce and run', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto('/sign-in');
    const headers = response!.headers();
    const policy = headers['content-security-policy']!;
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("'strict-dynamic'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("object-src 'none'");
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['permissions-policy']).toContain('camera=()');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');

    const nonce = nonceOf(response);
    const nonces = await scriptNonces(page);
    expect(nonces.length).toBeGreaterThan(0);
    expect(nonces.every((n) => n === nonce)).toBe(true);
    // The scripts ran: React hydrated the page under the policy.
    await ready(page);
    expect(violations).toEqual([]);
  });

  test('every request gets its own nonce, signed-in pages too', async ({ page }) => {
    const first = nonceOf(await page.goto('/sign-in'));
    const second = nonceOf(await page.goto('/sign-in'));
    expect(second).not.toBe(first);
    await signIn(page, 'maker');
    const portal = await page.reload();
    const nonce = nonceOf(portal);
    expect((await scriptNonces(page)).every((n) => n === nonce)).toBe(true);
    await ready(page);
  });

  test('signed-in pages and the not-found page run under the policy without a violation', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
    });
    await signIn(page, 'admin');
    for (const url of ['/connectors', '/connectors/new', '/connectors/shared', '/admin', '/no-such-page']) {
      await page.goto(url);
      await ready(page);
    }
    expect(violations).toEqual([]);
  });
});

test.describe('people search', () => {
  test('a guest finds a person by exact email only', async ({ page }) => {
    await signIn(page, 'guest');
    const search = async (q: string) => {
      const response = await page.request.get(`/api/principals?q=${encodeURIComponent(q)}`);
      expect(response.status()).toBe(200);
      return ((await response.json()) as { results: { name: string }[] }).results.map((r) => r.name);
    };
    expect(await search('meg')).toEqual([]);
    expect(await search('maker@')).toEqual([]);
    expect(await search(demoUsers.maker.email)).toEqual([demoUsers.maker.name]);
  });
});

/** One HTTP request from a chosen local address (the whole of 127.0.0.0/8 reaches the server). */
function requestFrom(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

test.describe('sign-in throttling', () => {
  test('a different X-Forwarded-For on every attempt does not escape the limit of the address they come from', async ({ baseURL }) => {
    // Another loopback address than the rest of the suite, whose sign-ins it must not slow down.
    const from = '127.0.0.77';
    const csrf = await requestFrom(from, `${baseURL}/api/auth/csrf`);
    const cookie = ([] as string[])
      .concat(csrf.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const attempts = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const body = new URLSearchParams({ csrfToken, email: `spray-${i}@nowhere.test`, password: 'wrong' }).toString();
        return requestFrom(from, `${baseURL}/api/auth/callback/credentials`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${i}` },
          body,
        });
      }),
    );
    const codes = attempts.map((a) => new URL(a.headers.location ?? '/', baseURL).searchParams.get('code'));
    // 20 free attempts per address, a 21st, then a lock: none of the claimed addresses counts.
    expect(codes.filter((c) => c === 'throttled').length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 'credentials').length).toBeLessThan(30);
  });
});
