import 'server-only';
import { randomBytes } from 'node:crypto';
import type { ConnectorVersion } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { findOperationSpec, isObject, schemaAt, schemeOf, type Json, type OperationParameter, type OperationSpec } from './operation-spec';
import { injectAuth, isEmpty, REDACTED, scalarText, scrub, type ConnectionCredentials } from './request-auth';

/*
 * The one path from "call operation X of this connector with these values on this connection" to
 * an HTTP request. The flow engine and the connector Test tab both build here and send through
 * lib/outbound (`outboundFetch(built.request)`). Values are keyed as Power Automate keys them
 * (DESIGN.md §8): path, query, header and form parameters by name; the body as
 * `<body parameter name>` (whole) or `<body parameter name>/<property>[/<nested>…]`.
 */

export { REDACTED, type ConnectionCredentials } from './request-auth';
export { testConnectionOperation } from './operation-spec';

/** What the builder reads from a connector version (or a draft: same columns). */
export type RequestDefinition = Pick<
  ConnectorVersion,
  'host' | 'basePath' | 'document' | 'authKind' | 'authConfig' | 'connectionParameters'
>;

export interface BuildRequestInput {
  definition: RequestDefinition;
  operationId: string;
  /** Power Automate–keyed values: `{ siteId: 'x', days: 3, 'body/text': 'hi' }`. */
  parameters: Record<string, unknown>;
  /** The connection's decrypted values; required unless the connector's auth kind is `none`. */
  credentials?: ConnectionCredentials;
}

/** The request as sent, plus a copy safe to show. */
export interface BuiltRequest {
  /** Hand to `outboundFetch` as it is (`sensitiveHeaders` keeps a key header off a cross-origin redirect). */
  request: { method: string; url: string; headers: Record<string, string>; body?: string; sensitiveHeaders: string[] };
  /** The same request with every secret value replaced by `••••`: for the Test tab, run history, logs. */
  redacted: { method: string; url: string; headers: Record<string, string>; body?: string };
  operation: { operationId: string; method: string; path: string };
}

function fieldError(message: string, fields: Record<string, string>): AppError {
  return new AppError('INVALID_INPUT', message, { fieldErrors: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v]])) });
}

/** Sorts the given values onto the operation's parameters; refuses keys it doesn't have and missing required values. */
function assignValues(spec: OperationSpec, given: Record<string, unknown>) {
  const byName = new Map<string, OperationParameter>();
  for (const where of ['path', 'query', 'header', 'formData']) {
    for (const p of spec.parameters) if (p.in === where && !byName.has(p.name)) byName.set(p.name, p);
  }
  const values = new Map<OperationParameter, unknown>();
  const body = spec.body;
  let wholeBody: unknown;
  const bodyProperties: [string[], unknown][] = [];
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    const p = byName.get(key);
    if (p) values.set(p, value);
    else if (body && key === body.name) wholeBody = value;
    else if (body && key.startsWith(`${body.name}/`)) bodyProperties.push([key.slice(body.name.length + 1).split('/'), value]);
    else unknown.push(key);
  }
  if (unknown.length) {
    throw fieldError(
      `“${spec.operationId}” has no parameter ${unknown.map((k) => `“${k}”`).join(', ')}.`,
      Object.fromEntries(unknown.map((k) => [k, 'Not a parameter of this operation.'])),
    );
  }
  for (const p of spec.parameters) if (p.internalDefault !== undefined && isEmpty(values.get(p))) values.set(p, p.internalDefault);
  const missing = spec.parameters.filter((p) => p.required && isEmpty(values.get(p)));
  if (missing.length) {
    throw fieldError(
      `Fill in ${missing.map((p) => `“${p.name}”`).join(', ')}.`,
      Object.fromEntries(missing.map((p) => [p.name, 'Required.'])),
    );
  }
  return { values, wholeBody, bodyProperties };
}

/** Query entries for one parameter: an array repeats the name or joins its items, as the parameter says. */
function queryEntries(p: OperationParameter, value: unknown): [string, string][] {
  if (!Array.isArray(value)) return [[p.name, scalarText(value)]];
  if (p.arrayFormat === 'multi') return value.map((v) => [p.name, scalarText(v)]);
  const separator = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|' }[p.arrayFormat];
  return [[p.name, value.map(scalarText).join(separator)]];
}

/** Typed text from a form ("3", "true") becomes the type the body schema declares; anything else is kept as given. */
function coerce(value: unknown, schema: Json | undefined): unknown {
  if (typeof value !== 'string' || !schema) return value;
  if ((schema.type === 'integer' || schema.type === 'number') && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  if (schema.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function setPath(target: Json, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Json;
  }
  node[path.at(-1)!] = value;
}

/** The body payload: the whole value (JSON text parsed when the operation takes JSON), then each property on top. */
function bodyPayload(document: Json, spec: OperationSpec, whole: unknown, properties: [string[], unknown][]): unknown {
  let payload = whole;
  if (typeof payload === 'string' && /json/i.test(spec.contentType)) {
    try {
      payload = JSON.parse(payload);
    } catch {
      // Not JSON text: sent as a JSON string.
    }
  }
  if (properties.length) {
    payload = isObject(payload) ? structuredClone(payload) : {};
    for (const [keys, value] of properties) setPath(payload as Json, keys, coerce(value, schemaAt(document, spec.body?.schema, keys)));
  }
  if (spec.body?.required && isEmpty(payload)) throw fieldError(`Fill in “${spec.body.name}”.`, { [spec.body.name]: 'Required.' });
  return payload;
}

/** `k=v&…`, percent-encoded; a value that is the redaction mark stays readable. */
const encodeQuery = (entries: [string, string][]) =>
  entries.map(([k, v]) => `${encodeURIComponent(k)}=${v === REDACTED ? v : encodeURIComponent(v)}`).join('&');

function multipart(fields: [string, string][]): { body: string; contentType: string } {
  const boundary = `----makerport${randomBytes(12).toString('hex')}`;
  const parts = fields.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, '_')}"\r\n\r\n${value}\r\n`,
  );
  return { body: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

const hasHeader = (headers: Record<string, string>, name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);

/**
 * Builds the HTTP request for one operation of a connector definition, with Power Automate–keyed
 * values and a connection's decrypted credentials, and a redacted copy to show. Throws
 * INVALID_INPUT (with `fieldErrors` by parameter key) for an unknown operation or parameter, a
 * missing required value, or credentials the connector needs and the connection lacks.
 */
export function buildOperationRequest(input: BuildRequestInput): BuiltRequest {
  const { definition } = input;
  const document = definition.document;
  const spec = findOperationSpec(document, input.operationId);
  if (!spec) throw new AppError('INVALID_INPUT', `The connector has no operation “${input.operationId}”.`);
  if (!definition.host) throw new AppError('INVALID_INPUT', 'The connector has no host: set `host` (or `servers`) in its definition.');
  const { values, wholeBody, bodyProperties } = assignValues(spec, input.parameters);

  let path = spec.route.startsWith('/') ? spec.route : `/${spec.route}`;
  const query: [string, string][] = [];
  const headers: Record<string, string> = {};
  const form: [string, string][] = [];
  for (const [p, value] of values) {
    if (isEmpty(value)) continue;
    const text = Array.isArray(value) ? value.map(scalarText).join(',') : scalarText(value);
    if (p.in === 'path') {
      const encoded = encodeURIComponent(text);
      path = path.split(`{${p.name}}`).join(p.doubleEncode ? encodeURIComponent(encoded) : encoded);
    } else if (p.in === 'query') query.push(...queryEntries(p, value));
    else if (p.in === 'header') headers[p.name] = text;
    else if (p.in === 'formData') form.push([p.name, text]);
  }

  let body: string | undefined;
  const payload = bodyPayload(document, spec, wholeBody, bodyProperties);
  if (!isEmpty(payload)) {
    body = /json/i.test(spec.contentType) || typeof payload !== 'string' ? JSON.stringify(payload) : payload;
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = spec.contentType;
  } else if (form.length) {
    const encoded = /multipart/i.test(spec.contentType)
      ? multipart(form)
      : { body: encodeQuery(form), contentType: 'application/x-www-form-urlencoded' };
    body = encoded.body;
    headers['Content-Type'] = encoded.contentType;
  }
  if (spec.producesJson && !hasHeader(headers, 'accept')) headers.Accept = 'application/json';

  const auth = injectAuth(definition, input.credentials, headers, query);
  const base = definition.basePath && definition.basePath !== '/' ? definition.basePath.replace(/\/+$/, '') : '';
  const prefix = `${schemeOf(document)}://${definition.host}${base}${path}`;
  const shownQuery = query.map(([k, v]): [string, string] => [k, auth.redactedQuery.includes(k) ? REDACTED : v]);
  return {
    request: {
      method: spec.method,
      url: `${prefix}${query.length ? `?${encodeQuery(query)}` : ''}`,
      headers,
      body,
      sensitiveHeaders: auth.sensitiveHeaders,
    },
    redacted: {
      method: spec.method,
      url: scrub(`${prefix}${shownQuery.length ? `?${encodeQuery(shownQuery)}` : ''}`, auth.secrets),
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, scrub(auth.shownHeaders[k] ?? v, auth.secrets)])),
      body: body === undefined ? undefined : scrub(body, auth.secrets),
    },
    operation: { operationId: spec.operationId, method: spec.method, path: spec.route },
  };
}
