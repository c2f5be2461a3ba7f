/*
 * Values while an expression evaluates. They are JSON values, with one addition: a whole number
 * that is a Float in Logic Apps (`5.0`, `float('5')`, `add(1.5, 1.5)`) is boxed in FloatValue,
 * because JavaScript can't tell 5.0 from 5 and div() divides integers as integers. Boxes never
 * leave the evaluator: results are unboxed with toJson().
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class FloatValue {
  constructor(readonly value: number) {}
}

export type Value = null | boolean | number | string | FloatValue | Value[] | { [key: string]: Value };

export type TypeName = 'Null' | 'Boolean' | 'Integer' | 'Float' | 'String' | 'Array' | 'Object';

export const isNumber = (v: Value): v is number | FloatValue => typeof v === 'number' || v instanceof FloatValue;
export const isArray = (v: Value): v is Value[] => Array.isArray(v);
export const isObject = (v: Value): v is { [key: string]: Value } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof FloatValue);

/** The Logic Apps name of a value's type, as error messages show it. */
export function typeName(v: Value): TypeName {
  if (v === null) return 'Null';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'string') return 'String';
  if (v instanceof FloatValue) return 'Float';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'Float';
  return Array.isArray(v) ? 'Array' : 'Object';
}

export const numberOf = (v: number | FloatValue): number => (v instanceof FloatValue ? v.value : v);
export const isFloat = (v: number | FloatValue): boolean => v instanceof FloatValue || !Number.isInteger(v);

/** A number result: a Float stays a Float even when whole. */
export function makeNumber(n: number, float: boolean): number | FloatValue {
  return float && Number.isInteger(n) ? new FloatValue(n) : n;
}

/** Anything from the outside world (context, JSON.parse) as a Value: undefined becomes null. */
export function fromJson(v: unknown): Value {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean' || typeof v === 'string' || v instanceof FloatValue) return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(fromJson);
  if (typeof v === 'object') {
    // fromEntries defines own properties, so a "__proto__" key from JSON stays data instead of becoming a prototype.
    return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (x === undefined ? [] : [[k, fromJson(x)]])));
  }
  return String(v);
}

/** A Value as plain JSON (Float boxes unwrapped). */
export function toJson(v: Value): JsonValue {
  if (v instanceof FloatValue) return v.value;
  if (Array.isArray(v)) return v.map(toJson);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

/**
 * The string form of a value, as string(), concat() and `@{…}` write it: null is empty, booleans
 * are `True`/`False` (.NET spelling, which Logic Apps keeps), objects and arrays are JSON.
 */
export function toText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (isNumber(v)) return String(numberOf(v));
  return JSON.stringify(toJson(v));
}

/**
 * equals() semantics: deep equality, numbers by value (1 equals 1.0), a boolean equals the number
 * 1 or 0 (the documented `equals(true, 1)`), and null equals the empty string (Logic Apps turns
 * null into '' in comparisons). Strings compare case-sensitively.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === null && b === null) return true;
  if ((a === null && b === '') || (a === '' && b === null)) return true;
  if (isNumber(a) && isNumber(b)) return numberOf(a) === numberOf(b);
  if (typeof a === 'boolean' && isNumber(b)) return (a ? 1 : 0) === numberOf(b);
  if (isNumber(a) && typeof b === 'boolean') return numberOf(a) === (b ? 1 : 0);
  if (isArray(a) && isArray(b)) return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]!));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && valuesEqual(a[k]!, b[k]!));
  }
  return a === b;
}
