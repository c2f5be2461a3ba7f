import 'server-only';
import { dereference } from '@readme/openapi-parser';
import type { ConnectorAuthConfig, ConnectorAuthKind, ConnectorOperation, ConnectorWarning } from '@/db/schema';
import { invalidInput as refuse } from '@/lib/errors';
import { isObject, type Json } from '@/lib/json';
import { checkDocumentShape } from './openapi-limits';
import { findRefs } from './openapi-locate';
import { specFormatOf, type SpecFormat } from './openapi-parse';
import { schemaFindings } from './openapi-validate';

/*
 * Analysing an OpenAPI 2.0 / 3.x document, split by concern: parsing text (openapi-parse.ts), the
 * limits on what one document may cost (openapi-limits.ts), meta-schema findings on the document
 * as written (openapi-validate.ts) and JSON pointers (openapi-locate.ts). Here: dereference with
 * @readme/openapi-parser (a maintained fork of swagger-parser) to read operations, host and
 * security. What Power Platform accepts we accept: strict-schema findings become warnings with
 * their location; a document that cannot be dereferenced, or has no operation, is refused.
 */

export type { SpecFormat } from './openapi-parse';

/** Only references inside the document: a `$ref` to a file or URL must never read the server's disk or network. */
const parserOptions = {
  resolve: { external: false },
  dereference: { circular: 'ignore' as const },
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function schemaType(schema: unknown): string {
  if (!isObject(schema)) return 'object';
  if (typeof schema.type === 'string') return schema.type === 'array' ? `array of ${schemaType(schema.items)}` : schema.type;
  if (Array.isArray(schema.type)) return schema.type.filter((t) => t !== 'null').join(' | ');
  return 'object';
}

/** Reads every operation of a dereferenced document, with the parameters a user fills in. */
export function readOperations(document: Json): ConnectorOperation[] {
  const paths = isObject(document.paths) ? document.paths : {};
  const operations: ConnectorOperation[] = [];
  for (const [route, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const own = Array.isArray(op.parameters) ? op.parameters : [];
      const byKey = new Map<string, Json>();
      for (const p of [...shared, ...own]) if (isObject(p) && typeof p.name === 'string') byKey.set(`${p.in}:${p.name}`, p);
      const parameters = [...byKey.values()]
        .filter((p) => p['x-ms-visibility'] !== 'internal')
        .map((p) => ({
          name: String(p.name),
          in: String(p.in ?? 'query'),
          required: p.required === true,
          type: p.in === 'body' ? schemaType(p.schema) : schemaType(p.schema ?? p),
          summary: String(p['x-ms-summary'] ?? p.description ?? ''),
        }));
      const body = isObject(op.requestBody) ? op.requestBody : null;
      if (body) {
        const content = isObject(body.content) ? Object.values(body.content)[0] : undefined;
        parameters.push({
          name: 'body',
          in: 'body',
          required: body.required === true,
          type: schemaType(isObject(content) ? content.schema : undefined),
          summary: String(body.description ?? ''),
        });
      }
      operations.push({
        operationId:
          typeof op.operationId === 'string' && op.operationId ? op.operationId : `${method}${route.replace(/[^a-zA-Z0-9]+/g, '_')}`,
        method: method.toUpperCase(),
        path: route,
        summary: String(op.summary ?? ''),
        description: String(op.description ?? ''),
        visibility: typeof op['x-ms-visibility'] === 'string' ? op['x-ms-visibility'] : undefined,
        deprecated: op.deprecated === true || undefined,
        isTrigger: op['x-ms-trigger'] != null || undefined,
        parameters,
      });
    }
  }
  return operations;
}

/** Host and base path: Swagger's `host`/`basePath`, or the first OpenAPI 3 server URL. */
export function readHost(document: Json): { host: string; basePath: string } {
  if (typeof document.swagger !== 'undefined') {
    return {
      host: typeof document.host === 'string' ? document.host : '',
      basePath: typeof document.basePath === 'string' ? document.basePath : '/',
    };
  }
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const url = isObject(servers[0]) && typeof servers[0].url === 'string' ? servers[0].url : '';
  if (!url) return { host: '', basePath: '/' };
  try {
    const u = new URL(url, 'https://relative.invalid');
    return { host: u.hostname === 'relative.invalid' ? '' : u.host, basePath: decodeURIComponent(u.pathname) || '/' };
  } catch {
    return { host: '', basePath: '/' };
  }
}

/** Authentication from the first security scheme the document declares. */
export function readAuth(document: Json): { authKind: ConnectorAuthKind; authConfig: ConnectorAuthConfig } {
  const schemes = isObject(document.securityDefinitions)
    ? document.securityDefinitions
    : isObject(document.components) && isObject(document.components.securitySchemes)
      ? document.components.securitySchemes
      : {};
  const first = Object.values(schemes).find(isObject);
  if (!first) return { authKind: 'none', authConfig: {} };
  if (first.type === 'apiKey') {
    return {
      authKind: 'api_key',
      authConfig: { in: first.in === 'query' ? 'query' : 'header', parameterName: String(first.name ?? 'api_key') },
    };
  }
  if (first.type === 'basic' || (first.type === 'http' && String(first.scheme).toLowerCase() === 'basic'))
    return { authKind: 'basic', authConfig: {} };
  if (first.type === 'http' && String(first.scheme).toLowerCase() === 'bearer') {
    return { authKind: 'api_key', authConfig: { in: 'header', parameterName: 'Authorization' } };
  }
  if (first.type === 'oauth2' || first.type === 'openIdConnect') {
    const flows = isObject(first.flows) ? (Object.values(first.flows).find(isObject) ?? {}) : first;
    const scopes = isObject(flows.scopes) ? Object.keys(flows.scopes) : [];
    return {
      authKind: 'oauth2',
      authConfig: {
        authorizationUrl: typeof flows.authorizationUrl === 'string' ? flows.authorizationUrl : undefined,
        tokenUrl: typeof flows.tokenUrl === 'string' ? flows.tokenUrl : undefined,
        scopes,
      },
    };
  }
  return { authKind: 'none', authConfig: {} };
}

export interface AnalyzedDocument {
  specFormat: SpecFormat;
  operations: ConnectorOperation[];
  warnings: ConnectorWarning[];
  host: string;
  basePath: string;
  authKind: ConnectorAuthKind;
  authConfig: ConnectorAuthConfig;
  title: string;
  description: string;
}

/**
 * Dereferences and validates a parsed document (the stored document itself is left untouched,
 * extensions and all). Refuses a document that cannot be dereferenced or has no operation.
 */
export async function analyzeDocument(document: Json, source: string): Promise<AnalyzedDocument> {
  const specFormat = specFormatOf(document, source);
  checkDocumentShape(document, source);
  let dereferenced: Json;
  try {
    dereferenced = (await dereference(structuredClone(document) as never, parserOptions)) as unknown as Json;
  } catch (error) {
    const message = ((error as Error).message || 'unknown reference error').split('\n')[0]!;
    const missing = /pointer "([^"]+)"/.exec(message)?.[1];
    const at = missing ? findRefs(document).find((r) => r.ref === missing)?.at : undefined;
    throw refuse(
      `${source} refers to a part of itself that isn’t there (a \`$ref\` that points nowhere).`,
      `${message}${at ? ` (referenced at ${at})` : ''}`,
    );
  }
  // External references are never followed (no file or URL is read); say so rather than pretend.
  const warnings: ConnectorWarning[] = findRefs(document)
    .filter((r) => !r.ref.startsWith('#'))
    .slice(0, 20)
    .map((r) => ({ message: `External reference not followed: ${r.ref}`, location: r.at }));
  // Validated as written: never on the dereferenced document, where each `$ref` counts as a copy.
  warnings.push(...schemaFindings(document, specFormat));
  const operations = readOperations(dereferenced);
  if (operations.length === 0) throw refuse(`${source} has no operations: \`paths\` must describe at least one request.`);
  const info = isObject(document.info) ? document.info : {};
  return {
    specFormat,
    operations,
    warnings,
    ...readHost(document),
    ...readAuth(dereferenced),
    title: typeof info.title === 'string' ? info.title : '',
    description: typeof info.description === 'string' ? info.description : '',
  };
}
