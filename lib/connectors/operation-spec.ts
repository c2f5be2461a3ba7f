import 'server-only';
import { isObject, type Json } from '@/lib/json';

/*
 * Reading one operation out of a stored API document for the request builder. The stored document
 * is not dereferenced (extensions and all are kept as imported), so internal `$ref`s are followed
 * here, on demand; external ones never are.
 */

export { isObject, type Json } from '@/lib/json';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** Follows internal `$ref`s to the node they point at (an external reference resolves to nothing). */
export function resolveRef(document: Json, node: unknown): unknown {
  for (let hops = 0; isObject(node) && typeof node.$ref === 'string' && hops < 32; hops++) {
    const ref = node.$ref;
    if (!ref.startsWith('#/')) return {};
    let target: unknown = document;
    for (const raw of ref.slice(2).split('/')) {
      target = isObject(target) ? target[raw.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    node = target;
  }
  return node;
}

/** One parameter as the builder needs it. The body is a parameter too (Swagger 2's, or OpenAPI 3's request body named `body`). */
export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'formData' | 'body' | 'cookie';
  required: boolean;
  /** `x-ms-visibility: internal` with a default: sent without anyone filling it in, as Power Automate does. */
  internalDefault?: unknown;
  /** How an array goes into the query: repeated (`multi`) or joined. */
  arrayFormat: 'multi' | 'csv' | 'ssv' | 'tsv' | 'pipes';
  /** `x-ms-url-encoding: double` (path parameters). */
  doubleEncode: boolean;
  /** The body's schema. */
  schema?: unknown;
}

export interface OperationSpec {
  operationId: string;
  method: string;
  /** The path template, e.g. `/expenses/{expenseId}`. */
  route: string;
  parameters: OperationParameter[];
  body?: OperationParameter;
  /** The request content type the operation takes (JSON when it offers JSON). */
  contentType: string;
  /** Whether it answers JSON (then `Accept: application/json` goes out). */
  producesJson: boolean;
}

/** The id readOperations gives an operation that has none, so both find the same operation. */
const fallbackId = (method: string, route: string) => `${method}${route.replace(/[^a-zA-Z0-9]+/g, '_')}`;

/** Swagger 2: `collectionFormat`, csv by default. OpenAPI 3: `style` + `explode`, repeated by default. */
function arrayFormat(p: Json): OperationParameter['arrayFormat'] {
  const formats = ['multi', 'csv', 'ssv', 'tsv', 'pipes'] as const;
  if (!isObject(p.schema)) return formats.find((f) => f === p.collectionFormat) ?? 'csv';
  if (p.explode !== false) return 'multi';
  return p.style === 'spaceDelimited' ? 'ssv' : p.style === 'pipeDelimited' ? 'pipes' : 'csv';
}

function toParameter(p: Json): OperationParameter {
  const schema = isObject(p.schema) ? p.schema : p;
  return {
    name: String(p.name),
    in: String(p.in) as OperationParameter['in'],
    required: p.required === true || p.in === 'path',
    internalDefault: p['x-ms-visibility'] === 'internal' ? (p.default ?? schema.default) : undefined,
    arrayFormat: arrayFormat(p),
    doubleEncode: p['x-ms-url-encoding'] === 'double',
    schema: p.in === 'body' ? p.schema : undefined,
  };
}

function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** Finds an operation by id, with its path-level and operation-level parameters merged (the operation's win). */
export function findOperationSpec(document: Json, operationId: string): OperationSpec | null {
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [route, rawItem] of Object.entries(paths)) {
    const item = resolveRef(document, rawItem);
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const id = typeof op.operationId === 'string' && op.operationId ? op.operationId : fallbackId(method, route);
      if (id !== operationId) continue;
      const byKey = new Map<string, Json>();
      for (const list of [item.parameters, op.parameters]) {
        for (const raw of Array.isArray(list) ? list : []) {
          const p = resolveRef(document, raw);
          if (isObject(p) && typeof p.name === 'string') byKey.set(`${String(p.in)}:${p.name}`, p);
        }
      }
      const parameters = [...byKey.values()].map(toParameter);
      const requestBody = resolveRef(document, op.requestBody);
      const content = isObject(requestBody) && isObject(requestBody.content) ? requestBody.content : null;
      const body =
        parameters.find((p) => p.in === 'body') ??
        (isObject(requestBody)
          ? {
              name: 'body',
              in: 'body' as const,
              required: requestBody.required === true,
              arrayFormat: 'csv' as const,
              doubleEncode: false,
              schema: content ? (Object.values(content).find(isObject) as Json | undefined)?.schema : undefined,
            }
          : undefined);
      const offered = content ? Object.keys(content) : listOf(op.consumes ?? document.consumes);
      const produces = listOf(op.produces ?? document.produces);
      return {
        operationId,
        method: method.toUpperCase(),
        route,
        parameters: parameters.filter((p) => p.in !== 'body'),
        body,
        contentType: offered.find((t) => /json/i.test(t)) ?? offered[0] ?? 'application/json',
        producesJson: produces.some((t) => /json/i.test(t)),
      };
    }
  }
  return null;
}

/** A body property's schema, following `$ref`s and `properties` down a path. */
export function schemaAt(document: Json, schema: unknown, path: string[]): Json | undefined {
  let node = resolveRef(document, schema);
  for (const key of path) {
    if (!isObject(node) || !isObject(node.properties)) return undefined;
    node = resolveRef(document, node.properties[key]);
  }
  return isObject(node) ? node : undefined;
}

/** https unless the document offers only http (Swagger `schemes`, or an OpenAPI 3 server URL). */
export function schemeOf(document: Json): 'http' | 'https' {
  if (Array.isArray(document.schemes)) return document.schemes.includes('https') || !document.schemes.includes('http') ? 'https' : 'http';
  const server = Array.isArray(document.servers) && isObject(document.servers[0]) ? String(document.servers[0].url ?? '') : '';
  return server.startsWith('http://') ? 'http' : 'https';
}

/**
 * The operation `Test connection` calls: the one `x-ms-capabilities.testConnection` names, else the
 * first GET with no required parameter (internal ones with a default don't count). Null when none fits.
 */
export function testConnectionOperation(document: Json): { operationId: string; parameters: Record<string, unknown> } | null {
  const capabilities = isObject(document['x-ms-capabilities']) ? document['x-ms-capabilities'] : {};
  const declared = isObject(capabilities.testConnection) ? capabilities.testConnection : null;
  if (declared && typeof declared.operationId === 'string' && findOperationSpec(document, declared.operationId)) {
    const given = isObject(declared.parameters) ? declared.parameters : {};
    // Entries may be plain values or `{ "value": … }` objects.
    const parameters = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, isObject(v) && 'value' in v ? v.value : v]));
    return { operationId: declared.operationId, parameters };
  }
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [route, rawItem] of Object.entries(paths)) {
    const item = resolveRef(document, rawItem);
    const op = isObject(item) ? item.get : undefined;
    if (!isObject(op)) continue;
    const operationId = typeof op.operationId === 'string' && op.operationId ? op.operationId : fallbackId('get', route);
    const spec = findOperationSpec(document, operationId)!;
    const needed = [...spec.parameters, ...(spec.body ? [spec.body] : [])].filter((p) => p.required && p.internalDefault === undefined);
    if (needed.length === 0) return { operationId, parameters: {} };
  }
  return null;
}
