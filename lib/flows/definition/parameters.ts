import type { OperationParameter } from '@/lib/connectors/operation-spec';
import { isRecord } from './read';

/*
 * Parameters of an OpenApiConnection step are keyed as Power Automate keys them: a path, query or
 * header parameter by its name (`dataset`, `$top`), a body property as `<body parameter>/<property>`
 * (`body/text`, `item/Status/Value` for nested ones), the whole body as `<body parameter>`.
 */

/** Sets an own data property: keys come from the definition, and "__proto__" must not reach a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

export interface ParameterKey {
  /** The operation parameter the key belongs to (`body` in `body/text`). */
  parameter: string;
  /** The property path inside it, [] for the parameter itself. */
  path: string[];
}

/** Splits 'body/text' into { parameter: 'body', path: ['text'] }; a plain name has an empty path. */
export function splitParameterKey(key: string): ParameterKey {
  const [parameter = '', ...path] = key.split('/');
  return { parameter, path };
}

export interface GroupedParameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  formData: Record<string, unknown>;
  /** The body built from `body` and `body/<property>` keys; undefined when no key sets it. */
  body: unknown;
  /** Keys that name no parameter of the operation. */
  unknown: string[];
}

/**
 * Sorts a step's parameters by where they go in the request, given the operation's parameters.
 * Property keys are applied after a whole-body key, so `body/x` refines `body`.
 */
export function groupParameters(
  parameters: Record<string, unknown>,
  operation: { parameters: Pick<OperationParameter, 'name' | 'in'>[]; body?: Pick<OperationParameter, 'name'> | null },
): GroupedParameters {
  const grouped: GroupedParameters = { path: {}, query: {}, header: {}, formData: {}, body: undefined, unknown: [] };
  const byName = new Map(operation.parameters.map((p) => [p.name, p.in]));
  const bodyName = operation.body?.name ?? operation.parameters.find((p) => p.in === 'body')?.name;
  const entries = Object.entries(parameters).sort(([a], [b]) => a.split('/').length - b.split('/').length);
  for (const [key, value] of entries) {
    const location = byName.get(key);
    if (location === 'path' || location === 'query' || location === 'header' || location === 'formData') {
      setOwn(grouped[location], key, value);
      continue;
    }
    const { parameter, path } = splitParameterKey(key);
    if (bodyName === undefined || parameter !== bodyName) {
      grouped.unknown.push(key);
      continue;
    }
    if (path.length === 0) {
      // A copy: property keys are written into it below, and the step's own parameters must not change.
      grouped.body = structuredClone(value);
      continue;
    }
    if (!isRecord(grouped.body)) grouped.body = {};
    let node = grouped.body as Record<string, unknown>;
    for (const segment of path.slice(0, -1)) {
      if (!Object.prototype.hasOwnProperty.call(node, segment) || !isRecord(node[segment])) setOwn(node, segment, {});
      node = node[segment] as Record<string, unknown>;
    }
    setOwn(node, path[path.length - 1]!, value);
  }
  return grouped;
}
