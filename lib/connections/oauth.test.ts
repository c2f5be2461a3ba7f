import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundFetch, outboundPolicyFromEnv } from '@/lib/outbound';
import {
  checkState,
  codeChallenge,
  ensureFreshToken,
  exchangeAuthorizationCode,
  needsRefresh,
  OAuthError,
  refreshTokenSet,
  requestClientCredentialsToken,
  startAuthorization,
  type OAuthClient,
  type TokenSet,
} from './oauth';

/*
 * Against a real OAuth 2.0 server (oauth2-mock-server) on 127.0.0.1, started here: it checks the
 * PKCE verifier against the challenge it saw at /authorize, issues signed JWTs and refresh tokens.
 * Failures are produced with its own `beforeResponse` hook, as a provider would answer.
 */

const server = new OAuth2Server();
let issuer = '';
const redirectUri = 'http://localhost:3000/api/connections/oauth/callback';
const clientSecret = 'client-s3cret-value';
let client: OAuthClient;
/** Token requests the server saw: grant type, form body and Authorization header. */
const seen: { body: Record<string, string>; authorization?: string }[] = [];

beforeAll(async () => {
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  issuer = server.issuer.url!;
  client = { tokenUrl: `${issuer}/token`, clientId: 'makerport-test', clientSecret };
  server.service.on('beforeResponse', (_response: unknown, req: IncomingMessage & { body: Record<string, string> }) => {
    seen.push({ body: { ...req.body }, authorization: req.headers.authorization });
  });
});
afterAll(() => server.stop());

const jwtPayload = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** Follows the authorize redirect the way a browser would, returning the callback's query. */
async function authorize(url: string): Promise<URLSearchParams> {
  const response = await outboundFetch({ url, maxRedirects: 0 });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.location!);
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  return location.searchParams;
}

/** Makes the server's next token answer a failure. */
function failNextToken(status: number, body: Record<string, unknown>) {
  server.service.once('beforeResponse', (response: { statusCode: number; body: unknown }) => {
    response.statusCode = status;
    response.body = body;
  });
}

describe('authorization code with PKCE', () => {
  it('builds the authorize URL with state and an S256 challenge, and exchanges the code with the verifier', async () => {
    const start = startAuthorization({
      authorizationUrl: `${issuer}/authorize`,
      clientId: client.clientId,
      redirectUri,
      scopes: ['tasks.read', 'offline_access'],
      extraParams: { prompt: 'consent', state: 'attacker', code_challenge_method: 'plain' },
    });
    const url = new URL(start.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      prompt: 'consent',
      response_type: 'code',
      client_id: 'makerport-test',
      redirect_uri: redirectUri,
      scope: 'tasks.read offline_access',
      state: start.state,
      code_challenge: codeChallenge(start.codeVerifier),
      code_challenge_method: 'S256',
    });
    expect(start.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(start.state).not.toBe(startAuthorization({ authorizationUrl: `${issuer}/authorize`, clientId: 'x', redirectUri }).state);

    const callback = await authorize(start.url);
    expect(checkState(start.state, callback.get('state'))).toBe(true);
    const tokens = await exchangeAuthorizationCode(client, { code: callback.get('code')!, redirectUri, codeVerifier: start.codeVerifier });
    expect(tokens).toMatchObject({ tokenType: 'Bearer', refreshToken: expect.any(String), idToken: expect.any(String) });
    expect(jwtPayload(tokens.accessToken)).toMatchObject({ iss: issuer, sub: 'johndoe' });
    expect(tokens.expiresAt! - Date.now()).toBeGreaterThan(3_500_000);
    expect(seen.at(-1)!.body).toMatchObject({
      grant_type: 'authorization_code',
      code_verifier: start.codeVerifier,
      redirect_uri: redirectUri,
      client_id: 'makerport-test',
      client_secret: clientSecret,
    });
  });

  it('fails when the verifier is not the one behind the challenge (the server checks it)', async () => {
    const start = startAuthorization({ authorizationUrl: `${issuer}/authorize`, clientId: client.clientId, redirectUri });
    const callback = await authorize(start.url);
    const other = startAuthorization({ authorizationUrl: `${issuer}/authorize`, clientId: client.clientId, redirectUri }).codeVerifier;
    const error = await exchangeAuthorizationCode(client, { code: callback.get('code')!, redirectUri, codeVerifier: other }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ kind: 'token_request_failed', status: 400, oauthError: 'invalid_request' });
    expect((error as Error).message).toBe(
      'Couldn’t complete the sign-in: the token endpoint answered 400 (invalid_request: code_verifier provided does not match code_challenge).',
    );
    expect((error as Error).message).not.toContain(other);
  });

  it('tells a forged or missing state apart', () => {
    const { state } = startAuthorization({ authorizationUrl: `${issuer}/authorize`, clientId: 'x', redirectUri });
    expect(checkState(state, `${state.slice(0, -1)}A`)).toBe(state.endsWith('A'));
    expect(checkState(state, null)).toBe(false);
    expect(checkState(state, '')).toBe(false);
    expect(checkState(state, `${state}x`)).toBe(false);
  });
});

describe('refresh', () => {
  async function signIn(): Promise<TokenSet> {
    const start = startAuthorization({ authorizationUrl: `${issuer}/authorize`, clientId: client.clientId, redirectUri });
    const callback = await authorize(start.url);
    return exchangeAuthorizationCode(client, { code: callback.get('code')!, redirectUri, codeVerifier: start.codeVerifier });
  }

  it('leaves a token with time left alone and refreshes one about to expire, before it does', async () => {
    const tokens = await signIn();
    const before = seen.length;
    expect(await ensureFreshToken(client, tokens, { grant: 'authorization_code' })).toEqual({ tokenSet: tokens, refreshed: false });
    expect(seen.length).toBe(before);

    const expiring = { ...tokens, expiresAt: Date.now() + 60_000 };
    expect(needsRefresh(expiring)).toBe(true);
    const { tokenSet, refreshed } = await ensureFreshToken(client, expiring, { grant: 'authorization_code' });
    expect(refreshed).toBe(true);
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)!.body).toMatchObject({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
    // The server rotates refresh tokens; its JWTs carry no jti, so two issued in one second may be equal.
    expect(tokenSet.refreshToken).not.toBe(tokens.refreshToken);
    expect(jwtPayload(tokenSet.accessToken)).toMatchObject({ iss: issuer, sub: 'johndoe' });
    expect(tokenSet.expiresAt! - Date.now()).toBeGreaterThan(3_500_000);
  });

  it('reports a refused refresh as refresh_failed with a reason to show, and no secret in it', async () => {
    const tokens = await signIn();
    failNextToken(400, { error: 'invalid_grant', error_description: `Refresh token ${tokens.refreshToken} has expired` });
    const error = await refreshTokenSet(client, tokens).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ kind: 'refresh_failed', status: 400, oauthError: 'invalid_grant' });
    expect((error as Error).message).toBe(
      'The sign-in expired or was revoked (invalid_grant: Refresh token •••• has expired). Sign in again.',
    );
    expect((error as Error).message).not.toContain(tokens.refreshToken);
    expect((error as Error).message).not.toContain(clientSecret);
  });

  it('reports a server error and an answer without a token as refresh_failed too', async () => {
    const tokens = { ...(await signIn()), expiresAt: Date.now() - 1 };
    failNextToken(503, { error: 'temporarily_unavailable' });
    await expect(ensureFreshToken(client, tokens, { grant: 'authorization_code' })).rejects.toMatchObject({
      kind: 'refresh_failed',
      message: 'Couldn’t renew the sign-in: the token endpoint answered 503 (temporarily_unavailable).',
    });
    failNextToken(200, { token_type: 'Bearer' });
    await expect(ensureFreshToken(client, tokens, { grant: 'authorization_code' })).rejects.toMatchObject({
      kind: 'refresh_failed',
      message: 'Couldn’t renew the sign-in: the token endpoint’s answer holds no access token.',
    });
  });

  it('cannot refresh without a refresh token', async () => {
    await expect(refreshTokenSet(client, { accessToken: 'a', tokenType: 'Bearer' })).rejects.toMatchObject({ kind: 'refresh_failed' });
  });
});

describe('client credentials', () => {
  it('gets a token with the secret in the body, or in Basic authentication', async () => {
    const tokens = await requestClientCredentialsToken(client, { scopes: ['api.read'] });
    expect(jwtPayload(tokens.accessToken)).toMatchObject({ scope: 'api.read' });
    expect(tokens.refreshToken).toBeUndefined();
    expect(seen.at(-1)!.body).toEqual({
      grant_type: 'client_credentials',
      scope: 'api.read',
      client_id: 'makerport-test',
      client_secret: clientSecret,
    });

    await requestClientCredentialsToken({ ...client, clientId: 'id with space', clientAuth: 'client_secret_basic' });
    expect(seen.at(-1)!.body).toEqual({ grant_type: 'client_credentials' });
    expect(Buffer.from(seen.at(-1)!.authorization!.replace(/^Basic /, ''), 'base64').toString()).toBe(`id+with+space:${clientSecret}`);
  });

  it('fetches a new token when the current one is about to expire', async () => {
    const tokens = await requestClientCredentialsToken(client);
    const before = seen.length;
    const stale = { ...tokens, expiresAt: Date.now() + 1000 };
    const { tokenSet, refreshed } = await ensureFreshToken(client, stale, { grant: 'client_credentials' });
    expect(refreshed).toBe(true);
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)!.body.grant_type).toBe('client_credentials');
    expect(tokenSet.expiresAt! - Date.now()).toBeGreaterThan(3_500_000);
    failNextToken(401, { error: 'invalid_client' });
    await expect(ensureFreshToken(client, { ...tokens, expiresAt: 0 }, { grant: 'client_credentials' })).rejects.toMatchObject({
      kind: 'refresh_failed',
      oauthError: 'invalid_client',
    });
  });
});

describe('every token request goes through the outbound guard', () => {
  it('refuses a token endpoint on a loopback address in production, before sending anything', async () => {
    const production = { ...client, outbound: { policy: outboundPolicyFromEnv({ NODE_ENV: 'production' }) } };
    const before = seen.length;
    const error = await requestClientCredentialsToken(production).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'token_request_failed' });
    expect((error as Error).message).toBe(
      'Couldn’t complete the sign-in: Makerport doesn’t call localhost: it resolves to a loopback address. An administrator can allow it with MAKERPORT_OUTBOUND_ALLOW.',
    );
    expect(seen.length).toBe(before);
    const refresh = await refreshTokenSet(production, { accessToken: 'a', tokenType: 'Bearer', refreshToken: 'r-123456' }).catch(
      (e: unknown) => e,
    );
    expect(refresh).toMatchObject({ kind: 'refresh_failed' });
  });

  it('does not follow a token endpoint that redirects (the POST carries the client secret)', async () => {
    const redirector = http.createServer((_req, res) => {
      res.writeHead(307, { location: `${issuer}/token` });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    try {
      const before = seen.length;
      const tokenUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/token`;
      await expect(requestClientCredentialsToken({ ...client, tokenUrl })).rejects.toMatchObject({
        kind: 'token_request_failed',
        status: 307,
        message: 'Couldn’t complete the sign-in: the token endpoint answered 307.',
      });
      expect(seen.length).toBe(before);
    } finally {
      redirector.close();
    }
  });
});
