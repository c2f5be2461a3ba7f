import 'server-only';
import { dereference, validate } from '@readme/openapi-parser';
import JSON5 from 'json5';
import { parseDocument as parseYaml } from 'yaml';
import type { ConnectorAuthConfig, ConnectorAuthKind, ConnectorOperation, ConnectorWarning } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { isObject, type Json } from '@/lib/json';

/*
 * OpenAPI 2.0 / 3.x documents: parse (JSON or YAML, with line and column on failure), dereference
 * and validate with @readme/openapi-parser (a maintained fork of swagger-parser), read operations,
 * host and security. What Power Platform accepts we accept: strict-schema findings become warnings
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
      throw refuse(`${source} isn’t valid JSON${where ? ` at ${where}` : ''}: ${reason}.`);
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
      throw refuse(`${source} isn’t valid YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${first.message.split('\n')[0]}.`);
    }
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      throw refuse(`${source} can’t be read: ${(error as Error).message.split('\n')[0]}.`);
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

/**
 * Maps line numbers of `JSON.stringify(value, null, 2)` to the JSON pointer that starts on each
 * line, so a validator's "line 2080" becomes `/paths/~1filings/post/responses`.
 */
function pointerLines(value: unknown): { lines: string[]; pointers: string[] } {
  const text = JSON.stringify(value, null, 2) ?? '';
  const lines = text.split('\n');
  const pointers: string[] = new Array(lines.length).fill('');
  let line = 0;
  const walk = (v: unknown, pointer: string) => {
    pointers[line] = pointer;
    if (Array.isArray(v)) {
      if (v.length === 0) return;
      for (let i = 0; i < v.length; i++) {
        line++;
        walk(v[i], `${pointer}/${i}`);
      }
      line++;
    } else if (isObject(v)) {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function');
      if (entries.length === 0) return;
      for (const [key, x] of entries) {
        line++;
        walk(x, `${pointer}/${escapePointer(key)}`);
      }
      line++;
    }
  };
  walk(value, '');
  return { lines, pointers };
}

/** Limits on the shape of a document, so a small file cannot cost unbounded time or memory. */
export const documentLimits = {
  depth: 256,
  /** Nodes the dereferenced document may have; the largest public connector package (of 1,010) expands to about 99,000. */
  expandedNodes: 2_000_000,
} as const;

/**
 * Refuses a document nested too deeply, or whose internal `$ref`s would expand (each reference
 * copied where it is used) beyond `documentLimits.expandedNodes`: ten definitions that each use
 * the next twice already make a thousand copies. Sizes are memoised per pointer; a reference
 * back into its own path counts once, as the dereferencer keeps circular references as they are.
 */
export function checkDocumentShape(document: Json, source: string): void {
  const sizes = new Map<string, number>();
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
  const sizeOf = (value: unknown, depth: number): number => {
    if (depth > documentLimits.depth) throw refuse(`${source} is nested more than ${documentLimits.depth} levels deep.`);
    if (value === null || typeof value !== 'object') return 1;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      const known = sizes.get(ref);
      if (known != null) return known;
      if (resolving.has(ref)) return 1;
      resolving.add(ref);
      const size = sizeOf(resolve(ref), depth + 1);
      resolving.delete(ref);
      sizes.set(ref, size);
      return size;
    }
    let total = 1;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      total += sizeOf(child, depth + 1);
      if (total > documentLimits.expandedNodes) {
        throw refuse(
          `${source} would expand to more than ${documentLimits.expandedNodes.toLocaleString('en')} nodes once its references are resolved.`,
        );
      }
    }
    return total;
  };
  sizeOf(document, 0);
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

/** Turns one validator message (with its code frame) into a warning with a location. */
function toWarning(message: string, map: ReturnType<typeof pointerLines> | null): ConnectorWarning {
  const [head = message] = message.split('\n');
  const marked = /^>\s*(\d+)\s*\|(.*)$/m.exec(message);
  const caret = /^\s*\|\s*\^+\s*(.+)$/m.exec(message)?.[1]?.trim();
  let location = 'document';
  if (marked && map) {
    const index = Number(marked[1]) - 1;
    // Trust the pointer only if the framed line is the line we computed it for.
    if (map.lines[index]?.trim() === marked[2]!.trim()) location = map.pointers[index] || '/';
    else location = `line ${marked[1]}`;
  }
  let text = caret && !/must NOT be valid/.test(caret) ? caret : head.replace(/^[A-Z_]+ /, '');
  if (location.endsWith('/responses') && /must NOT be valid/.test(head))
    text = '`responses` is empty: an operation should describe at least one response';
  if (/must NOT have duplicate items/.test(head)) text = `duplicate items: ${caret ?? head}`;
  return { message: text.startsWith('`') ? text : text.charAt(0).toUpperCase() + text.slice(1), location };
}

const RULES = [
  'array-without-items',
  'duplicate-non-request-body-parameters',
  'duplicate-operation-id',
  'invalid-security-scheme-properties',
  'non-optional-path-parameters',
  'path-parameters-not-in-parameters',
  'path-parameters-not-in-path',
  'unknown-required-schema-property',
] as const;
const asWarnings = Object.fromEntries(RULES.map((rule) => [rule, 'warning'])) as Record<(typeof RULES)[number], 'warning'>;

/** Only references inside the document: a `$ref` to a file or URL must never read the server's disk or network. */
const parserOptions = {
  resolve: { external: false },
  dereference: { circular: 'ignore' as const },
  validate: { rules: { openapi: asWarnings, swagger: asWarnings } },
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
    throw refuse(`${source} can’t be dereferenced: ${message}${at ? ` (referenced at ${at})` : ''}`);
  }
  // External references are never followed (no file or URL is read); say so rather than pretend.
  const warnings: ConnectorWarning[] = findRefs(document)
    .filter((r) => !r.ref.startsWith('#'))
    .slice(0, 20)
    .map((r) => ({ message: `External reference not followed: ${r.ref}`, location: r.at }));
  try {
    const result = await validate(structuredClone(dereferenced) as never, parserOptions);
    const findings = [...(result.valid ? [] : result.errors), ...result.warnings];
    const map = findings.some((f) => /^>\s*\d+\s*\|/m.test(f.message)) ? pointerLines(dereferenced) : null;
    for (const finding of findings) warnings.push(toWarning(finding.message, map));
    if (!result.valid && result.additionalErrors > 0) {
      warnings.push({ message: `${result.additionalErrors} more schema findings not listed`, location: 'document' });
    }
  } catch (error) {
    warnings.push({ message: `Schema validation could not finish: ${(error as Error).message.split('\n')[0]}`, location: 'document' });
  }
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
