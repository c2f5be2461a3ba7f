import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundError } from './errors';
import { outboundFetch } from './fetch';
import { checkTarget, systemResolver, type Resolver } from './target';
import { announceOutboundPolicy } from './index';
import { outboundPolicyFromEnv } from './policy';

/*
 * Real HTTP servers on 127.0.0.1, started here. Production policies are built explicitly, so the
 * refusals are what a production server does; `api.test` names resolve through an injected
 * resolver, `localhost` through the system's.
 */

interface Hit {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      hits.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    hits,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
type TestServer = Awaited<ReturnType<typeof startServer>>;

const production = outboundPolicyFromEnv({ NODE_ENV: 'production' });
const development = outboundPolicyFromEnv({ NODE_ENV: 'development' });
/** Production, with the test hosts allowed by name only. */
const allowApi = outboundPolicyFromEnv({ NODE_ENV: 'production', MAKERPORT_OUTBOUND_ALLOW: 'api.test,other.test' });

/** `api.test` and `other.test` are the local server, other `.test` names what the table says; the rest the system resolves. */
function resolver(table: Record<string, string[]> = {}): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    if (!host.endsWith('.test')) return systemResolver(host);
    const addresses = table[host] ?? (host === 'api.test' || host === 'other.test' ? ['127.0.0.1'] : undefined);
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolve, { calls });
}

async function refusal(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res, body) => {
    const url = new URL(req.url!, 'http://x');
    switch (url.pathname) {
      case '/json':
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, method: req.method, body }));
        break;
      case '/redirect': {
        res.statusCode = Number(url.searchParams.get('status') ?? 302);
        res.setHeader('location', url.searchParams.get('to')!);
        res.end();
        break;
      }
      case '/loop':
        res.statusCode = 302;
        res.setHeader('location', `/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}`);
        res.end();
        break;
      case '/big':
        res.setHeader('content-type', 'text/plain');
        res.end('x'.repeat(Number(url.searchParams.get('bytes'))));
        break;
      case '/bomb':
        res.setHeader('content-encoding', 'gzip');
        res.end(gzipSync(Buffer.alloc(20 * 1024 * 1024)));
        break;
      case '/gzip':
        res.setHeader('content-encoding', 'gzip');
        res.setHeader('content-type', 'text/plain');
        res.end(gzipSync('hello, compressed'));
        break;
      case '/latin1':
        res.setHeader('content-type', 'text/plain; charset=iso-8859-1');
        res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
        break;
      case '/hang':
        break;
      case '/trickle': {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('.'), 50);
        res.on('close', () => clearInterval(timer));
        break;
      }
      case '/status':
        res.statusCode = Number(url.searchParams.get('code'));
        res.end('{"error":"nope"}');
        break;
      default:
        res.end('ok');
    }
  });
});
afterAll(() => server.close());

describe('what a call returns', () => {
  it('returns status, headers, body, text, JSON, duration, final URL and the address it connected to', async () => {
    const response = await outboundFetch({ url: server.url('/json'), method: 'POST', body: '{"a":1}', policy: development });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json()).toEqual({ ok: true, method: 'POST', body: '{"a":1}' });
    expect(response.truncated).toBe(false);
    expect(response.redirects).toBe(0);
    expect(response.url).toBe(server.url('/json'));
    expect(response.address).toBe('127.0.0.1');
    expect(response.durationMs).toBeGreaterThan(0);
  });

  it('answers 4xx and 5xx as responses, not errors', async () => {
    const response = await outboundFetch({ url: server.url('/status?code=503'), policy: development });
    expect(response.status).toBe(503);
    expect(response.text()).toBe('{"error":"nope"}');
  });

  it('decodes gzip and the declared charset', async () => {
    const gz = await outboundFetch({ url: server.url('/gzip'), policy: development });
    expect(gz.text()).toBe('hello, compressed');
    expect(gz.headers['content-encoding']).toBeUndefined();
    expect((await outboundFetch({ url: server.url('/latin1'), policy: development })).text()).toBe('café');
  });
});

describe('refused targets never receive a connection', () => {
  const literalForms = [
    'http://127.0.0.1:PORT/',
    'http://127.1:PORT/',
    'http://0x7f.0.0.1:PORT/',
    'http://0x7f000001:PORT/',
    'http://2130706433:PORT/',
    'http://017700000001:PORT/',
    'http://0177.0.0.01:PORT/',
    'http://[::1]:PORT/',
    'http://[::ffff:127.0.0.1]:PORT/',
    'http://[::ffff:7f00:1]:PORT/',
    'http://[0:0:0:0:0:ffff:127.0.0.1]:PORT/',
    'http://[::127.0.0.1]:PORT/',
    'http://0.0.0.0:PORT/',
    'http://0:PORT/',
    'http://127.0.0.1.:PORT/',
    'http://127.0.0.1%2e:PORT/',
    'http://①②⑦.0.0.1:PORT/',
    'http://localhost.:PORT/',
    'http://LocalHost:PORT/',
  ];
  for (const form of literalForms) {
    it(`refuses ${form} in production`, async () => {
      const before = server.hits.length;
      const error = await refusal(outboundFetch({ url: form.replace('PORT', String(server.port)), policy: production }));
      expect(error.kind).toBe('refused_address');
      expect(server.hits.length).toBe(before);
    });
  }

  it('refuses the real `localhost` (system resolver) in production and allows it in development', async () => {
    const url = `http://localhost:${server.port}/`;
    const error = await refusal(outboundFetch({ url, policy: production }));
    expect(error).toMatchObject({ kind: 'refused_address', host: 'localhost', category: 'loopback' });
    expect(error.message).toBe(
      'Makerport doesn’t call localhost: it resolves to a loopback address. An administrator can allow it with MAKERPORT_OUTBOUND_ALLOW.',
    );
    const allowed = await outboundFetch({ url, policy: development });
    expect(allowed.text()).toBe('ok');
  });

  const privateNames: [string, string[], string][] = [
    ['ten.test', ['10.0.0.5'], 'private'],
    ['home.test', ['192.168.1.1'], 'private'],
    ['corp.test', ['172.20.0.1'], 'private'],
    ['cgnat.test', ['100.64.1.1'], 'cgnat'],
    ['linklocal.test', ['169.254.10.10'], 'link-local'],
    ['imds.test', ['169.254.169.254'], 'metadata'],
    ['imds6.test', ['fd00:ec2::254'], 'metadata'],
    ['ula.test', ['fd12::1'], 'unique-local'],
    ['v6ll.test', ['fe80::1'], 'link-local'],
    ['mapped.test', ['::ffff:10.0.0.1'], 'private'],
    ['v6loop.test', ['::1'], 'loopback'],
    ['mixed.test', ['93.184.216.34', '10.0.0.1'], 'private'],
  ];
  for (const [host, addresses, category] of privateNames) {
    it(`refuses ${host} resolving to ${addresses.join(' + ')} (${category})`, async () => {
      const error = await refusal(outboundFetch({ url: `https://${host}/`, policy: production, resolve: resolver({ [host]: addresses }) }));
      expect(error).toMatchObject({ kind: 'refused_address', category, host });
    });
  }

  it('refuses a metadata host name in development too, before resolving it', async () => {
    const resolve = resolver({ 'metadata.google.internal': ['8.8.8.8'] });
    const error = await refusal(
      outboundFetch({ url: 'http://metadata.google.internal/computeMetadata/v1/', policy: development, resolve }),
    );
    expect(error).toMatchObject({ kind: 'refused_address', category: 'metadata' });
    expect(error.message).toBe(
      'Makerport doesn’t call metadata.google.internal: it is a cloud metadata endpoint. An administrator can allow it with MAKERPORT_OUTBOUND_ALLOW.',
    );
    expect(resolve.calls).toEqual([]);
  });

  it('refuses other schemes and credentials in the URL', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/', 'gopher://127.0.0.1:70/', 'not a url']) {
      expect((await refusal(outboundFetch({ url, policy: development }))).kind).toBe('invalid_request');
    }
    const error = await refusal(outboundFetch({ url: `http://user:hunter2@127.0.0.1:${server.port}/`, policy: development }));
    expect(error.kind).toBe('invalid_request');
    expect(error.message).not.toContain('hunter2');
  });

  it('never puts the URL (and the key in its query) into the message', async () => {
    const error = await refusal(outboundFetch({ url: 'http://10.0.0.1/v1/items?api_key=s3cr3t-k3y', policy: production }));
    expect(error.message).not.toContain('s3cr3t');
    expect(error.message).not.toContain('/v1/items');
  });
});

describe('allow-list and pinning', () => {
  it('calls a listed host in production, connecting to the address it checked (resolved once per hop)', async () => {
    // `api.test` exists only in the injected resolver: success proves the socket used the checked address.
    const resolve = resolver();
    const response = await outboundFetch({ url: `http://api.test:${server.port}/json`, policy: allowApi, resolve });
    expect(response.status).toBe(200);
    expect(resolve.calls).toEqual(['api.test']);
    expect(server.hits.at(-1)!.headers.host).toBe(`api.test:${server.port}`);
  });

  it('allows a CIDR range from MAKERPORT_OUTBOUND_ALLOW', async () => {
    const policy = outboundPolicyFromEnv({ NODE_ENV: 'production', MAKERPORT_OUTBOUND_ALLOW: '127.0.0.0/8' });
    expect((await outboundFetch({ url: server.url('/'), policy })).text()).toBe('ok');
    expect(await checkTarget(`http://127.0.0.9:1/`, { policy })).toEqual([{ address: '127.0.0.9', family: 4 }]);
  });
});

describe('redirects', () => {
  it('checks every hop: a listed host redirecting to localhost is refused, and localhost is never called', async () => {
    const target = await startServer((_req, res) => res.end('internal secret'));
    try {
      const to = encodeURIComponent(`http://localhost:${target.port}/admin`);
      const error = await refusal(
        outboundFetch({ url: `http://api.test:${server.port}/redirect?to=${to}`, policy: allowApi, resolve: resolver() }),
      );
      expect(error).toMatchObject({ kind: 'refused_address', host: 'localhost' });
      expect(target.hits).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it('refuses a redirect to a metadata address or another scheme', async () => {
    const meta = encodeURIComponent('http://169.254.169.254/latest/meta-data/');
    const error = await refusal(outboundFetch({ url: server.url(`/redirect?to=${meta}`), policy: development }));
    expect(error).toMatchObject({ kind: 'refused_address', category: 'metadata' });
    const file = encodeURIComponent('file:///etc/passwd');
    expect((await refusal(outboundFetch({ url: server.url(`/redirect?to=${file}`), policy: development }))).kind).toBe('invalid_request');
  });

  it('stops after the hop limit', async () => {
    const error = await refusal(outboundFetch({ url: server.url('/loop'), policy: development, maxRedirects: 3 }));
    expect(error).toMatchObject({ kind: 'too_many_redirects', message: '127.0.0.1 redirected more than 3 times.' });
    const followed = await outboundFetch({ url: server.url('/redirect?to=/json'), policy: development });
    expect(followed).toMatchObject({ status: 200, redirects: 1, url: server.url('/json') });
  });

  it('returns the redirect itself when told not to follow', async () => {
    const response = await outboundFetch({ url: server.url('/redirect?to=/json'), policy: development, maxRedirects: 0 });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/json');
  });

  it('turns POST into GET on 303 (dropping the body) and keeps it on 307', async () => {
    const see = await outboundFetch({
      url: server.url('/redirect?status=303&to=/json'),
      method: 'POST',
      body: 'x=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      policy: development,
    });
    expect(see.json()).toEqual({ ok: true, method: 'GET', body: '' });
    const temporary = await outboundFetch({
      url: server.url('/redirect?status=307&to=/json'),
      method: 'POST',
      body: 'x=1',
      policy: development,
    });
    expect(temporary.json()).toEqual({ ok: true, method: 'POST', body: 'x=1' });
  });

  it('keeps credentials on a same-origin redirect and drops them (and the API key header) on a cross-origin one', async () => {
    const headers = { authorization: 'Bearer tok', 'x-api-key': 'k3y', cookie: 'a=b', accept: 'application/json' };
    const same = { url: `http://api.test:${server.port}/redirect?to=/json`, headers, sensitiveHeaders: ['X-Api-Key'] };
    await outboundFetch({ ...same, policy: allowApi, resolve: resolver() });
    expect(server.hits.at(-1)!.headers).toMatchObject({ authorization: 'Bearer tok', 'x-api-key': 'k3y', cookie: 'a=b' });

    const to = encodeURIComponent(`http://other.test:${server.port}/json`);
    await outboundFetch({ ...same, url: `http://api.test:${server.port}/redirect?to=${to}`, policy: allowApi, resolve: resolver() });
    const last = server.hits.at(-1)!;
    expect(last.headers.host).toBe(`other.test:${server.port}`);
    expect(last.headers.authorization).toBeUndefined();
    expect(last.headers['x-api-key']).toBeUndefined();
    expect(last.headers.cookie).toBeUndefined();
    expect(last.headers.accept).toBe('application/json');
  });
});

describe('timeouts', () => {
  it('gives up on a server that never answers, within the call timeout', async () => {
    const started = Date.now();
    const error = await refusal(outboundFetch({ url: server.url('/hang'), policy: development, timeoutMs: 300 }));
    expect(error).toMatchObject({ kind: 'timeout', message: '127.0.0.1 didn’t answer within 0.3 s.' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('counts the body in the call timeout', async () => {
    const error = await refusal(outboundFetch({ url: server.url('/trickle'), policy: development, timeoutMs: 400 }));
    expect(error.kind).toBe('timeout');
  });

  it('has a separate connect timeout (a TLS handshake that never completes)', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const error = await refusal(outboundFetch({ url: `https://127.0.0.1:${port}/`, policy: development, connectTimeoutMs: 200 }));
      expect(error).toMatchObject({ kind: 'timeout', message: 'Couldn’t connect to 127.0.0.1 within 0.2 s.' });
    } finally {
      silent.close();
    }
  });

  it('stops a resolver that never answers', async () => {
    const never: Resolver = () => new Promise(() => {});
    const error = await refusal(outboundFetch({ url: 'http://slow.test/', policy: development, resolve: never, timeoutMs: 200 }));
    expect(error.kind).toBe('timeout');
  });

  it('is cancelled by the caller’s signal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await refusal(outboundFetch({ url: server.url('/hang'), policy: development, signal: controller.signal }));
    expect(error.kind).toBe('cancelled');
  });
});

describe('size caps', () => {
  it('truncates at the cap and says so', async () => {
    const response = await outboundFetch({ url: server.url('/big?bytes=100000'), policy: development, maxResponseBytes: 10_000 });
    expect(response.truncated).toBe(true);
    expect(response.body.length).toBe(10_000);
    const exact = await outboundFetch({ url: server.url('/big?bytes=10000'), policy: development, maxResponseBytes: 10_000 });
    expect(exact.truncated).toBe(false);
    expect(exact.body.length).toBe(10_000);
  });

  it('fails instead when asked', async () => {
    const error = await refusal(
      outboundFetch({ url: server.url('/big?bytes=100000'), policy: development, maxResponseBytes: 10_000, ifTooLarge: 'fail' }),
    );
    expect(error).toMatchObject({ kind: 'too_large', message: 'The response from 127.0.0.1 is larger than 10,000 bytes.' });
  });

  it('caps the decoded size of a compressed body (20 MB of zeros in 20 kB of gzip)', async () => {
    const response = await outboundFetch({ url: server.url('/bomb'), policy: development, maxResponseBytes: 64 * 1024 });
    expect(response.truncated).toBe(true);
    expect(response.body.length).toBe(64 * 1024);
  });
});

describe('network errors', () => {
  it('says the connection was refused, naming the host only', async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const error = await refusal(outboundFetch({ url: `http://127.0.0.1:${closed.port}/x?token=abc`, policy: development }));
    expect(error).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', message: '127.0.0.1 refused the connection.' });
  });

  it('says when a name does not resolve', async () => {
    const error = await refusal(outboundFetch({ url: 'http://nowhere.test/', policy: development, resolve: resolver() }));
    expect(error).toMatchObject({ kind: 'network', message: 'nowhere.test doesn’t resolve to an address.' });
  });

  it('refuses header values that would split the request, without echoing them', async () => {
    const error = await refusal(outboundFetch({ url: server.url('/'), headers: { 'x-key': 'abc\r\nx-evil: 1' }, policy: development }));
    expect(error.kind).toBe('invalid_request');
    expect(error.message).not.toContain('abc');
  });
});

describe('start-up announcement', () => {
  const capture = () => {
    const lines: { level: string; message: string }[] = [];
    return {
      lines,
      logger: {
        info: (message: string) => lines.push({ level: 'info', message }),
        warn: (message: string) => lines.push({ level: 'warn', message }),
      } as unknown as Parameters<typeof announceOutboundPolicy>[0],
    };
  };

  it('warns in development that private addresses are open, and informs in production', () => {
    const dev = capture();
    announceOutboundPolicy(dev.logger, { NODE_ENV: 'development' });
    expect(dev.lines).toEqual([{ level: 'warn', message: expect.stringMatching(/may reach loopback and private addresses/) }]);
    const prod = capture();
    announceOutboundPolicy(prod.logger, { NODE_ENV: 'production', MAKERPORT_OUTBOUND_ALLOW: '10.0.0.0/8' });
    expect(prod.lines).toEqual([
      { level: 'info', message: 'Outbound calls reach public addresses only. MAKERPORT_OUTBOUND_ALLOW also allows: 10.0.0.0/8.' },
    ]);
  });

  it('stops the start on an unreadable allow-list', () => {
    expect(() => announceOutboundPolicy(capture().logger, { NODE_ENV: 'production', MAKERPORT_OUTBOUND_ALLOW: '10.0.0.0/40' })).toThrow(
      /10\.0\.0\.0\/40/,
    );
  });
});
