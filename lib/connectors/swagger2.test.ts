import { describe, expect, it } from 'vitest';

// Test-only access into documents whose shape the assertions check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
import { swagger2Losses, toSwagger2 } from './swagger2';

const base = {
  openapi: '3.0.3',
  info: { title: 'Orders', version: '1' },
  'x-ms-connector-metadata': [{ propertyName: 'Website', propertyValue: 'https://orders.test' }],
  servers: [{ url: 'https://api.orders.test/v2' }],
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
    schemas: { Order: { type: 'object', properties: { id: { type: 'string' }, total: { type: 'number' } }, required: ['id'] } },
  },
  paths: {
    '/orders/{id}': {
      get: {
        operationId: 'GetOrder',
        summary: 'Get an order',
        'x-ms-visibility': 'important',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, 'x-ms-summary': 'Order id' }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } } },
      },
    },
  },
};

describe('downloading an OpenAPI 3 connector for Power Platform', () => {
  it('converts to valid Swagger 2.0: host and base path apart, path parameters required, extensions kept', async () => {
    const result = await toSwagger2(structuredClone(base));
    expect(result).toMatchObject({ converted: true, losses: [], problems: [] });
    const doc = result.document as Loose;
    expect(doc.swagger).toBe('2.0');
    expect(doc).toMatchObject({ host: 'api.orders.test', basePath: '/v2', schemes: ['https'] });
    expect(doc['x-ms-connector-metadata']).toEqual(base['x-ms-connector-metadata']);
    const op = doc.paths['/orders/{id}'].get;
    expect(op['x-ms-visibility']).toBe('important');
    expect(op.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true, type: 'string' });
    expect(op.responses['200'].schema.$ref).toBe('#/definitions/Order');
    expect(doc.securityDefinitions.key).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Key' });
  });

  it('leaves Swagger 2.0 exactly as it is', async () => {
    const swagger = { swagger: '2.0', info: { title: 't', version: '1' }, paths: {} };
    const result = await toSwagger2(swagger);
    expect(result.converted).toBe(false);
    expect(result.document).toBe(swagger);
  });

  it('lists what Swagger 2.0 has no place for', () => {
    const doc = structuredClone(base) as Loose;
    doc.servers.push({ url: 'https://eu.orders.test/v2' });
    doc.paths['/orders/{id}'].get.parameters.push({ name: 'session', in: 'cookie', schema: { type: 'string' } });
    doc.paths['/orders/{id}'].get.callbacks = { done: {} };
    doc.components.schemas.Order.properties.total = { oneOf: [{ type: 'number' }, { type: 'string' }] };
    doc.paths['/orders/{id}'].get.responses['200'].content['application/xml'] = { schema: { type: 'string' } };
    const losses = swagger2Losses(doc).join('\n');
    expect(losses).toMatch(/1 more server URL/);
    expect(losses).toMatch(/GET \/orders\/\{id\}: cookie parameters are dropped/);
    expect(losses).toMatch(/callbacks are dropped/);
    expect(losses).toMatch(/oneOf, anyOf, not.*\/components\/schemas\/Order\/properties\/total/);
    expect(losses).toMatch(/a response keeps one media type of 2/);
  });
});
