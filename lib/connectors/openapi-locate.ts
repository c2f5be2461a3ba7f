import 'server-only';
import { isObject } from '@/lib/json';

/* Where things sit in a document as written: JSON pointers for findings and references. */

/** One key as a JSON pointer segment. */
export const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every `$ref` in a document with where it sits. */
export function findRefs(value: unknown, pointer = '', out: { ref: string; at: string }[] = []): { ref: string; at: string }[] {
  if (out.length > 200) return out;
  if (Array.isArray(value)) value.forEach((v, i) => findRefs(v, `${pointer}/${i}`, out));
  else if (isObject(value)) {
    if (typeof value.$ref === 'string') out.push({ ref: value.$ref, at: pointer || '/' });
    for (const [key, v] of Object.entries(value)) if (key !== '$ref') findRefs(v, `${pointer}/${escapePointer(key)}`, out);
  }
  return out;
}
