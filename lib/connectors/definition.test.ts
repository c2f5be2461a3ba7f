import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { readConnectorUpload } from './definition';
import { buildPackage, zipEntries } from './package';

const fixtures = path.join(process.cwd(), 'e2e/fixtures/files');
const read = (name: string) => readFileSync(path.join(fixtures, name));
const taskFiles = ['apiDefinition.swagger.json', 'apiProperties.json', 'icon.png', 'script.csx'].map((name) => ({
  name,
  data: read(`contoso-tasks/${name}`),
}));

const zip = zipEntries;

async function refusal(input: Parameters<typeof readConnectorUpload>[0]): Promise<string> {
  try {
    await readConnectorUpload(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    // The plain words, then the technical location the form shows under them.
    const { message, detail } = error as AppError;
    return detail ? `${message} ${detail}` : message;
  }
  throw new Error('expected the upload to be refused');
}

const pasted = (doc: object) => ({ files: [], pasted: JSON.stringify(doc) });
const minimal31 = {
  openapi: '3.1.0',
  info: { title: 'Inventory', version: '2' },
  servers: [{ url: 'https://inventory.example.test/v2' }],
  components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' } } },
  paths: {
    '/items/{id}': {
      get: {
        operationId: 'GetItem',
        summary: 'Get an item',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: ['string', 'null'] } }],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
};

describe('readConnectorUpload', () => {
  it('reads an OpenAPI 3.0 YAML file: operations, host, base path and an API-key connection parameter', async () => {
    const d = await readConnectorUpload({ files: [{ name: 'weather.openapi.yaml', data: read('weather.openapi.yaml') }] });
    expect(d).toMatchObject({
      name: 'Contoso Weather',
      specFormat: 'openapi-3.0',
      host: 'weather.contoso.test',
      basePath: '/api/v1',
      authKind: 'api_key',
    });
    expect(d.authConfig).toEqual({ in: 'header', parameterName: 'X-Weather-Key' });
    expect(d.operations.map((o) => [o.operationId, o.method, o.path])).toEqual([
      ['GetConditions', 'GET', '/sites/{siteId}/conditions'],
      ['GetForecast', 'GET', '/sites/{siteId}/forecast'],
    ]);
    expect(d.operations[1]!.parameters.map((p) => `${p.name}:${p.in}:${p.required}:${p.type}`)).toEqual([
      'siteId:path:true:string',
      'days:query:false:integer',
    ]);
    expect(d.connectionParameters).toEqual([
      expect.objectContaining({ name: 'api_key', type: 'securestring', isSecret: true, required: true }),
    ]);
    expect(d.warnings).toEqual([]);
  });

  it('reads an OpenAPI 3.1 document (pasted), with basic authentication', async () => {
    const d = await readConnectorUpload(pasted(minimal31));
    expect(d).toMatchObject({ specFormat: 'openapi-3.1', host: 'inventory.example.test', basePath: '/v2', authKind: 'basic' });
    expect(d.connectionParameters.map((p) => [p.name, p.isSecret])).toEqual([
      ['username', false],
      ['password', true],
    ]);
  });

  it('reads a Power Platform package chosen as files, keeping extensions, properties, icon and script', async () => {
    const d = await readConnectorUpload({ files: taskFiles });
    expect(d).toMatchObject({
      name: 'Contoso Tasks',
      specFormat: 'swagger-2.0',
      host: 'tasks.contoso.test',
      basePath: '/v2',
      authKind: 'oauth2',
      iconColor: '#5c2d91',
      iconType: 'image/png',
    });
    expect(d.authConfig.identityProvider).toBe('oauth2generic');
    expect(d.connectionParameters.map((p) => [p.name, p.displayName, p.isSecret, p.required])).toEqual([
      ['token', 'Sign in', true, true],
      ['region', 'Region', false, false],
    ]);
    expect(d.document['x-ms-connector-metadata']).toBeDefined();
    expect((d.properties.properties as Record<string, unknown>).policyTemplateInstances).toBeDefined();
    expect(d.script).toContain('class Script');
    expect(d.operations.find((o) => o.operationId === 'WhenTaskDone')?.isTrigger).toBe(true);
    expect(d.warnings).toEqual(
      expect.arrayContaining([
        { message: expect.stringContaining('`responses` is empty'), location: '/paths/~1hooks~1task-done/post/responses' },
        { message: expect.stringContaining('does not run custom code'), location: 'script.csx' },
      ]),
    );
  });

  it('reads the same package from a zip (with its folder) and gives the same connector', async () => {
    const files = await readConnectorUpload({ files: taskFiles });
    const zipped = await readConnectorUpload({
      files: [{ name: 'tasks.zip', data: await zip(taskFiles.map((f) => ({ ...f, name: `Contoso Tasks/${f.name}` }))) }],
    });
    expect(zipped.hash).toBe(files.hash);
  });

  it('round-trips: downloading and importing the download gives the same connector back', async () => {
    const original = await readConnectorUpload({ files: taskFiles });
    const again = await readConnectorUpload({ files: [{ name: 'download.zip', data: await buildPackage(original.name, original) }] });
    expect(again.hash).toBe(original.hash);
    expect(again.document).toEqual(original.document);
    expect(again.connectionParameters).toEqual(original.connectionParameters);
    expect(again.operations).toEqual(original.operations);
  });

  it('downloads an OpenAPI 3 connector as Swagger 2.0, which imports back with the same operations', async () => {
    for (const input of [{ files: [{ name: 'w.yaml', data: read('weather.openapi.yaml') }] }, pasted(minimal31)]) {
      const original = await readConnectorUpload(input);
      const download = await buildPackage(original.name, original);
      const again = await readConnectorUpload({ files: [{ name: 'download.zip', data: download }] });
      expect(again.specFormat).toBe('swagger-2.0');
      expect(again.host).toBe(original.host);
      expect(again.basePath).toBe(original.basePath);
      const shape = (d: typeof original) =>
        d.operations.map((o) => ({
          id: o.operationId,
          method: o.method,
          path: o.path,
          params: o.parameters.map((p) => `${p.in}:${p.name}`).sort(),
        }));
      expect(shape(again)).toEqual(shape(original));
      expect(again.connectionParameters.map((p) => p.name)).toEqual(original.connectionParameters.map((p) => p.name));
      // The package says what the conversion lost (here nothing), for the person importing it into Power Platform.
      expect(again.warnings.some((w) => /README\.md/.test(w.message))).toBe(true);
    }
  });

  it('uses the Name field over the document title, and writes it into the document', async () => {
    const d = await readConnectorUpload({ files: [{ name: 'w.yaml', data: read('weather.openapi.yaml') }], name: '  Site   Weather ' });
    expect(d.name).toBe('Site Weather');
    expect((d.document.info as { title: string }).title).toBe('Site Weather');
  });

  it('accepts JSON that Power Platform accepts (a trailing comma) with a warning saying where', async () => {
    const text = JSON.stringify(minimal31, null, 2).replace('"version": "2"', '"version": "2",');
    const d = await readConnectorUpload({ files: [{ name: 'apiDefinition.swagger.json', data: Buffer.from(text) }] });
    expect(d.warnings[0]).toMatchObject({
      message: expect.stringContaining('Not strict JSON'),
      location: expect.stringMatching(/line \d+, column \d+/),
    });
  });

  it('never follows an external reference (no file or URL is read), and says so', async () => {
    const doc = structuredClone(minimal31) as Record<string, unknown> & {
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    };
    doc.paths['/items/{id}']!.get.responses['200'] = {
      description: 'ok',
      content: { 'application/json': { schema: { $ref: '/etc/passwd' } } },
    };
    const d = await readConnectorUpload(pasted(doc));
    expect(d.warnings).toContainEqual({
      message: 'External reference not followed: /etc/passwd',
      location: expect.stringContaining('/schema'),
    });
  });

  describe('refuses with the reason and where', () => {
    it('invalid JSON', async () => {
      expect(await refusal({ files: [{ name: 'api.json', data: Buffer.from('{\n  "swagger": "2.0",\n  "info": {\n}') }] })).toMatch(
        /api\.json isn’t valid JSON: .* At line \d+, column \d+/,
      );
    });
    it('invalid YAML', async () => {
      expect(await refusal({ files: [], pasted: 'openapi: 3.0.0\ninfo:\n  title: [unclosed\n' })).toMatch(
        /isn’t valid YAML: .* At line \d+/,
      );
    });
    it('a document that is not OpenAPI', async () => {
      expect(await refusal({ files: [], pasted: '{"name": "not an api"}' })).toMatch(/neither `swagger: "2.0"` nor `openapi: 3.x`/);
    });
    it('an unsupported OpenAPI version', async () => {
      expect(await refusal(pasted({ ...minimal31, openapi: '3.2.0' }))).toMatch(/OpenAPI 3\.2\.0/);
    });
    it('a reference that cannot be dereferenced, naming the pointer and where it is used', async () => {
      const doc = structuredClone(minimal31) as Record<string, unknown> & {
        paths: Record<string, { get: { responses: Record<string, unknown> } }>;
      };
      doc.paths['/items/{id}']!.get.responses['200'] = { $ref: '#/components/responses/Missing' };
      const message = await refusal(pasted(doc));
      expect(message).toMatch(/refers to a part of itself that isn’t there.*#\/components\/responses\/Missing/);
      expect(message).toContain('referenced at /paths/~1items~1{id}/get/responses/200');
    });
    it('a small document whose references would expand exponentially', async () => {
      const definitions: Record<string, object> = {};
      for (let i = 0; i < 40; i++) {
        definitions[`d${i}`] = {
          type: 'object',
          properties: { a: { $ref: `#/definitions/d${i + 1}` }, b: { $ref: `#/definitions/d${i + 1}` } },
        };
      }
      definitions.d40 = { type: 'string' };
      const doc = {
        swagger: '2.0',
        info: { title: 'Bomb', version: '1' },
        paths: { '/x': { get: { responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/d0' } } } } } },
        definitions,
      };
      expect(await refusal(pasted(doc))).toMatch(/would expand to more than/);
    });
    it('a document nested too deeply', async () => {
      let schema: object = { type: 'string' };
      for (let i = 0; i < 300; i++) schema = { type: 'array', items: schema };
      const doc = {
        swagger: '2.0',
        info: { title: 'Deep', version: '1' },
        paths: { '/x': { get: { responses: { '200': { description: 'ok', schema } } } } },
      };
      expect(await refusal(pasted(doc))).toMatch(/nested more than 256 levels/);
    });
    it('a document without operations', async () => {
      expect(await refusal(pasted({ ...minimal31, paths: {} }))).toMatch(/has no operations/);
    });
    it('apiProperties.json without its definition', async () => {
      expect(await refusal({ files: [taskFiles[1]!] })).toMatch(/needs its apiDefinition\.swagger\.json/);
    });
    it('two definitions in one upload', async () => {
      expect(await refusal({ files: [taskFiles[0]!, { ...taskFiles[0]!, name: 'apiDefinition.swagger.json' }] })).toMatch(
        /apiProperties|More than one/,
      );
    });
    it('an icon that is not an image', async () => {
      expect(await refusal({ files: [taskFiles[0]!, { name: 'icon.png', data: Buffer.from('<svg onload="alert(1)"/>') }] })).toMatch(
        /isn’t a PNG or JPEG/,
      );
    });
    it('a .zip that is not a zip', async () => {
      expect(await refusal({ files: [{ name: 'package.zip', data: Buffer.from('hello') }] })).toMatch(/isn’t a zip file/);
    });
    it('a zip entry escaping the package folder', async () => {
      const good = await zip([{ name: 'aa/apiDefinition.swagger.json', data: taskFiles[0]!.data }]);
      // Rewrite the stored name to "../…" (zip writers refuse to create it).
      const evil = Buffer.from(good.toString('latin1').replaceAll('aa/apiDefinition', '../apiDefinition'), 'latin1');
      expect(await refusal({ files: [{ name: 'evil.zip', data: evil }] })).toMatch(/outside the package folder/);
    });
    it('a zip with too many entries', async () => {
      const entries = Array.from({ length: 201 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from('x') }));
      expect(await refusal({ files: [{ name: 'many.zip', data: await zip(entries) }] })).toMatch(/has 201 entries/);
    });
    it('a zip that unpacks too large', async () => {
      const bomb = await zip([{ name: 'big.json', data: Buffer.alloc(41 * 1024 * 1024) }]);
      expect(bomb.length).toBeLessThan(1024 * 1024);
      expect(await refusal({ files: [{ name: 'bomb.zip', data: bomb }] })).toMatch(/unpacks to more than 40 MB/);
    });
    it('a zip holding a symbolic link', async () => {
      const linked = await zip([{ name: 'pkg/apiDefinition.swagger.json', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]);
      expect(await refusal({ files: [{ name: 'link.zip', data: linked }] })).toMatch(/symbolic link/);
    });
    it('an oversized file', async () => {
      expect(await refusal({ files: [{ name: 'huge.json', data: Buffer.alloc(11 * 1024 * 1024) }] })).toMatch(/the limit is 10 MB/);
    });
  });
});

describe('documents built to be expensive', () => {
  const minimalSwagger = { swagger: '2.0', info: { title: 'x', version: '1' }, host: 'a.test' };

  it('the 2 KB document whose references double 16 times is read as written: quickly, with its finding located', async () => {
    const definitions: Record<string, unknown> = { D0: { type: 'object', properties: { v: { type: 'string' } } } };
    for (let i = 1; i < 16; i++) {
      definitions[`D${i}`] = {
        type: 'object',
        properties: { a: { $ref: `#/definitions/D${i - 1}` }, b: { $ref: `#/definitions/D${i - 1}` } },
      };
    }
    const text = JSON.stringify({
      ...minimalSwagger,
      paths: {
        '/x': {
          get: { operationId: 'X', parameters: [{ name: 'body', in: 'body', schema: { $ref: '#/definitions/D15' } }], responses: {} },
        },
      },
      definitions,
    });
    expect(text.length).toBeLessThan(2_100);
    const started = performance.now();
    const d = await readConnectorUpload({ files: [], pasted: text });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(d.warnings).toContainEqual({
      message: '`responses` is empty: an operation should describe at least one response',
      location: '/paths/~1x/get/responses',
    });
  });

  it('a chain of 60 definitions 60 levels deep is refused by the depth limit, memoised sizes or not', async () => {
    const definitions: Record<string, unknown> = {};
    for (let i = 0; i < 60; i++) {
      let node: Record<string, unknown> = i === 0 ? { type: 'string' } : { $ref: `#/definitions/D${i - 1}` };
      for (let d = 0; d < 60; d++) node = { type: 'object', properties: { n: node } };
      definitions[`D${i}`] = node;
    }
    const chain = {
      ...minimalSwagger,
      paths: { '/x': { get: { operationId: 'X', responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/D59' } } } } } },
      definitions,
    };
    expect(await refusal({ files: [], pasted: JSON.stringify(chain) })).toMatch(
      /nested more than 256 levels deep once its references are resolved/,
    );
  });

  it('an apiProperties.json 200,000 levels deep is INVALID_INPUT, not a stack overflow', async () => {
    const swagger = JSON.stringify({
      ...minimalSwagger,
      paths: { '/x': { get: { operationId: 'X', responses: { '200': { description: 'ok' } } } } },
    });
    const deep = `{"properties":${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}}`;
    expect(
      await refusal({
        files: [
          { name: 'apiDefinition.swagger.json', data: Buffer.from(swagger) },
          { name: 'apiProperties.json', data: Buffer.from(deep) },
        ],
      }),
    ).toMatch(/apiProperties\.json is nested more than 256 levels deep/);
  });
});
