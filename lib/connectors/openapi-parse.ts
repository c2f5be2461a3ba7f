import 'server-only';
import JSON5 from 'json5';
import { parseDocument as parseYaml } from 'yaml';
import type { ConnectorWarning } from '@/db/schema';
import { invalidInput as refuse } from '@/lib/errors';
import { isObject, type Json } from '@/lib/json';

/*
 * Reading OpenAPI text: JSON (strict, else lenient as Power Platform is) or YAML, into a document
 * object, with line and column when it breaks; and which specification the document follows.
 */

export type SpecFormat = 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';

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
      throw refuse(
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
      throw refuse(
        `${source} isn’t valid YAML: check the indentation and quoting.`,
        `${pos ? `At line ${pos.line}, column ${pos.col}: ` : ''}${first.message.split('\n')[0]}.`,
      );
    }
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      throw refuse(`${source} can’t be read as YAML.`, `${(error as Error).message.split('\n')[0]}.`);
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
