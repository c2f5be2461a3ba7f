import type { ExpressionContext } from '../context';
import { FunctionError } from '../errors';
import { isArray, isNumber, numberOf, typeName, type FloatValue, type Value } from '../values';

/*
 * What a function of the language is: its canonical name, how many arguments it takes, and its
 * body. Bodies throw FunctionError with a plain message; the evaluator adds where the call is.
 */

export interface CallSite {
  /** The canonical name (function names are case-insensitive). */
  name: string;
  ctx: ExpressionContext;
  /** Typed access to the arguments, failing with Logic Apps' wording. */
  arg: ArgumentReader;
}

export interface FunctionDef {
  name: string;
  minArgs: number;
  /** Infinity for functions that take any number of arguments. */
  maxArgs: number;
  call(args: Value[], site: CallSite): Value;
}

export const define = (name: string, minArgs: number, maxArgs: number, call: FunctionDef['call']): FunctionDef => ({
  name,
  minArgs,
  maxArgs,
  call,
});

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

/** "its parameter" for one-argument functions, "its second parameter" otherwise (Logic Apps' wording). */
export function parameterWord(def: Pick<FunctionDef, 'maxArgs'>, index: number): string {
  return def.maxArgs === 1 ? 'its parameter' : `its ${ORDINALS[index] ?? `number ${index + 1}`} parameter`;
}

export function typeError(name: string, which: string, expected: string, value: Value): FunctionError {
  return new FunctionError(
    `The template language function '${name}' expects ${which} to be ${expected}. The provided value is of type '${typeName(value)}'.`,
  );
}

export interface ArgumentReader {
  string(i: number): string;
  number(i: number): number | FloatValue;
  integer(i: number): number;
  boolean(i: number): boolean;
  array(i: number): Value[];
  /** A string argument that may be left out (then undefined). */
  optionalString(i: number): string | undefined;
  /** "its second parameter", for messages of the function's own. */
  which(i: number): string;
}

/** Argument checkers bound to one call. */
export function readArguments(def: FunctionDef, args: Value[]): ArgumentReader {
  const which = (i: number) => parameterWord(def, i);
  const at = (i: number): Value => args[i] ?? null;
  const reader: ArgumentReader = {
    which,
    string(i) {
      const v = at(i);
      if (typeof v !== 'string') throw typeError(def.name, which(i), 'a string', v);
      return v;
    },
    number(i) {
      const v = at(i);
      if (!isNumber(v)) throw typeError(def.name, which(i), 'an integer or a decimal number', v);
      return v;
    },
    integer(i) {
      const v = at(i);
      if (!isNumber(v) || !Number.isInteger(numberOf(v))) throw typeError(def.name, which(i), 'an integer', v);
      return numberOf(v);
    },
    boolean(i) {
      const v = at(i);
      if (typeof v !== 'boolean') throw typeError(def.name, which(i), 'a boolean', v);
      return v;
    },
    array(i) {
      const v = at(i);
      if (!isArray(v)) throw typeError(def.name, which(i), 'an array', v);
      return v;
    },
    optionalString(i) {
      return i < args.length ? reader.string(i) : undefined;
    },
  };
  return reader;
}
