import type { ConnectionCredentials } from './request';

/*
 * The request builder's table: connector packages and, for each case, the operation, the
 * Power Automate–keyed values, the connection's credentials and the request that must come out.
 * request.test.ts runs it; the flow engine's tests can import it and run the same cases through
 * an OpenApiConnection action. Documents go through the real import (readConnectorUpload), so
 * what the builder reads is what a stored connector version holds.
 */

export interface ConnectorFixture {
  document: Record<string, unknown>;
  apiProperties?: Record<string, unknown>;
}

const responses = { '200': { description: 'OK' } };

export const connectorFixtures = {
  /** Swagger 2.0, API key in a header: most public packages look like this. */
  expenses: {
    document: {
      swagger: '2.0',
      info: { title: 'Contoso Expenses', version: '1.0' },
      host: 'expenses.contoso.test',
      basePath: '/api/v1',
      schemes: ['https'],
      consumes: ['application/json'],
      produces: ['application/json'],
      securityDefinitions: { api_key: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      parameters: { expenseId: { name: 'expenseId', in: 'path', required: true, type: 'string', 'x-ms-summary': 'Expense' } },
      paths: {
        '/expenses': {
          get: {
            operationId: 'ListExpenses',
            summary: 'List expenses',
            parameters: [
              { name: 'status', in: 'query', type: 'string', enum: ['open', 'approved'] },
              { name: 'top', in: 'query', type: 'integer' },
              { name: 'tags', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'csv' },
              { name: 'ids', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'multi' },
              { name: 'codes', in: 'query', type: 'array', items: { type: 'string' } },
              { name: 'X-Request-Source', in: 'header', type: 'string' },
              { name: 'api-version', in: 'query', type: 'string', required: true, default: '2024-01-01', 'x-ms-visibility': 'internal' },
            ],
            responses,
          },
          post: {
            operationId: 'CreateExpense',
            summary: 'Create an expense',
            parameters: [{ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Expense' } }],
            responses,
          },
        },
        '/expenses/{expenseId}': {
          get: { operationId: 'GetExpense', summary: 'Get an expense', parameters: [{ $ref: '#/parameters/expenseId' }], responses },
        },
        '/files/{path}': {
          get: {
            operationId: 'GetFile',
            summary: 'Get a file',
            parameters: [{ name: 'path', in: 'path', required: true, type: 'string', 'x-ms-url-encoding': 'double' }],
            responses,
          },
        },
        '/attachments': {
          post: {
            operationId: 'AddAttachment',
            summary: 'Add an attachment',
            consumes: ['multipart/form-data'],
            parameters: [{ name: 'caption', in: 'formData', type: 'string', required: true }],
            responses,
          },
        },
        '/notes': {
          post: {
            operationId: 'AddNote',
            summary: 'Add a note',
            consumes: ['application/x-www-form-urlencoded'],
            parameters: [
              { name: 'title', in: 'formData', type: 'string', required: true },
              { name: 'text', in: 'formData', type: 'string' },
            ],
            responses,
          },
        },
      },
      definitions: {
        Expense: {
          type: 'object',
          required: ['amount'],
          properties: {
            amount: { type: 'number' },
            approved: { type: 'boolean' },
            description: { type: 'string' },
            meta: { type: 'object', properties: { category: { type: 'string' }, nights: { type: 'integer' } } },
          },
        },
      },
    },
    apiProperties: {
      properties: {
        connectionParameters: {
          api_key: { type: 'securestring', uiDefinition: { displayName: 'API key', constraints: { required: 'true' } } },
        },
        iconBrandColor: '#0f6cbd',
      },
    },
  },
  /** OpenAPI 3, `http` bearer: the token the person pastes needs its scheme word. */
  messages: {
    document: {
      openapi: '3.0.3',
      info: { title: 'Contoso Echo', version: '1.0' },
      servers: [{ url: 'https://echo.contoso.test/v2' }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        requestBodies: {
          Message: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { text: { type: 'string' }, count: { type: 'integer' }, urgent: { type: 'boolean' } },
                },
              },
            },
          },
        },
      },
      paths: {
        '/channels/{channel}/messages': {
          parameters: [{ name: 'channel', in: 'path', required: true, schema: { type: 'string' } }],
          post: {
            operationId: 'PostMessage',
            summary: 'Post a message',
            requestBody: { $ref: '#/components/requestBodies/Message' },
            responses,
          },
          get: {
            operationId: 'ListMessages',
            summary: 'List messages',
            parameters: [{ name: 'ids', in: 'query', schema: { type: 'array', items: { type: 'integer' } }, explode: false }],
            responses,
          },
        },
      },
    },
  },
  /** API key in the query string. */
  search: {
    document: {
      swagger: '2.0',
      info: { title: 'Contoso Search', version: '1.0' },
      host: 'search.contoso.test',
      schemes: ['https'],
      securityDefinitions: { key: { type: 'apiKey', in: 'query', name: 'key' } },
      paths: {
        '/search': {
          get: { operationId: 'Search', parameters: [{ name: 'q', in: 'query', type: 'string', required: true }], responses },
        },
      },
    },
  },
  /** Basic authentication, user name and password as Power Platform packages name them. */
  ledger: {
    document: {
      swagger: '2.0',
      info: { title: 'Contoso Ledger', version: '1.0' },
      host: 'ledger.contoso.test',
      basePath: '/',
      schemes: ['https'],
      securityDefinitions: { basic: { type: 'basic' } },
      paths: { '/balance': { get: { operationId: 'GetBalance', responses } } },
    },
    apiProperties: {
      properties: {
        connectionParameters: {
          username: { type: 'securestring', uiDefinition: { displayName: 'User name' } },
          password: { type: 'securestring', uiDefinition: { displayName: 'Password' } },
        },
      },
    },
  },
  /** OAuth 2.0: the access token travels as a bearer token. */
  tasks: {
    document: {
      swagger: '2.0',
      info: { title: 'Contoso Tasks', version: '1.0' },
      host: 'tasks.contoso.test',
      schemes: ['https'],
      securityDefinitions: {
        oauth: {
          type: 'oauth2',
          flow: 'accessCode',
          authorizationUrl: 'https://login.contoso.test/authorize',
          tokenUrl: 'https://login.contoso.test/token',
          scopes: {},
        },
      },
      'x-ms-capabilities': { testConnection: { operationId: 'Me' } },
      paths: {
        '/tasks': {
          get: { operationId: 'ListTasks', parameters: [{ name: 'status', in: 'query', type: 'string', required: true }], responses },
        },
        '/me': { get: { operationId: 'Me', responses } },
      },
    },
  },
  /** No authentication, plain http on a port: the demo API in development. */
  demo: {
    document: {
      swagger: '2.0',
      info: { title: 'Demo', version: '1.0' },
      host: 'localhost:3000',
      basePath: '/api/demo',
      schemes: ['http'],
      paths: {
        '/ping': { get: { responses } },
        '/items/{id}': {
          delete: { operationId: 'DeleteItem', parameters: [{ name: 'id', in: 'path', required: true, type: 'integer' }], responses },
        },
      },
    },
  },
} satisfies Record<string, ConnectorFixture>;

export type FixtureName = keyof typeof connectorFixtures;

export const apiKey = 'xk_live_9f8e7d6c5b4a';
export const bearerToken = 'eyJhbGciOi.test-token.sig';
export const accessToken = 'oauth-access-token-abc123';

export interface RequestCase {
  name: string;
  connector: FixtureName;
  operationId: string;
  parameters: Record<string, unknown>;
  credentials?: ConnectionCredentials;
  /** The request that must come out; `headers` lists the headers that must be there (others may be). */
  expected?: {
    method: string;
    url: string;
    headers?: Record<string, string | RegExp>;
    /** JSON bodies compared parsed; other bodies as text. */
    json?: unknown;
    body?: string | RegExp;
    /** The display copy. */
    redacted: { url: string; headers?: Record<string, string> };
  };
  /** Or the refusal: an AppError code with the parameter keys its fieldErrors name. */
  error?: { code: string; fields?: string[]; message?: RegExp };
}

const expensesKey = { values: { api_key: apiKey } };

export const requestCases: RequestCase[] = [
  {
    name: 'query parameters, csv and multi arrays, a header parameter, an internal default and the API key header',
    connector: 'expenses',
    operationId: 'ListExpenses',
    parameters: {
      status: 'open',
      top: 5,
      tags: ['travel', 'meals & drinks'],
      ids: ['a', 'b'],
      codes: ['x', 'y'],
      'X-Request-Source': 'flow',
    },
    credentials: expensesKey,
    expected: {
      method: 'GET',
      url: 'https://expenses.contoso.test/api/v1/expenses?status=open&top=5&tags=travel%2Cmeals%20%26%20drinks&ids=a&ids=b&codes=x%2Cy&api-version=2024-01-01',
      headers: { 'X-API-Key': apiKey, 'X-Request-Source': 'flow', Accept: 'application/json' },
      redacted: {
        url: 'https://expenses.contoso.test/api/v1/expenses?status=open&top=5&tags=travel%2Cmeals%20%26%20drinks&ids=a&ids=b&codes=x%2Cy&api-version=2024-01-01',
        headers: { 'X-API-Key': '••••' },
      },
    },
  },
  {
    name: 'empty optional values are left out',
    connector: 'expenses',
    operationId: 'ListExpenses',
    parameters: { status: '', top: null },
    credentials: expensesKey,
    expected: {
      method: 'GET',
      url: 'https://expenses.contoso.test/api/v1/expenses?api-version=2024-01-01',
      redacted: { url: 'https://expenses.contoso.test/api/v1/expenses?api-version=2024-01-01' },
    },
  },
  {
    name: 'a path parameter through a $ref, percent-encoded',
    connector: 'expenses',
    operationId: 'GetExpense',
    parameters: { expenseId: 'EX 42/7?' },
    credentials: expensesKey,
    expected: {
      method: 'GET',
      url: 'https://expenses.contoso.test/api/v1/expenses/EX%2042%2F7%3F',
      redacted: { url: 'https://expenses.contoso.test/api/v1/expenses/EX%2042%2F7%3F' },
    },
  },
  {
    name: 'x-ms-url-encoding: double',
    connector: 'expenses',
    operationId: 'GetFile',
    parameters: { path: 'reports/q1 final.pdf' },
    credentials: expensesKey,
    expected: {
      method: 'GET',
      url: 'https://expenses.contoso.test/api/v1/files/reports%252Fq1%2520final.pdf',
      redacted: { url: 'https://expenses.contoso.test/api/v1/files/reports%252Fq1%2520final.pdf' },
    },
  },
  {
    name: 'body properties keyed body/<property>, nested and typed from the schema',
    connector: 'expenses',
    operationId: 'CreateExpense',
    parameters: {
      'body/amount': '12.5',
      'body/approved': 'false',
      'body/description': 'Taxi',
      'body/meta/category': 'travel',
      'body/meta/nights': '2',
    },
    credentials: expensesKey,
    expected: {
      method: 'POST',
      url: 'https://expenses.contoso.test/api/v1/expenses',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey },
      json: { amount: 12.5, approved: false, description: 'Taxi', meta: { category: 'travel', nights: 2 } },
      redacted: { url: 'https://expenses.contoso.test/api/v1/expenses', headers: { 'X-API-Key': '••••' } },
    },
  },
  {
    name: 'the whole body keyed body, then a property on top of it',
    connector: 'expenses',
    operationId: 'CreateExpense',
    parameters: { body: { amount: 3, description: 'Coffee' }, 'body/description': 'Tea' },
    credentials: expensesKey,
    expected: {
      method: 'POST',
      url: 'https://expenses.contoso.test/api/v1/expenses',
      json: { amount: 3, description: 'Tea' },
      redacted: { url: 'https://expenses.contoso.test/api/v1/expenses' },
    },
  },
  {
    name: 'the whole body as JSON text (the Test tab’s text box)',
    connector: 'expenses',
    operationId: 'CreateExpense',
    parameters: { body: '{"amount": 7}' },
    credentials: expensesKey,
    expected: {
      method: 'POST',
      url: 'https://expenses.contoso.test/api/v1/expenses',
      json: { amount: 7 },
      redacted: { url: 'https://expenses.contoso.test/api/v1/expenses' },
    },
  },
  {
    name: 'form parameters, URL-encoded',
    connector: 'expenses',
    operationId: 'AddNote',
    parameters: { title: 'Q1 & Q2', text: 'a=b' },
    credentials: expensesKey,
    expected: {
      method: 'POST',
      url: 'https://expenses.contoso.test/api/v1/notes',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'title=Q1%20%26%20Q2&text=a%3Db',
      redacted: { url: 'https://expenses.contoso.test/api/v1/notes' },
    },
  },
  {
    name: 'form parameters, multipart',
    connector: 'expenses',
    operationId: 'AddAttachment',
    parameters: { caption: 'Receipt' },
    credentials: expensesKey,
    expected: {
      method: 'POST',
      url: 'https://expenses.contoso.test/api/v1/attachments',
      headers: { 'Content-Type': /^multipart\/form-data; boundary=-+makerport[0-9a-f]{24}$/ },
      body: /^-+makerport[0-9a-f]{24}\r\nContent-Disposition: form-data; name="caption"\r\n\r\nReceipt\r\n-+makerport[0-9a-f]{24}--\r\n$/,
      redacted: { url: 'https://expenses.contoso.test/api/v1/attachments' },
    },
  },
  {
    name: 'a secret typed into a field is redacted in the display copy too',
    connector: 'expenses',
    operationId: 'CreateExpense',
    parameters: { 'body/amount': 1, 'body/description': `key is ${apiKey}` },
    credentials: expensesKey,
    expected: {
      method: 'POST',
      url: 'https://expenses.contoso.test/api/v1/expenses',
      json: { amount: 1, description: `key is ${apiKey}` },
      redacted: { url: 'https://expenses.contoso.test/api/v1/expenses' },
    },
  },
  {
    name: 'the connection’s key wins over a header of the same name typed by the author',
    connector: 'expenses',
    operationId: 'ListExpenses',
    parameters: { 'X-Request-Source': 'x' },
    credentials: { values: { api_key: apiKey } },
    expected: {
      method: 'GET',
      url: 'https://expenses.contoso.test/api/v1/expenses?api-version=2024-01-01',
      headers: { 'X-API-Key': apiKey },
      redacted: { url: 'https://expenses.contoso.test/api/v1/expenses?api-version=2024-01-01', headers: { 'X-API-Key': '••••' } },
    },
  },
  {
    name: 'OpenAPI 3: path-level parameter, request body by $ref, bearer token with its scheme word',
    connector: 'messages',
    operationId: 'PostMessage',
    parameters: { channel: 'general', 'body/text': 'Hello Megan', 'body/count': '3', 'body/urgent': 'true' },
    credentials: { values: { api_key: bearerToken } },
    expected: {
      method: 'POST',
      url: 'https://echo.contoso.test/v2/channels/general/messages',
      headers: { Authorization: `Bearer ${bearerToken}`, 'Content-Type': 'application/json' },
      json: { text: 'Hello Megan', count: 3, urgent: true },
      redacted: { url: 'https://echo.contoso.test/v2/channels/general/messages', headers: { Authorization: 'Bearer ••••' } },
    },
  },
  {
    name: 'OpenAPI 3: explode false joins an array',
    connector: 'messages',
    operationId: 'ListMessages',
    parameters: { channel: 'general', ids: [1, 2, 3] },
    credentials: { values: { api_key: `Bearer ${bearerToken}` } },
    expected: {
      method: 'GET',
      url: 'https://echo.contoso.test/v2/channels/general/messages?ids=1%2C2%2C3',
      headers: { Authorization: `Bearer ${bearerToken}` },
      redacted: { url: 'https://echo.contoso.test/v2/channels/general/messages?ids=1%2C2%2C3', headers: { Authorization: 'Bearer ••••' } },
    },
  },
  {
    name: 'API key in the query string, redacted in the display URL',
    connector: 'search',
    operationId: 'Search',
    parameters: { q: 'café au lait' },
    credentials: { values: { api_key: apiKey } },
    expected: {
      method: 'GET',
      url: `https://search.contoso.test/search?q=caf%C3%A9%20au%20lait&key=${apiKey}`,
      redacted: { url: 'https://search.contoso.test/search?q=caf%C3%A9%20au%20lait&key=••••' },
    },
  },
  {
    name: 'basic authentication',
    connector: 'ledger',
    operationId: 'GetBalance',
    parameters: {},
    credentials: { values: { username: 'megan@contoso.test', password: 'pa:ss w0rd' } },
    expected: {
      method: 'GET',
      url: 'https://ledger.contoso.test/balance',
      headers: { Authorization: `Basic ${Buffer.from('megan@contoso.test:pa:ss w0rd').toString('base64')}` },
      redacted: { url: 'https://ledger.contoso.test/balance', headers: { Authorization: 'Basic ••••' } },
    },
  },
  {
    name: 'OAuth 2.0 access token',
    connector: 'tasks',
    operationId: 'ListTasks',
    parameters: { status: 'open' },
    credentials: { values: {}, accessToken },
    expected: {
      method: 'GET',
      url: 'https://tasks.contoso.test/tasks?status=open',
      headers: { Authorization: `Bearer ${accessToken}` },
      redacted: { url: 'https://tasks.contoso.test/tasks?status=open', headers: { Authorization: 'Bearer ••••' } },
    },
  },
  {
    name: 'no authentication, http on a port, an operation without operationId, a path parameter given as a number',
    connector: 'demo',
    operationId: 'DeleteItem',
    parameters: { id: 42 },
    expected: {
      method: 'DELETE',
      url: 'http://localhost:3000/api/demo/items/42',
      redacted: { url: 'http://localhost:3000/api/demo/items/42' },
    },
  },
  {
    name: 'an operation without operationId is found by the id the import gave it',
    connector: 'demo',
    operationId: 'get_ping',
    parameters: {},
    expected: { method: 'GET', url: 'http://localhost:3000/api/demo/ping', redacted: { url: 'http://localhost:3000/api/demo/ping' } },
  },
  {
    name: 'a missing required path parameter',
    connector: 'expenses',
    operationId: 'GetExpense',
    parameters: {},
    credentials: expensesKey,
    error: { code: 'INVALID_INPUT', fields: ['expenseId'] },
  },
  {
    name: 'a missing required body',
    connector: 'expenses',
    operationId: 'CreateExpense',
    parameters: {},
    credentials: expensesKey,
    error: { code: 'INVALID_INPUT', fields: ['body'] },
  },
  {
    name: 'a parameter the operation does not have',
    connector: 'expenses',
    operationId: 'ListExpenses',
    parameters: { statsu: 'open', 'Body/x': 1 },
    credentials: expensesKey,
    error: { code: 'INVALID_INPUT', fields: ['statsu', 'Body/x'] },
  },
  {
    name: 'an unknown operation',
    connector: 'expenses',
    operationId: 'DeleteEverything',
    parameters: {},
    credentials: expensesKey,
    error: { code: 'INVALID_INPUT', message: /no operation “DeleteEverything”/ },
  },
  {
    name: 'no connection for a connector that needs one',
    connector: 'expenses',
    operationId: 'GetExpense',
    parameters: { expenseId: '1' },
    error: { code: 'INVALID_INPUT', message: /Choose a connection/ },
  },
  {
    name: 'an OAuth connection without a token',
    connector: 'tasks',
    operationId: 'Me',
    parameters: {},
    credentials: { values: {} },
    error: { code: 'INVALID_INPUT', message: /sign in again/ },
  },
  {
    name: 'an API key connection without its key',
    connector: 'search',
    operationId: 'Search',
    parameters: { q: 'x' },
    credentials: { values: { api_key: '' } },
    error: { code: 'INVALID_INPUT', message: /no API key/ },
  },
];
