import { FunctionError } from '../errors';
import { isArray, isNumber, isObject, numberOf, toText, typeName, valuesEqual, type Value } from '../values';
import { define, typeError, type FunctionDef } from './registry';

/* Functions over strings, arrays and objects as collections. */

export const collectionFunctions: FunctionDef[] = [
  define('empty', 1, 1, (args, { name }) => {
    const v = args[0]!;
    if (v === null) return true;
    if (typeof v === 'string' || isArray(v)) return v.length === 0;
    if (isObject(v)) return Object.keys(v).length === 0;
    throw typeError(name, 'its parameter', 'an object, an array or a string', v);
  }),
  define('length', 1, 1, (args, { name }) => {
    const v = args[0]!;
    if (typeof v === 'string' || isArray(v)) return v.length;
    throw typeError(name, 'its parameter', 'an array or a string', v);
  }),
  define('contains', 2, 2, (args, { name }) => {
    const [collection, value] = args as [Value, Value];
    if (typeof collection === 'string') {
      if (typeof value !== 'string') throw typeError(name, 'its second parameter', 'a string when the first is a string', value);
      return collection.includes(value);
    }
    if (isArray(collection)) return collection.some((x) => valuesEqual(x, value));
    if (isObject(collection)) {
      if (typeof value !== 'string') throw typeError(name, 'its second parameter', 'a string (a key) when the first is an object', value);
      return Object.prototype.hasOwnProperty.call(collection, value);
    }
    throw typeError(name, 'its first parameter', 'a dictionary (object), an array or a string', collection);
  }),
  define('first', 1, 1, (args, { name }) => {
    const v = args[0]!;
    if (typeof v === 'string') return v.slice(0, 1);
    if (isArray(v)) return v.length ? v[0]! : null;
    throw typeError(name, 'its parameter', 'an array or a string', v);
  }),
  define('last', 1, 1, (args, { name }) => {
    const v = args[0]!;
    if (typeof v === 'string') return v.slice(-1);
    if (isArray(v)) return v.length ? v[v.length - 1]! : null;
    throw typeError(name, 'its parameter', 'an array or a string', v);
  }),
  define('join', 2, 2, (_args, { arg }) => {
    const items = arg.array(0);
    return items.map(toText).join(arg.string(1));
  }),
  define('createArray', 1, Infinity, (args) => [...args]),
  define('coalesce', 1, Infinity, (args) => args.find((v) => v !== null) ?? null),
];

/** The comparison behind greater/less…: numbers with numbers, strings with strings (ordinal); null counts as ''. */
export function compareValues(name: string, a: Value, b: Value): number {
  const left = a === null ? '' : a;
  const right = b === null ? '' : b;
  const kind = (v: Value) => (typeof v === 'string' ? 'string' : isNumber(v) ? 'number' : 'other');
  if (kind(left) !== kind(right) || kind(left) === 'other') {
    throw new FunctionError(
      `The template language function '${name}' expects two parameters of matching types: both numbers or both strings. The provided values are of types '${typeName(a)}' and '${typeName(b)}'.`,
    );
  }
  const x = isNumber(left) ? numberOf(left) : left;
  const y = isNumber(right) ? numberOf(right) : right;
  return x < y ? -1 : x > y ? 1 : 0;
}
