import { FunctionError } from '../errors';
import { isFloat, makeNumber, numberOf } from '../values';
import { define, type FunctionDef } from './registry';

/*
 * Arithmetic. Integers stay integers (div() of two integers truncates toward zero, as C# does);
 * a Float on either side makes a Float.
 */

function arithmetic(name: string, op: (a: number, b: number, float: boolean) => number): FunctionDef {
  return define(name, 2, 2, (_args, { arg }) => {
    const a = arg.number(0);
    const b = arg.number(1);
    const float = isFloat(a) || isFloat(b);
    const result = op(numberOf(a), numberOf(b), float);
    if (!Number.isFinite(result))
      throw new FunctionError(`The template language function '${name}' overflowed: the result is not a finite number.`);
    return makeNumber(result, float);
  });
}

export const mathFunctions: FunctionDef[] = [
  arithmetic('add', (a, b) => a + b),
  arithmetic('sub', (a, b) => a - b),
  arithmetic('mul', (a, b) => a * b),
  arithmetic('div', (a, b, float) => {
    if (b === 0) throw new FunctionError("The template language function 'div' cannot divide by zero.");
    return float ? a / b : Math.trunc(a / b);
  }),
];
