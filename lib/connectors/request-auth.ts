import 'server-only';
import type { ConnectionParameter, ConnectorAuthConfig, ConnectorAuthKind } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { isObject, type Json } from './operation-spec';

/*
 * Credentials go into a request here, server-side and last, so nothing a flow author types can
 * replace them; and every secret comes out of the display copy here.
 */

export const REDACTED = '••••';

/** A connection's values with secrets decrypted; never logged, never returned to a browser. */
export interface ConnectionCredentials {
  /** Connection parameter values by parameter name: `{ api_key: '…', region: 'eu' }`. */
  values: Record<string, unknown>;
  /** OAuth 2.0 connections: a current access token (lib/connections/oauth refreshes it first). */
  accessToken?: string;
}

export interface AuthDefinition {
  authKind: ConnectorAuthKind;
  authConfig: ConnectorAuthConfig;
  connectionParameters: ConnectionParameter[];
  document: Json;
}

/** What injection did: which header and query values to show as ••••, and every secret string to scrub. */
export interface InjectedAuth {
  secrets: string[];
  shownHeaders: Record<string, string>;
  redactedQuery: string[];
  sensitiveHeaders: string[];
}

export const isEmpty = (value: unknown) => value === undefined || value === null || value === '';
export const scalarText = (value: unknown): string =>
  typeof value === 'string' ? value : isObject(value) || Array.isArray(value) ? JSON.stringify(value) : String(value);

const invalid = (message: string) => new AppError('INVALID_INPUT', message);

/** OpenAPI 3 `http` + `bearer` is stored as an API key in Authorization: the token then needs its scheme word. */
function isBearerScheme(document: Json): boolean {
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const first = Object.values(schemes).find(isObject);
  return first?.type === 'http' && String(first.scheme).toLowerCase() === 'bearer';
}

/** The value of the parameter Power Platform packages use (`api_key`, `username`, `password`), else the first secret (or not) one filled in. */
function credentialValue(definition: AuthDefinition, credentials: ConnectionCredentials, preferred: string, secret: boolean): string {
  const direct = credentials.values[preferred];
  if (!isEmpty(direct)) return scalarText(direct);
  const fallback = definition.connectionParameters.find((p) => p.isSecret === secret && !isEmpty(credentials.values[p.name]));
  return fallback ? scalarText(credentials.values[fallback.name]) : '';
}

/**
 * Adds the connection's credentials to `headers`/`query` per the connector's auth kind: API key in a
 * header or the query under its name, basic, or the OAuth bearer token. Throws INVALID_INPUT when
 * the connector needs credentials the connection doesn't have.
 */
export function injectAuth(
  definition: AuthDefinition,
  credentials: ConnectionCredentials | undefined,
  headers: Record<string, string>,
  query: [string, string][],
): InjectedAuth {
  const secrets = definition.connectionParameters
    .filter((p) => p.isSecret && credentials && !isEmpty(credentials.values[p.name]))
    .map((p) => scalarText(credentials!.values[p.name]));
  if (credentials?.accessToken) secrets.push(credentials.accessToken);
  const out: InjectedAuth = { secrets, shownHeaders: {}, redactedQuery: [], sensitiveHeaders: [] };
  if (definition.authKind === 'none') return out;
  if (!credentials) throw invalid('Choose a connection: this connector needs credentials.');
  const setHeader = (name: string, value: string, shown: string) => {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
    headers[name] = value;
    out.sensitiveHeaders.push(name);
    out.shownHeaders[name] = shown;
  };
  if (definition.authKind === 'api_key') {
    const key = credentialValue(definition, credentials, 'api_key', true);
    if (!key) throw invalid('The connection has no API key.');
    const name = definition.authConfig.parameterName ?? 'api_key';
    if (definition.authConfig.in === 'query') {
      for (let i = query.length - 1; i >= 0; i--) if (query[i]![0] === name) query.splice(i, 1);
      query.push([name, key]);
      out.redactedQuery.push(name);
    } else if (name.toLowerCase() === 'authorization' && isBearerScheme(definition.document) && !/^bearer /i.test(key)) {
      setHeader(name, `Bearer ${key}`, `Bearer ${REDACTED}`);
    } else {
      // "Bearer xyz" typed whole: show the scheme word, hide the rest.
      const scheme = name.toLowerCase() === 'authorization' ? /^([A-Za-z][\w-]*) +\S/.exec(key)?.[1] : undefined;
      setHeader(name, key, scheme ? `${scheme} ${REDACTED}` : REDACTED);
    }
  } else if (definition.authKind === 'basic') {
    const user = credentialValue(definition, credentials, 'username', false) || scalarText(credentials.values.username ?? '');
    const password = credentialValue(definition, credentials, 'password', true);
    if (!user && !password) throw invalid('The connection has no user name and password.');
    setHeader('Authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, `Basic ${REDACTED}`);
  } else if (definition.authKind === 'oauth2') {
    if (!credentials.accessToken) throw invalid('The connection isn’t signed in: sign in again.');
    setHeader('Authorization', `Bearer ${credentials.accessToken}`, `Bearer ${REDACTED}`);
  }
  return out;
}

/** Replaces each secret, raw or as it appears percent- or JSON-encoded, by ••••. */
export function scrub(text: string, secrets: string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue; // a one-letter "secret" would blank out half the request
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
      result = result.split(form).join(REDACTED);
    }
  }
  return result;
}
