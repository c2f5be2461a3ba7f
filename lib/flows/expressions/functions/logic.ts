import { valuesEqual } from '../values';
import { compareValues } from './collections';
import { define, type FunctionDef } from './registry';

/*
 * Logical and comparison functions. Booleans only for not/and/or/if, no truthiness. Like Logic Apps,
 * every argument is evaluated before the function runs: if() does not skip the branch it discards.
 */

function all(args: unknown[], read: (i: number) => boolean): boolean[] {
  return args.map((_, i) => read(i));
}

export const logicFunctions: FunctionDef[] = [
  define('equals', 2, 2, (args) => valuesEqual(args[0]!, args[1]!)),
  define('not', 1, 1, (_args, { arg }) => !arg.boolean(0)),
  define('and', 1, Infinity, (args, { arg }) => all(args, arg.boolean).every(Boolean)),
  define('or', 1, Infinity, (args, { arg }) => all(args, arg.boolean).some(Boolean)),
  define('greater', 2, 2, (args, { name }) => compareValues(name, args[0]!, args[1]!) > 0),
  define('greaterOrEquals', 2, 2, (args, { name }) => compareValues(name, args[0]!, args[1]!) >= 0),
  define('less', 2, 2, (args, { name }) => compareValues(name, args[0]!, args[1]!) < 0),
  define('lessOrEquals', 2, 2, (args, { name }) => compareValues(name, args[0]!, args[1]!) <= 0),
  define('if', 3, 3, (args, { arg }) => (arg.boolean(0) ? args[1]! : args[2]!)),
];
