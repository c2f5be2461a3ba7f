import 'server-only';
import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { OutboundError } from './errors';
import {
  checkAddress,
  describeCategory,
  isIpLiteral,
  normalizeHost,
  outboundPolicyFromEnv,
  refusesHostName,
  type AddressCategory,
  type OutboundPolicy,
} from './policy';

/*
 * The one way the product calls out (DESIGN.md §8). Each hop resolves its host, checks every
 * address against the policy, then connects through a `lookup` that can only return those checked
 * addresses: the socket cannot reach anything the check did not see (no DNS rebinding between the
 * check and the connect). Redirects are followed by hand, so each one goes through the same check.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Turns a host name into addresses. Injected by tests; the default asks the system resolver. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (`getaddrinfo`: /etc/hosts, then DNS), every address in the order it returns. */
export const systemResolver: Resolver = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export const outboundDefaults = {
  /** The whole call: resolution, every hop and reading the body. */
  timeoutMs: 30_000,
  /** Establishing one connection (TCP and TLS). */
  connectTimeoutMs: 10_000,
  maxResponseBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
} as const;

export interface OutboundRequest {
  url: string | URL;
  /** GET by default. */
  method?: string;
  headers?: Record<string, string | undefined>;
  body?: string | Uint8Array;
  /** The whole call, redirects and body included (default 30 s). */
  timeoutMs?: number;
  /** One connection, TCP and TLS (default 10 s, never more than `timeoutMs`). */
  connectTimeoutMs?: number;
  /** Bytes of (decoded) body kept (default 5 MiB). */
  maxResponseBytes?: number;
  /** Past the cap: `truncate` (default) keeps the first bytes and sets `truncated`; `fail` throws `too_large`. */
  ifTooLarge?: 'truncate' | 'fail';
  /** Redirects followed (default 5); 0 returns a redirect response as it is. */
  maxRedirects?: number;
  /** Headers carrying credentials besides Authorization, Cookie and Proxy-Authorization (an API key header): dropped on a redirect to another origin. */
  sensitiveHeaders?: string[];
  /** Aborts the call (a cancelled run); the call then fails with `cancelled`. */
  signal?: AbortSignal;
  /** Tests only: the policy (default: from the environment) and the resolver (default: the system's). */
  policy?: OutboundPolicy;
  resolve?: Resolver;
}

export interface OutboundResponse {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with `, `. Content-Encoding is gone once the body is decoded. */
  headers: Record<string, string>;
  /** The body, decoded (gzip, deflate, br) and capped at `maxResponseBytes`. */
  body: Buffer;
  /** True when the body was longer than the cap and was cut. */
  truncated: boolean;
  durationMs: number;
  /** The URL that answered, after redirects. It may carry a query-string credential: redact before showing it. */
  url: string;
  redirects: number;
  /** The address the last hop connected to. */
  address: string;
  /** The body as text, in the charset the response declares (UTF-8 otherwise). */
  text(): string;
  /** The body parsed as JSON; throws SyntaxError when it isn't. */
  json(): unknown;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ALWAYS_SENSITIVE = ['authorization', 'cookie', 'proxy-authorization'];
/** Headers the transport owns: a caller's value would contradict the connection or the body. */
const TRANSPORT_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer']);

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** A URL the guard will call: http(s) only, no credentials in it. */
function parseTarget(value: string | URL, context = 'The URL'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OutboundError('invalid_request', `${context} isn’t a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError('invalid_request', `${context} must start with http:// or https://.`, { host: url.hostname || undefined });
  }
  if (url.username || url.password) {
    throw new OutboundError('invalid_request', `${context} carries a user name or password: credentials belong in the connection.`, {
      host: url.hostname,
    });
  }
  return url;
}

function normalizeHeaders(input: Record<string, string | undefined> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input ?? {})) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (TRANSPORT_HEADERS.has(key)) continue;
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(key) || /[\r\n\0]/.test(value)) {
      // The value may be a secret: name the header only.
      throw new OutboundError(
        'invalid_request',
        `The header “${name.replace(/[^\x20-\x7e]/g, '?')}” has characters a request can’t carry.`,
      );
    }
    headers[key] = value;
  }
  return headers;
}

function abortedWith(signal: AbortSignal): OutboundError {
  return signal.reason instanceof OutboundError ? signal.reason : new OutboundError('cancelled', 'The call was cancelled.');
}

/** Waits for `promise` unless `signal` aborts first. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortedWith(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedWith(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const NETWORK_MESSAGES: Record<string, string> = {
  ECONNREFUSED: 'refused the connection',
  ECONNRESET: 'closed the connection',
  EPIPE: 'closed the connection',
  EHOSTUNREACH: 'is unreachable',
  ENETUNREACH: 'is unreachable',
  ETIMEDOUT: 'didn’t answer',
  ENOTFOUND: 'doesn’t resolve to an address',
  EAI_AGAIN: 'couldn’t be resolved (temporary DNS failure)',
  ENODATA: 'doesn’t resolve to an address',
  HPE_INVALID_CONSTANT: 'answered with something that isn’t HTTP',
  HPE_HEADER_OVERFLOW: 'answered with headers that are too large',
};

/** A system error as a plain sentence: which host, what happened, never the raw message. */
function networkError(error: unknown, host: string): OutboundError {
  if (error instanceof OutboundError) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return new OutboundError('network', `${host}’s TLS certificate isn’t trusted (${code}).`, { host, code });
  }
  if (code.startsWith('Z_') || code === 'ERR_BROTLI_DECOMPRESSION_FAILED') {
    return new OutboundError('network', `The response from ${host} couldn’t be decompressed.`, { host, code });
  }
  const what = NETWORK_MESSAGES[code];
  return new OutboundError('network', what ? `${host} ${what}.` : `The call to ${host} failed${code ? ` (${code})` : ''}.`, {
    host,
    code: code || undefined,
  });
}

export interface CheckTargetOptions {
  policy?: OutboundPolicy;
  resolve?: Resolver;
  signal?: AbortSignal;
}

/**
 * Resolves a URL's host and checks every address it resolves to; throws `refused_address` when
 * any is refused (a name that resolves to one public and one private address is refused: which one
 * a connection would use is not ours to choose). Returns the checked addresses.
 */
export async function checkTarget(target: string | URL, options: CheckTargetOptions = {}): Promise<ResolvedAddress[]> {
  const url = parseTarget(target);
  const policy = options.policy ?? outboundPolicyFromEnv();
  const host = normalizeHost(url.hostname);
  const literal = isIpLiteral(host);
  const refuse = (category: AddressCategory, resolved: boolean) =>
    new OutboundError(
      'refused_address',
      `Makerport doesn’t call ${host}: it ${resolved ? 'resolves to' : 'is'} ${describeCategory(category)}. An administrator can allow it with MAKERPORT_OUTBOUND_ALLOW.`,
      { host, category },
    );
  if (!literal && refusesHostName(policy, host)) throw refuse('metadata', false);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    const lookup = (options.resolve ?? systemResolver)(host);
    try {
      addresses = await (options.signal ? abortable(lookup, options.signal) : lookup);
    } catch (error) {
      throw networkError(error, host);
    }
    if (addresses.length === 0) throw new OutboundError('network', `${host} doesn’t resolve to an address.`, { host, code: 'ENOTFOUND' });
  }
  for (const { address } of addresses) {
    const verdict = checkAddress(policy, literal ? null : host, address);
    if (!verdict.allowed) throw refuse(verdict.category, !literal);
  }
  return addresses;
}

/** A `lookup` for net.connect that can only answer with the addresses already checked. */
function pinnedLookup(expectedHost: string, addresses: ResolvedAddress[]) {
  return (
    hostname: string,
    options: LookupOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    const family = options.family === 4 || options.family === 6 ? options.family : 0;
    const candidates = normalizeHost(hostname) === expectedHost ? addresses.filter((a) => !family || a.family === family) : [];
    if (candidates.length === 0) {
      callback(Object.assign(new Error('no checked address'), { code: 'ENOTFOUND' }), '', 4);
    } else if (options.all) {
      callback(null, candidates);
    } else {
      callback(null, candidates[0]!.address, candidates[0]!.family);
    }
  };
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
  addresses: ResolvedAddress[];
  connectTimeoutMs: number;
  signal: AbortSignal;
}

/** Sends one request over a fresh connection pinned to the checked addresses; resolves at the response head. */
function send(hop: Hop): Promise<IncomingMessage> {
  const host = normalizeHost(hop.url.hostname);
  if (hop.signal.aborted) return Promise.reject(abortedWith(hop.signal));
  return new Promise((resolve, reject) => {
    const secure = hop.url.protocol === 'https:';
    const headers = { ...hop.headers };
    if (hop.body) headers['content-length'] = String(hop.body.byteLength);
    let request: http.ClientRequest;
    try {
      request = (secure ? https : http).request(hop.url, {
        method: hop.method,
        headers,
        // A fresh connection per call: a pooled socket would skip the pinned lookup.
        agent: false,
        lookup: isIpLiteral(host) ? undefined : pinnedLookup(host, hop.addresses),
      });
    } catch (error) {
      reject(
        new OutboundError(
          'invalid_request',
          `The request to ${host} couldn’t be built (${(error as { code?: string }).code ?? 'invalid'}).`,
        ),
      );
      return;
    }
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const onAbort = () => request.destroy(abortedWith(hop.signal));
    hop.signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      settled = true;
      clearTimeout(connectTimer);
      hop.signal.removeEventListener('abort', onAbort);
    };
    request.once('socket', (socket) => {
      connectTimer = setTimeout(
        () =>
          request.destroy(new OutboundError('timeout', `Couldn’t connect to ${host} within ${seconds(hop.connectTimeoutMs)}.`, { host })),
        hop.connectTimeoutMs,
      );
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    request.once('response', (response) => {
      settle();
      // From here the body reader owns aborts and errors.
      resolve(response);
    });
    // `on`, not `once`: a late error after the response must not become an uncaught exception.
    request.on('error', (error) => {
      if (settled) return;
      settle();
      reject(hop.signal.aborted ? abortedWith(hop.signal) : networkError(error, host));
    });
    request.end(hop.body);
  });
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/** Reads a body up to the cap, decoding it on the way so a small compressed body cannot expand past the cap. */
async function readBody(
  response: IncomingMessage,
  host: string,
  options: { cap: number; ifTooLarge: 'truncate' | 'fail'; signal: AbortSignal },
): Promise<{ body: Buffer; truncated: boolean; decoded: boolean }> {
  const tooLarge = () =>
    new OutboundError('too_large', `The response from ${host} is larger than ${options.cap.toLocaleString('en')} bytes.`, { host });
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder = decoderFor(encoding);
  const declared = Number(response.headers['content-length']);
  if (options.ifTooLarge === 'fail' && !decoder && Number.isFinite(declared) && declared > options.cap) {
    response.destroy();
    throw tooLarge();
  }
  let stream: Readable = response;
  if (decoder) {
    response.on('error', (error) => decoder.destroy(error));
    stream = response.pipe(decoder);
  }
  const onAbort = () => response.destroy(abortedWith(options.signal));
  options.signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (total + chunk.length > options.cap) {
        if (options.ifTooLarge === 'fail') throw tooLarge();
        chunks.push(chunk.subarray(0, options.cap - total));
        total = options.cap;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      total += chunk.length;
    }
  } catch (error) {
    throw options.signal.aborted ? abortedWith(options.signal) : networkError(error, host);
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    response.destroy();
    decoder?.destroy();
  }
  return { body: Buffer.concat(chunks, total), truncated, decoded: decoder != null };
}

function flattenHeaders(response: IncomingMessage, decoded: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (decoded) {
    delete headers['content-encoding'];
    delete headers['content-length'];
  }
  return headers;
}

function decodeText(body: Buffer, contentType: string | undefined): string {
  const charset = /charset="?([^";]+)"?/i.exec(contentType ?? '')?.[1]?.trim();
  try {
    return new TextDecoder(charset || 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/**
 * Calls an http(s) URL through the outbound guard: every hop's addresses are checked against the
 * policy and the connection pinned to them, redirects are followed by hand (each re-checked,
 * credentials dropped when the origin changes), with a connect timeout, a whole-call timeout and
 * a cap on the body. Throws OutboundError; any HTTP status, 4xx and 5xx included, is a response.
 */
export async function outboundFetch(input: OutboundRequest): Promise<OutboundResponse> {
  const started = performance.now();
  const policy = input.policy ?? outboundPolicyFromEnv();
  const timeoutMs = input.timeoutMs ?? outboundDefaults.timeoutMs;
  const connectTimeoutMs = Math.min(input.connectTimeoutMs ?? outboundDefaults.connectTimeoutMs, timeoutMs);
  const maxRedirects = input.maxRedirects ?? outboundDefaults.maxRedirects;
  const cap = input.maxResponseBytes ?? outboundDefaults.maxResponseBytes;
  const sensitive = [...ALWAYS_SENSITIVE, ...(input.sensitiveHeaders ?? []).map((h) => h.toLowerCase())];

  let url = parseTarget(input.url);
  let method = (input.method ?? 'GET').toUpperCase();
  let headers = normalizeHeaders(input.headers);
  headers['user-agent'] ??= 'Makerport';
  headers['accept-encoding'] ??= 'gzip, deflate, br';
  let body = typeof input.body === 'string' ? Buffer.from(input.body) : input.body;

  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new OutboundError('timeout', `${normalizeHost(url.hostname)} didn’t answer within ${seconds(timeoutMs)}.`, {
          host: normalizeHost(url.hostname),
        }),
      ),
    timeoutMs,
  );
  const onCallerAbort = () => controller.abort(new OutboundError('cancelled', 'The call was cancelled.'));
  if (input.signal?.aborted) onCallerAbort();
  input.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    for (let redirects = 0; ; redirects++) {
      const host = normalizeHost(url.hostname);
      const addresses = await checkTarget(url, { policy, resolve: input.resolve, signal: controller.signal });
      const response = await send({ url, method, headers, body, addresses, connectTimeoutMs, signal: controller.signal });
      const address = response.socket?.remoteAddress ?? addresses[0]!.address;
      const location = response.headers.location;
      if (REDIRECTS.has(response.statusCode ?? 0) && location && maxRedirects > 0) {
        response.destroy();
        if (redirects >= maxRedirects) {
          throw new OutboundError('too_many_redirects', `${host} redirected more than ${maxRedirects} times.`, { host });
        }
        const next = parseTarget(new URL(location, url), `The redirect from ${host}`);
        const status = response.statusCode!;
        if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        if (next.origin !== url.origin) {
          headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !sensitive.includes(name)));
        }
        url = next;
        continue;
      }
      const read = await readBody(response, host, { cap, ifTooLarge: input.ifTooLarge ?? 'truncate', signal: controller.signal });
      const responseHeaders = flattenHeaders(response, read.decoded);
      return {
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        headers: responseHeaders,
        body: read.body,
        truncated: read.truncated,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        url: url.href,
        redirects,
        address,
        text: () => decodeText(read.body, responseHeaders['content-type']),
        json: () => JSON.parse(decodeText(read.body, responseHeaders['content-type'])) as unknown,
      };
    }
  } finally {
    clearTimeout(timer);
    input.signal?.removeEventListener('abort', onCallerAbort);
  }
}
