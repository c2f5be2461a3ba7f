import 'server-only';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { readBody, flattenHeaders, decodeText } from './body';
import { abortedWith, networkError, OutboundError } from './errors';
import { isIpLiteral, normalizeHost, outboundPolicyFromEnv, type OutboundPolicy } from './policy';
import { checkTarget, parseTarget, pinnedLookup, type ResolvedAddress, type Resolver } from './target';

/*
 * The one way the product calls out (DESIGN.md §8). Each hop resolves its host, checks every
 * address against the policy, then connects through a `lookup` that can only return those checked
 * addresses: the socket cannot reach anything the check did not see (no DNS rebinding between the
 * check and the connect). Redirects are followed by hand, so each one goes through the same check.
 */

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
