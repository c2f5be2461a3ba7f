import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundFetch, outboundPolicyFromEnv } from '@/lib/outbound';
import { readConnectorUpload } from './definition';
import { accessToken, apiKey, bearerToken, connectorFixtures, requestCases, type FixtureName } from './request.cases';
import { buildOperationRequest, testConnectionOperation, type RequestDefinition } from './request';

const definitions = {} as Record<FixtureName, RequestDefinition>;

beforeAll(async () => {
  for (const [name, fixture] of Object.entries(connectorFixtures) as [FixtureName, (typeof connectorFixtures)[FixtureName]][]) {
    const files = [{ name: 'apiDefinition.swagger.json', data: Buffer.from(JSON.stringify(fixture.document)) }];
    if ('apiProperties' in fixture) files.push({ name: 'apiProperties.json', data: Buffer.from(JSON.stringify(fixture.apiProperties)) });
    definitions[name] = await readConnectorUpload({ files });
  }
});

/** Every secret the table uses, in every form it could leak in. */
const secrets = [apiKey, bearerToken, accessToken, 'pa:ss w0rd', Buffer.from('megan@contoso.test:pa:ss w0rd').toString('base64')];

describe('request builder (table)', () => {
  for (const c of requestCases) {
    it(c.name, () => {
      const build = () =>
        buildOperationRequest({
          definition: definitions[c.connector],
          operationId: c.operationId,
          parameters: c.parameters,
          credentials: c.credentials,
        });
      if (c.error) {
        let error: unknown;
        try {
          build();
        } catch (e) {
          error = e;
        }
        expect(error).toMatchObject({ code: c.error.code });
        if (c.error.fields) expect(Object.keys((error as { fieldErrors: object }).fieldErrors).sort()).toEqual([...c.error.fields].sort());
        if (c.error.message) expect((error as Error).message).toMatch(c.error.message);
        for (const secret of secrets) expect((error as Error).message).not.toContain(secret);
        return;
      }
      const built = build();
      const expected = c.expected!;
      expect(built.request.method).toBe(expected.method);
      expect(built.request.url).toBe(expected.url);
      for (const [name, value] of Object.entries(expected.headers ?? {})) expect(built.request.headers[name]).toMatch(value);
      if (expected.json !== undefined) expect(JSON.parse(built.request.body!)).toEqual(expected.json);
      else if (expected.body !== undefined) expect(built.request.body).toMatch(expected.body);
      else expect(built.request.body).toBeUndefined();
      expect(built.redacted.url).toBe(expected.redacted.url);
      expect(built.redacted.headers).toMatchObject(expected.redacted.headers ?? {});
      const shown = JSON.stringify(built.redacted);
      for (const secret of secrets) expect(shown).not.toContain(secret);
    });
  }

  it('marks the credential header sensitive, so a cross-origin redirect drops it', () => {
    const built = buildOperationRequest({
      definition: definitions.expenses,
      operationId: 'GetExpense',
      parameters: { expenseId: '1' },
      credentials: { values: { api_key: apiKey } },
    });
    expect(built.request.sensitiveHeaders).toEqual(['X-API-Key']);
  });
});

describe('Test connection picks', () => {
  it('the declared testConnection operation, else the first GET nobody has to fill in, else none', () => {
    expect(testConnectionOperation(definitions.tasks.document)).toEqual({ operationId: 'Me', parameters: {} });
    expect(testConnectionOperation(definitions.expenses.document)).toEqual({ operationId: 'ListExpenses', parameters: {} });
    expect(testConnectionOperation(definitions.demo.document)).toEqual({ operationId: 'get_ping', parameters: {} });
    expect(testConnectionOperation(definitions.search.document)).toBeNull();
  });
});

describe('on the wire, through the outbound guard', () => {
  let server: http.Server;
  let port = 0;
  const received: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The same connector pointed at the local server over http. */
  const local = (definition: RequestDefinition): RequestDefinition => {
    const document = structuredClone(definition.document);
    if (document.swagger) document.schemes = ['http'];
    else document.servers = [{ url: `http://127.0.0.1:${port}` }];
    return { ...definition, host: `127.0.0.1:${port}`, document };
  };

  for (const c of requestCases.filter((x) => x.expected)) {
    it(`${c.name}: the server receives exactly the built request`, async () => {
      const built = buildOperationRequest({
        definition: local(definitions[c.connector]),
        operationId: c.operationId,
        parameters: c.parameters,
        credentials: c.credentials,
      });
      const response = await outboundFetch({ ...built.request, policy: outboundPolicyFromEnv({ NODE_ENV: 'development' }) });
      expect(response.status).toBe(200);
      const got = received.at(-1)!;
      const sent = new URL(built.request.url);
      expect(got.method).toBe(built.request.method);
      expect(got.url).toBe(`${sent.pathname}${sent.search}`);
      expect(got.body).toBe(built.request.body ?? '');
      for (const [name, value] of Object.entries(built.request.headers)) expect(got.headers[name.toLowerCase()]).toBe(value);
    });
  }
});
