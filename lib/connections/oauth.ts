import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { OutboundError, outboundFetch, type OutboundRequest } from '@/lib/outbound';

/*
 * OAuth 2.0 for connections (RFC 6749, PKCE per RFC 7636): the authorization code flow with an S256
 * challenge, client credentials, and refresh before expiry. Every token request goes through the
 * outbound guard. Token sets are plain JSON so the caller can seal them (lib/secrets) on the
 * connection; nothing here logs or puts a token, a code, a verifier or a client secret in an error.
 */

/** The token endpoint and how this client authenticates there. */
export interface OAuthClient {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  /** `client_secret_post` (default: what most providers accept), `client_secret_basic`, or `none` (public client, PKCE only). */
  clientAuth?: 'client_secret_post' | 'client_secret_basic' | 'none';
  /** Passed to the guard: a timeout, and in tests a policy or a resolver. */
  outbound?: Pick<OutboundRequest, 'timeoutMs' | 'policy' | 'resolve'>;
}

/** What a connection keeps (sealed) after signing in. */
export interface TokenSet {
  accessToken: string;
  tokenType: string;
  /** Epoch milliseconds; absent when the provider did not say (then it is never refreshed ahead of time). */
  expiresAt?: number;
  refreshToken?: string;
  scope?: string;
  idToken?: string;
}

export type OAuthErrorKind =
  /** Renewing a token (refresh, or a new client-credentials token) failed: mark the connection `Error` with the message. */
  | 'refresh_failed'
  /** Exchanging a code or getting a first client-credentials token failed: show the message to the person signing in. */
  | 'token_request_failed';

/** A failed token request. The message is the reason to show (and store on the connection); it holds no secret. */
export class OAuthError extends Error {
  readonly kind: OAuthErrorKind;
  /** HTTP status of the token endpoint's answer, when there was one. */
  readonly status?: number;
  /** The provider's `error` code (`invalid_grant`, …). */
  readonly oauthError?: string;

  constructor(kind: OAuthErrorKind, message: string, details: { status?: number; oauthError?: string; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = 'OAuthError';
    this.kind = kind;
    this.status = details.status;
    this.oauthError = details.oauthError;
  }
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** S256 challenge of a PKCE verifier. */
export const codeChallenge = (verifier: string) => base64url(createHash('sha256').update(verifier).digest());

export interface AuthorizationStart {
  /** Where to send the person's browser. */
  url: string;
  /** Keep server-side (sealed, or in an encrypted cookie) until the callback; compare with `checkState`. */
  state: string;
  /** Keep server-side with the state; `exchangeAuthorizationCode` needs it. Never sent to the browser. */
  codeVerifier: string;
}

/**
 * Builds the authorization URL for the code flow with PKCE (S256) and a fresh state. `extraParams`
 * (e.g. `resource`, `prompt`) cannot override the protocol's own parameters.
 */
export function startAuthorization(input: {
  authorizationUrl: string;
  clientId: string;
  redirectUri: string;
  scopes?: string[];
  extraParams?: Record<string, string>;
}): AuthorizationStart {
  let url: URL;
  try {
    url = new URL(input.authorizationUrl);
  } catch {
    throw new OAuthError('token_request_failed', 'The connector’s authorization URL isn’t a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OAuthError('token_request_failed', 'The connector’s authorization URL must start with https://.');
  }
  const state = base64url(randomBytes(32));
  const codeVerifier = base64url(randomBytes(32));
  for (const [key, value] of Object.entries(input.extraParams ?? {})) url.searchParams.set(key, value);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  if (input.scopes?.length) url.searchParams.set('scope', input.scopes.join(' '));
  else url.searchParams.delete('scope');
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', codeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return { url: url.href, state, codeVerifier };
}

/** Whether the callback's `state` is the one this sign-in started with (constant time). */
export function checkState(expected: string, received: string | null | undefined): boolean {
  if (!received) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The provider's description, printable, short, and with anything we sent it removed. */
function describeProviderError(body: Record<string, unknown>, sent: string[]): { code?: string; text: string } {
  const code = typeof body.error === 'string' ? body.error.replace(/[^\x20-\x7e]/g, '').slice(0, 64) : undefined;
  let description = typeof body.error_description === 'string' ? body.error_description.replace(/[^\x20-\x7e]/g, ' ').trim() : '';
  for (const secret of sent) if (secret.length >= 4) description = description.split(secret).join('••••');
  description = description.length > 200 ? `${description.slice(0, 200)}…` : description;
  return { code, text: [code, description].filter(Boolean).join(': ') };
}

function parseBody(text: string, contentType: string | undefined): Record<string, unknown> | null {
  if (/application\/x-www-form-urlencoded/i.test(contentType ?? '')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Posts one token request through the guard and reads a token set from the answer. */
async function tokenRequest(
  client: OAuthClient,
  grant: Record<string, string>,
  failure: OAuthErrorKind,
  previous?: TokenSet,
): Promise<TokenSet> {
  const form = new URLSearchParams(grant);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const auth = client.clientAuth ?? 'client_secret_post';
  if (auth === 'client_secret_basic' && client.clientSecret !== undefined) {
    // RFC 6749 §2.3.1: each part form-encoded before joining.
    const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret)}`).toString('base64')}`;
  } else {
    form.set('client_id', client.clientId);
    if (auth === 'client_secret_post' && client.clientSecret !== undefined) form.set('client_secret', client.clientSecret);
  }
  const verb = failure === 'refresh_failed' ? 'renew the sign-in' : 'complete the sign-in';
  let response;
  try {
    response = await outboundFetch({
      ...client.outbound,
      url: client.tokenUrl,
      method: 'POST',
      headers,
      body: form.toString(),
      // A token endpoint that redirects a POST carrying a secret is not followed.
      maxRedirects: 0,
      maxResponseBytes: 64 * 1024,
      ifTooLarge: 'fail',
    });
  } catch (error) {
    const reason = error instanceof OutboundError ? error.message : 'The token request failed.';
    throw new OAuthError(failure, `Couldn’t ${verb}: ${reason}`, { cause: error });
  }
  const body = parseBody(response.text(), response.headers['content-type']);
  const sent = [...Object.values(grant), client.clientSecret ?? ''];
  if (response.status < 200 || response.status >= 300) {
    const provider = body ? describeProviderError(body, sent) : { code: undefined, text: '' };
    const expired = provider.code === 'invalid_grant' && grant.grant_type === 'refresh_token';
    const message = expired
      ? `The sign-in expired or was revoked (${provider.text}). Sign in again.`
      : `Couldn’t ${verb}: the token endpoint answered ${response.status}${provider.text ? ` (${provider.text})` : ''}.`;
    throw new OAuthError(failure, message, { status: response.status, oauthError: provider.code });
  }
  const accessToken = body?.access_token;
  if (!body || typeof accessToken !== 'string' || !accessToken) {
    throw new OAuthError(failure, `Couldn’t ${verb}: the token endpoint’s answer holds no access token.`, { status: response.status });
  }
  const tokenType = typeof body.token_type === 'string' && body.token_type ? body.token_type : 'Bearer';
  if (tokenType.toLowerCase() !== 'bearer') {
    throw new OAuthError(failure, `Couldn’t ${verb}: tokens of type “${tokenType.replace(/[^\w-]/g, '').slice(0, 20)}” aren’t supported.`);
  }
  const expiresIn = Number(body.expires_in);
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1000 : undefined,
    // A provider that does not rotate refresh tokens leaves the current one valid.
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : previous?.refreshToken,
    scope: typeof body.scope === 'string' ? body.scope : previous?.scope,
    idToken: typeof body.id_token === 'string' ? body.id_token : undefined,
  };
}

/** Exchanges the callback's code (with the PKCE verifier kept since `startAuthorization`) for tokens. Throws OAuthError. */
export function exchangeAuthorizationCode(
  client: OAuthClient,
  input: { code: string; redirectUri: string; codeVerifier: string },
): Promise<TokenSet> {
  return tokenRequest(
    client,
    { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri, code_verifier: input.codeVerifier },
    'token_request_failed',
  );
}

function clientCredentials(client: OAuthClient, scopes: string[] | undefined, failure: OAuthErrorKind): Promise<TokenSet> {
  const grant: Record<string, string> = { grant_type: 'client_credentials' };
  if (scopes?.length) grant.scope = scopes.join(' ');
  return tokenRequest(client, grant, failure);
}

/** Gets a token with the client credentials grant (no person signs in). Throws OAuthError `token_request_failed`. */
export function requestClientCredentialsToken(client: OAuthClient, input: { scopes?: string[] } = {}): Promise<TokenSet> {
  return clientCredentials(client, input.scopes, 'token_request_failed');
}

/** Uses the refresh token; keeps it when the provider doesn't send a new one. Throws OAuthError `refresh_failed`. */
export function refreshTokenSet(client: OAuthClient, tokenSet: TokenSet, input: { scopes?: string[] } = {}): Promise<TokenSet> {
  if (!tokenSet.refreshToken) {
    return Promise.reject(new OAuthError('refresh_failed', 'The sign-in expired and can’t be renewed (no refresh token). Sign in again.'));
  }
  const grant: Record<string, string> = { grant_type: 'refresh_token', refresh_token: tokenSet.refreshToken };
  if (input.scopes?.length) grant.scope = input.scopes.join(' ');
  return tokenRequest(client, grant, 'refresh_failed', tokenSet);
}

/** Refresh this long before the provider's expiry, so a token never expires in flight. */
export const REFRESH_AHEAD_MS = 5 * 60_000;

/** Whether a token set should be renewed before use. */
export function needsRefresh(tokenSet: TokenSet, now = Date.now(), aheadMs = REFRESH_AHEAD_MS): boolean {
  return tokenSet.expiresAt !== undefined && tokenSet.expiresAt - aheadMs <= now;
}

/**
 * A token set good for the next call: the same one while it has time left, else refreshed (code
 * flow) or fetched again (client credentials). When `refreshed` is true the caller seals and
 * stores the new set; on OAuthError `refresh_failed` it marks the connection `Error` with the message.
 */
export async function ensureFreshToken(
  client: OAuthClient,
  tokenSet: TokenSet,
  options: { grant: 'authorization_code' | 'client_credentials'; scopes?: string[]; now?: number },
): Promise<{ tokenSet: TokenSet; refreshed: boolean }> {
  if (!needsRefresh(tokenSet, options.now)) return { tokenSet, refreshed: false };
  if (options.grant === 'client_credentials') {
    return { tokenSet: await clientCredentials(client, options.scopes, 'refresh_failed'), refreshed: true };
  }
  return { tokenSet: await refreshTokenSet(client, tokenSet, { scopes: options.scopes }), refreshed: true };
}
