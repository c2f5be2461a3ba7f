import 'server-only';
import { validate } from '@readme/openapi-parser';
import { OpenApi } from '@samchon/openapi';
import { readHost } from './openapi';
import { isObject, type Json } from '@/lib/json';

/*
 * Power Platform's `apiDefinition.swagger.json` takes Swagger 2.0 only. An OpenAPI 3 connector
 * downloads converted by @samchon/openapi (a maintained converter), with the fixes Power Platform
 * needs that the converter doesn't make, and a plain list of what the conversion loses. When the
 * result still isn't valid Swagger 2.0, the download says the package won't import there.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface Swagger2Conversion {
  /** The document to put in apiDefinition.swagger.json. */
  document: Json;
  /** Whether it had to be converted (the connector is OpenAPI 3). */
  converted: boolean;
  /** What OpenAPI 3 says that Swagger 2.0 can't, in plain words: each is missing from the download. */
  losses: string[];
  /** Why Power Platform would refuse the converted document; empty when it is valid Swagger 2.0. */
  problems: string[];
}

/** Every place a JSON value holds one of `keys`, as a short path for the losses list. */
function findKeys(value: unknown, keys: Set<string>, path = '', out: string[] = []): string[] {
  if (out.length > 50) return out;
  if (Array.isArray(value)) value.forEach((v, i) => findKeys(v, keys, `${path}/${i}`, out));
  else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (keys.has(key)) out.push(`${key} at ${path || '/'}`);
      findKeys(v, keys, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
    }
  }
  return out;
}

function operations(document: Json): { path: string; method: string; op: Json; item: Json }[] {
  const paths = isObject(document.paths) ? document.paths : {};
  const out: { path: string; method: string; op: Json; item: Json }[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) if (isObject(item[method])) out.push({ path, method, op: item[method] as Json, item });
  }
  return out;
}

/** What an OpenAPI 3 document uses that Swagger 2.0 has no place for. */
export function swagger2Losses(document: Json): string[] {
  const losses: string[] = [];
  const servers = Array.isArray(document.servers) ? document.servers : [];
  if (servers.length > 1) losses.push(`${servers.length - 1} more server URL(s): only the first server is kept as host and base path.`);
  if (servers.some((s) => isObject(s) && isObject(s.variables)))
    losses.push('Server URL variables: the default values are written into the host.');
  if (isObject(document.webhooks)) losses.push('Webhooks (OpenAPI 3.1): Swagger 2.0 has no place for them.');
  for (const { path, method, op, item } of operations(document)) {
    const where = `${method.toUpperCase()} ${path}`;
    const params = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(op.parameters) ? op.parameters : [])];
    if (params.some((p) => isObject(p) && p.in === 'cookie')) losses.push(`${where}: cookie parameters are dropped.`);
    if (isObject(op.callbacks)) losses.push(`${where}: callbacks are dropped.`);
    const body = isObject(op.requestBody) && isObject(op.requestBody.content) ? Object.keys(op.requestBody.content) : [];
    if (body.length > 1) losses.push(`${where}: the request body keeps one media type of ${body.length} (${body.join(', ')}).`);
    const responses = isObject(op.responses) ? Object.values(op.responses) : [];
    for (const response of responses) {
      if (isObject(response) && isObject(response.links)) losses.push(`${where}: response links are dropped.`);
      if (isObject(response) && isObject(response.content) && Object.keys(response.content).length > 1) {
        losses.push(`${where}: a response keeps one media type of ${Object.keys(response.content).length}.`);
        break;
      }
    }
  }
  const composition = findKeys(document, new Set(['oneOf', 'anyOf', 'not']));
  if (composition.length)
    losses.push(
      `Schema alternatives (oneOf, anyOf, not) become plain objects: ${composition.slice(0, 5).join('; ')}${composition.length > 5 ? '; …' : ''}.`,
    );
  const nullable = findKeys(document, new Set(['nullable']));
  if (nullable.length) losses.push(`“nullable” has no Swagger 2.0 equivalent (${nullable.length} place(s)).`);
  return losses;
}

/** The document Power Platform's tooling takes: Swagger 2.0 as it is, OpenAPI 3 converted. */
export async function toSwagger2(document: Json): Promise<Swagger2Conversion> {
  if (document.swagger === '2.0' || document.swagger === 2) return { document, converted: false, losses: [], problems: [] };
  const losses = swagger2Losses(document);
  let converted: Json;
  try {
    // Through JSON: the converter leaves `undefined` members that validators then trip on.
    converted = JSON.parse(JSON.stringify(OpenApi.downgrade(OpenApi.convert(structuredClone(document) as never), '2.0'))) as Json;
  } catch (error) {
    return { document, converted: false, losses, problems: [`The definition couldn’t be converted: ${(error as Error).message}`] };
  }
  // What the converter gets wrong or leaves out, and Power Platform needs.
  const { host, basePath } = readHost(document);
  converted.host = host;
  converted.basePath = basePath || '/';
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const first = isObject(servers[0]) && typeof servers[0].url === 'string' ? servers[0].url : '';
  if (/^https?:/i.test(first)) converted.schemes = [first.split(':')[0]!.toLowerCase()];
  for (const [key, value] of Object.entries(document)) if (key.startsWith('x-') && !(key in converted)) converted[key] = value;
  if (
    isObject(converted.definitions) &&
    isObject(converted.definitions.schemas) &&
    Object.keys(converted.definitions.schemas).length === 0
  ) {
    delete converted.definitions.schemas;
  }
  for (const { op } of operations(converted)) {
    for (const p of Array.isArray(op.parameters) ? op.parameters : []) if (isObject(p) && p.in === 'path') p.required = true;
  }
  if (!converted.host) delete converted.host;

  const problems: string[] = [];
  try {
    const result = await validate(structuredClone(converted) as never, { resolve: { external: false } } as never);
    if (!result.valid) for (const error of result.errors.slice(0, 10)) problems.push(error.message.split('\n')[0]!);
  } catch (error) {
    problems.push((error as Error).message.split('\n')[0]!);
  }
  return { document: converted, converted: true, losses, problems };
}

/** The README a converted package carries, saying what the conversion lost. */
export function conversionReadme(name: string, conversion: Swagger2Conversion): string {
  const lines = [
    `# ${name}`,
    '',
    'Downloaded from Makerport. Power Platform reads Swagger 2.0 only, and this connector is described in OpenAPI 3,',
    'so apiDefinition.swagger.json was converted.',
    '',
  ];
  if (conversion.losses.length) {
    lines.push('## What the conversion lost', '', ...conversion.losses.map((l) => `- ${l}`), '');
  } else lines.push('Nothing the definition uses was lost in the conversion.', '');
  if (conversion.problems.length) {
    lines.push('## Why Power Platform will refuse this package', '', ...conversion.problems.map((p) => `- ${p}`), '');
  }
  return `${lines.join('\n')}\n`;
}
