import { FunctionError } from '../errors';
import { toText } from '../values';
import { define, type FunctionDef } from './registry';

/* String functions. They are case-sensitive and take strings only (null included is an error), as in Logic Apps. */

function formatGuid(guid: string, format: string, name: string): string {
  const hex = guid.replace(/-/g, '').toLowerCase();
  const hyphenated = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  switch (format.toUpperCase()) {
    case 'N':
      return hex;
    case 'D':
      return hyphenated;
    case 'B':
      return `{${hyphenated}}`;
    case 'P':
      return `(${hyphenated})`;
    case 'X': {
      const bytes = hex
        .slice(16)
        .match(/../g)!
        .map((b) => `0x${b}`);
      return `{0x${hex.slice(0, 8)},0x${hex.slice(8, 12)},0x${hex.slice(12, 16)},{${bytes.join(',')}}}`;
    }
    default:
      throw new FunctionError(`The template language function '${name}' expects its parameter to be one of 'N', 'D', 'B', 'P' or 'X'.`);
  }
}

export const textFunctions: FunctionDef[] = [
  define('concat', 1, Infinity, (args) => args.map(toText).join('')),
  define('toLower', 1, 1, (_args, { arg }) => arg.string(0).toLowerCase()),
  define('toUpper', 1, 1, (_args, { arg }) => arg.string(0).toUpperCase()),
  define('trim', 1, 1, (_args, { arg }) => arg.string(0).trim()),
  define('substring', 2, 3, (args, { arg, name }) => {
    const text = arg.string(0);
    const start = arg.integer(1);
    const length = args.length > 2 ? arg.integer(2) : text.length - start;
    if (start < 0 || length < 0 || start + length > text.length) {
      throw new FunctionError(
        `The template language function '${name}' parameters are out of range: 'start index' and 'length' must be non-negative integers and their sum must be no larger than the length of the string (${text.length}).`,
      );
    }
    return text.substring(start, start + length);
  }),
  define('replace', 3, 3, (args, { arg, name }) => {
    const text = arg.string(0);
    const old = arg.string(1);
    if (old === '')
      throw new FunctionError(`The template language function '${name}' expects its second parameter to be a non-empty string.`);
    const replacement = args[2] === null ? '' : arg.string(2);
    return text.split(old).join(replacement);
  }),
  define('split', 2, 2, (_args, { arg }) => {
    const text = arg.string(0);
    const delimiter = arg.string(1);
    return delimiter === '' ? [text] : text.split(delimiter);
  }),
  define('guid', 0, 1, (args, { arg, ctx, name }) => formatGuid(ctx.newGuid(), args.length ? arg.string(0) : 'D', name)),
];
