import { isKnownLocale } from '../datetime/format';
import { FunctionError } from '../errors';
import { FloatValue, fromJson, isNumber, numberOf, toText, type Value } from '../values';
import { define, typeError, type FunctionDef } from './registry';

/* Conversion functions: string, int, float, bool, json. */

const invalid = (name: string, value: Value) =>
  new FunctionError(
    `The template language function '${name}' was invoked with a parameter that is not valid: the value '${toText(value).slice(0, 100)}' cannot be converted to the target type.`,
  );

/** Decimal and group separators of a locale (en-US when none is given). */
function separators(name: string, locale: string | undefined): { decimal: string; group: string } {
  if (locale !== undefined && !isKnownLocale(locale)) {
    throw new FunctionError(`The template language function '${name}' was given the locale '${locale}', which isn't valid.`);
  }
  const parts = new Intl.NumberFormat(locale ?? 'en-US').formatToParts(1234567.5);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  };
}

/** .NET's lenient Double.Parse: group separators anywhere, a leading or trailing sign, an exponent. */
function parseFloatText(name: string, text: string, locale: string | undefined): number | null {
  const { decimal, group } = separators(name, locale);
  let s = text.trim().split(group).join('');
  if (group === '\u00a0' || group === '\u202f') s = s.replace(/[ \u00a0\u202f]/g, '');
  s = s.split(decimal).join('.');
  const trailing = /^(.*\d\.?)([+-])$/.exec(s);
  if (trailing) s = `${trailing[2]}${trailing[1]}`;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export const conversionFunctions: FunctionDef[] = [
  define('string', 1, 1, (args) => toText(args[0]!)),
  define('int', 1, 1, (args, { name }) => {
    const v = args[0]!;
    if (typeof v === 'string') {
      if (!/^\s*[+-]?\d+\s*$/.test(v)) throw invalid(name, v);
      const n = Number(v.trim());
      if (!Number.isSafeInteger(n)) throw invalid(name, v);
      return n;
    }
    if (isNumber(v)) {
      if (!Number.isInteger(numberOf(v))) throw invalid(name, v);
      return numberOf(v);
    }
    throw typeError(name, 'its parameter', 'a string or a number', v);
  }),
  define('float', 1, 2, (args, { arg, name }) => {
    const v = args[0]!;
    const locale = arg.optionalString(1);
    if (isNumber(v)) return new FloatValue(numberOf(v));
    if (typeof v !== 'string') throw typeError(name, 'its first parameter', 'a string or a number', v);
    const n = parseFloatText(name, v, locale);
    if (n === null) throw invalid(name, v);
    return new FloatValue(n);
  }),
  define('bool', 1, 1, (args, { name }) => {
    const v = args[0]!;
    if (typeof v === 'boolean') return v;
    if (isNumber(v)) return numberOf(v) !== 0;
    if (typeof v === 'string') {
      const word = v.trim().toLowerCase();
      if (word === 'true' || word === 'false') return word === 'true';
      throw invalid(name, v);
    }
    throw typeError(name, 'its parameter', 'a boolean, a number or a string', v);
  }),
  define('json', 1, 1, (args, { name }) => {
    const v = args[0]!;
    if (v === null) return {};
    if (typeof v !== 'string') throw typeError(name, 'its parameter', 'a string', v);
    try {
      return fromJson(JSON.parse(v.replace(/^\uFEFF/, '')));
    } catch (error) {
      throw new FunctionError(
        `The template language function '${name}' parameter is not valid JSON: ${(error as Error).message}. The provided value starts '${v.slice(0, 60)}'.`,
      );
    }
  }),
];
