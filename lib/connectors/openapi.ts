import 'server-only';
import { dereference } from '@readme/openapi-parser';
import JSON5 from 'json5';
import { parseDocument as parseYaml } from 'yaml';
import type { ConnectorAuthConfig, ConnectorAuthKind, ConnectorOperation, ConnectorWarning } from '@/db/schema';
import { AppError, invalidInput } from '@/lib/errors';
import { isObject, type Json } from '@/lib/json';
import { schemaFindings } from './openapi-validate';

/*
 * OpenAPI 2.0 / 3.x documents: parse (JSON or YAML, with line and column on failure), validate
 * against the specification's meta-schema as written (openapi-validate.ts), dereference with
 * @readme/openapi-parser (a maintained fork of swagger-parser) to read operations, host and security. What Power Platform accepts we accept: strict-schema findings become warnings
 * with their location; a document that cannot be parsed or dereferenced, or has no operation, is refused.
 */

export type SpecFormat = 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';

const refuse = (message: string) => new AppError('INVALID_INPUT', message);

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/**
 * Parses JSON text the way Power Platform's tooling does: strictly first; if that fails, leniently
 * (trailing commas, comments, raw tabs in strings), with a warning saying where the strict parse broke.
 * Text that neither reads is refused with the strict parser's line and column.
 */
export function parseJsonText(raw: string, source: string): { value: unknown; warnings: ConnectorWarning[] } {
  const text = raw.replace(/^\uFEFF/, '');
  try {
    return { value: JSON.parse(text), warnings: [] };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position ? lineColumn(text, Number(position)) : undefined;
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/,\s*(\.\.\.)?".*$/s, '');
    try {
      const value = JSON5.parse(text) as unknown;
      return {
        value,
        warnings: [
          {
            message: `Not strict JSON (${reason}); read leniently, as Power Platform does`,
            location: `${source}${where ? `, ${where}` : ''}`,
          },
        ],
      };
    } catch {
      throw invalidInput(
        `${source} isn’t valid JSON: a bracket, comma or quote is missing or extra.`,
        `${where ? `At ${where}: ` : ''}${reason}.`,
      );
    }
  }
}

/** Parses JSON or YAML text into a document object; refuses with where it broke. */
export function parseDocumentText(raw: string, source: string): { document: Json; warnings: ConnectorWarning[] } {
  const text = raw.replace(/^\uFEFF/, '');
  if (!text.trim()) throw refuse(`${source} is empty.`);
  let value: unknown;
  let warnings: ConnectorWarning[] = [];
  if (/^\s*[{[]/.test(text)) {
    ({ value, warnings } = parseJsonText(text, source));
  } else {
    const doc = parseYaml(text, { uniqueKeys: false });
    const first = doc.errors[0];
    if (first) {
      const pos = first.linePos?.[0];
      throw invalidInput(
        `${source} isn’t valid YAML: check the indentation and quoting.`,
        `${pos ? `At line ${pos.line}, column ${pos.col}: ` : ''}${first.message.split('\n')[0]}.`,
      );
    }
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      throw invalidInput(`${source} can’t be read as YAML.`, `${(error as Error).message.split('\n')[0]}.`);
    }
  }
  if (!isObject(value)) throw refuse(`${source} doesn’t hold an object: an OpenAPI document starts with \`swagger\` or \`openapi\`.`);
  specFormatOf(value, source);
  return { document: value, warnings };
}

/** Which specification the document follows; refuses anything else. */
export function specFormatOf(document: Json, source: string): SpecFormat {
  if (document.swagger === '2.0' || document.swagger === 2) return 'swagger-2.0';
  if (typeof document.openapi === 'string') {
    if (document.openapi.startsWith('3.0')) return 'openapi-3.0';
    if (document.openapi.startsWith('3.1')) return 'openapi-3.1';
    throw refuse(`${source} declares OpenAPI ${document.openapi}; Makerport reads Swagger 2.0 and OpenAPI 3.0 and 3.1.`);
  }
  throw refuse(`${source} isn’t an OpenAPI document: it has neither \`swagger: "2.0"\` nor \`openapi: 3.x\` at the top.`);
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Limits on the shape of a document, so a small file cannot cost unbounded time or memory. */
export const documentLimits = {
  depth: 256,
  /**
   * Nodes the document may have once every internal `$ref` is counted as a copy where it is used.
   * The largest of the 1,010 public connector packages expands to about 99,000; ten times that
   * stays far below what costs seconds to read.
   */
  expandedNodes: 1_000_000,
} as const;

/**
 * Refuses a value nested deeper than `documentLimits.depth`, without recursion (a 200,000-deep
 * object must be refused in words, not overflow the stack).
 */
export function checkDepth(value: unknown, source: string, limit: number = documentLimits.depth): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) throw refuse(`${source} is nested more than ${limit} levels deep.`);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
}

/**
 * Refuses a document nested too deeply, or whose internal `$ref`s would expand (each reference
 * copied where it is used) beyond `documentLimits.expandedNodes`: ten definitions that each use
 * the next twice already make a thousand copies. Each reference's size and height are memoised,
 * so the count is linear in the document; a memoised reference still counts its height where it
 * is used, so a chain of references can't nest deeper than the limit. A reference back into its
 * own path counts once, as the dereferencer keeps circular references as they are.
 */
export function checkDocumentShape(document: Json, source: string): void {
  checkDepth(document, source);
  const measured = new Map<string, { size: number; height: number }>();
  const resolving = new Set<string>();
  const resolve = (pointer: string): unknown => {
    let node: unknown = document;
    for (const raw of pointer.slice(2).split('/')) {
      if (!raw && pointer === '#/') break;
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (node == null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  };
  const tooDeep = () => refuse(`${source} is nested more than ${documentLimits.depth} levels deep once its references are resolved.`);
  const tooLarge = () =>
    refuse(
      `${source} would expand to more than ${documentLimits.expandedNodes.toLocaleString('en')} nodes once its references are resolved.`,
    );
  /** Size and height of a value, `depth` levels down from the top. */
  const measure = (value: unknown, depth: number): { size: number; height: number } => {
    if (depth > documentLimits.depth) throw tooDeep();
    if (value === null || typeof value !== 'object') return { size: 1, height: 0 };
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      let known = measured.get(ref);
      if (!known) {
        if (resolving.has(ref)) return { size: 1, height: 0 };
        resolving.add(ref);
        const inner = measure(resolve(ref), depth + 1);
        resolving.delete(ref);
        known = { size: inner.size, height: inner.height + 1 };
        measured.set(ref, known);
      }
      if (depth + known.height > documentLimits.depth) throw tooDeep();
      return known;
    }
    let size = 1;
    let height = 0;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      const m = measure(child, depth + 1);
      size += m.size;
      height = Math.max(height, m.height + 1);
      if (size > documentLimits.expandedNodes) throw tooLarge();
    }
    return { size, height };
  };
  measure(document, 0);
}

/** Every `$ref` in a document with where it sits. */
function findRefs(value: unknown, pointer = '', out: { ref: string; at: string }[] = []): { ref: string; at: string }[] {
  if (out.length > 200) return out;
  if (Array.isArray(value)) value.forEach((v, i) => findRefs(v, `${pointer}/${i}`, out));
  else if (isObject(value)) {
    if (typeof value.$ref === 'string') out.push({ ref: value.$ref, at: pointer || '/' });
    for (const [key, v] of Object.entries(value)) if (key !== '$ref') findRefs(v, `${pointer}/${escapePointer(key)}`, out);
  }
  return out;
}

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
    throw invalidInput(
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
