import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authAccounts } from '@/db/schema';
import { createOrganization, createUser, setupTestDatabase } from '@/db/testing';
import { authConfig } from './config';

/*
 * The whole OpenID Connect sign-in, driven the way a browser drives it, through the app's own
 * Auth.js configuration (lib/auth/config.ts) and handlers: a real OIDC server (oauth2-mock-server on
 * 127.0.0.1) serves discovery, /authorize, the token endpoint and its signing keys; Auth.js checks
 * PKCE, the ID token's signature, issuer and audience; then our callbacks decide who comes in.
 * The ID token carries the claims Entra ID would (tid, oid, email, xms_edov), set per test.
 * Over HTTPS, as Entra is: Auth.js re-discovers an Entra issuer from the token's tenant and refuses
 * plain HTTP there. The certificate is made here, so this process skips certificate checks.
 */

const t = setupTestDatabase();
const certificates = mkdtempSync(path.join(tmpdir(), 'makerport-oidc-'));
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    path.join(certificates, 'key.pem'),
    '-out',
    path.join(certificates, 'cert.pem'),
  ],
  { stdio: 'ignore' },
);
const oidc = new OAuth2Server(path.join(certificates, 'key.pem'), path.join(certificates, 'cert.pem'));
const tenantId = randomUUID();
const base = 'http://makerport.test';
let handlers: ReturnType<typeof NextAuth>['handlers'];
let claims: Record<string, unknown> = {};

beforeAll(async () => {
  vi.stubEnv('AUTH_SECRET', randomBytes(32).toString('base64url'));
  vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
  await oidc.issuer.keys.generate('RS256');
  await oidc.start(0, '127.0.0.1');
  oidc.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => Object.assign(token.payload, claims));
  const org = await createOrganization(t.db, { name: `Entra flow ${randomUUID()}` });
  await createUser(t.db, org.id, { email: 'lee@flow.test', name: 'Lee Gu' });
  handlers = NextAuth(
    authConfig({
      entra: { clientId: 'makerport-app', clientSecret: 'client-s3cret', issuer: oidc.issuer.url!, tenantId, organizationName: org.name },
    }),
  ).handlers;
});
afterAll(async () => {
  await oidc.stop();
  vi.unstubAllEnvs();
  rmSync(certificates, { recursive: true, force: true });
});

/** A browser: a cookie jar, redirects followed by hand so each hop can be checked. */
function browser() {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!, value.join('='));
    }
    return response;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const app = async (url: string, init: { method?: string; form?: Record<string, string> } = {}) => {
    const request = new NextRequest(url, {
      method: init.method ?? 'GET',
      headers: { cookie: cookie(), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    return keep(await (request.method === 'POST' ? handlers.POST(request) : handlers.GET(request)));
  };
  return { app, jar };
}

/** Signs in with Microsoft; returns where Auth.js sends the browser at the end, and the session. */
async function signInWithMicrosoft(idTokenClaims: Record<string, unknown>) {
  claims = idTokenClaims;
  const { app } = browser();
  const { csrfToken } = (await (await app(`${base}/api/auth/csrf`)).json()) as { csrfToken: string };
  const start = await app(`${base}/api/auth/signin/microsoft-entra-id`, { method: 'POST', form: { csrfToken, callbackUrl: `${base}/` } });
  const authorize = new URL(start.headers.get('location')!);
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${oidc.issuer.url}/authorize`);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  // The identity provider answers /authorize with a redirect back to the app's callback.
  const back = await fetch(authorize, { redirect: 'manual' });
  const callback = back.headers.get('location')!;
  expect(callback.startsWith(`${base}/api/auth/callback/microsoft-entra-id?`)).toBe(true);
  const done = await app(callback);
  const session = (await (await app(`${base}/api/auth/session`)).json()) as { user?: { id?: string } } | null;
  return { location: done.headers.get('location'), userId: session?.user?.id ?? null };
}

describe('Entra ID sign-in against a real OIDC server', () => {
  it('a first sign-in with a verified address links and signs in the user; later the tid + oid alone do', async () => {
    const oid = randomUUID();
    const first = await signInWithMicrosoft({ tid: tenantId, oid, email: 'Lee@Flow.test', xms_edov: true, name: 'Lee' });
    expect(first.location).toBe(`${base}/`);
    const [link] = await t.db
      .select()
      .from(authAccounts)
      .where(eq(authAccounts.providerAccountId, `${tenantId}:${oid}`));
    expect(first.userId).toBe(link!.userId);
    // The address changed at Microsoft (and is no longer vouched for): still the same person.
    const again = await signInWithMicrosoft({ tid: tenantId, oid, email: 'someone.else@flow.test', name: 'Lee' });
    expect(again).toEqual({ location: `${base}/`, userId: link!.userId });
  });

  it('refuses an address Microsoft does not vouch for: back to sign-in, no session', async () => {
    const refused = await signInWithMicrosoft({ tid: tenantId, oid: randomUUID(), email: 'lee@flow.test', name: 'Lee' });
    expect(refused).toEqual({ location: `${base}/sign-in?error=AccessDenied`, userId: null });
  });

  it('refuses a token of another tenant', async () => {
    const refused = await signInWithMicrosoft({ tid: randomUUID(), oid: randomUUID(), email: 'lee@flow.test', xms_edov: true });
    expect(refused).toEqual({ location: `${base}/sign-in?error=AccessDenied`, userId: null });
  });
});
