import type { Access, Expr } from './ast';
import type { ExpressionContext } from './context';
import { ExpressionEvaluationError, FunctionError } from './errors';
import { findFunction } from './functions';
import { readArguments } from './functions/registry';
import type { Template } from './template';
import { isArray, isNumber, isObject, makeNumber, numberOf, toText, typeName, type Value } from './values';

/*
 * Evaluates parsed expressions against a context. Errors carry the span of the call or accessor
 * that failed, in the string value the expression came from (`text`).
 */

export function evaluateTemplate(template: Template, text: string, ctx: ExpressionContext): Value {
  switch (template.kind) {
    case 'literal':
      return template.value;
    case 'expression':
      return evaluateExpr(template.expression, text, ctx);
    case 'interpolation':
      return template.parts.map((part) => (part.kind === 'text' ? part.text : toText(evaluateExpr(part.expression, text, ctx)))).join('');
  }
}

export function evaluateExpr(expr: Expr, text: string, ctx: ExpressionContext): Value {
  switch (expr.type) {
    case 'string':
      return expr.value;
    case 'number':
      return makeNumber(expr.value, expr.isFloat);
    case 'boolean':
      return expr.value;
    case 'null':
      return null;
    case 'access':
      return evaluateAccess(expr, text, ctx);
    case 'call': {
      const def = findFunction(expr.name);
      if (!def) {
        throw new ExpressionEvaluationError(
          `The function '${expr.name}' is not supported in Makerport flows.`,
          text,
          expr.nameStart,
          expr.nameEnd - expr.nameStart,
        );
      }
      if (expr.args.length < def.minArgs || expr.args.length > def.maxArgs) {
        throw new ExpressionEvaluationError(arityMessage(def, expr.args.length), text, expr.start, expr.end - expr.start);
      }
      const args = expr.args.map((arg) => evaluateExpr(arg, text, ctx));
      try {
        return def.call(args, { name: def.name, ctx, arg: readArguments(def, args) });
      } catch (error) {
        if (error instanceof FunctionError) throw new ExpressionEvaluationError(error.message, text, expr.start, expr.end - expr.start);
        throw error;
      }
    }
  }
}

/** "The template language function 'substring' expects 2 or 3 parameters, but was given 1." */
export function arityMessage(def: { name: string; minArgs: number; maxArgs: number }, given: number): string {
  const expected =
    def.minArgs === def.maxArgs
      ? `${def.minArgs === 0 ? 'no' : def.minArgs} parameter${def.minArgs === 1 ? '' : 's'}`
      : def.maxArgs === Infinity
        ? `at least ${def.minArgs} parameter${def.minArgs === 1 ? '' : 's'}`
        : `${def.minArgs} to ${def.maxArgs} parameters`;
  return `The template language function '${def.name}' expects ${expected}, but was given ${given}.`;
}

function evaluateAccess(expr: Access, text: string, ctx: ExpressionContext): Value {
  const target = evaluateExpr(expr.target, text, ctx);
  const key = evaluateExpr(expr.key, text, ctx);
  const source = text.slice(expr.start, expr.end);
  const fail = (reason: string): never => {
    throw new ExpressionEvaluationError(
      `The expression '${source}' cannot be evaluated because ${reason}`,
      text,
      expr.target.end,
      expr.end - expr.target.end,
    );
  };

  if (isArray(target)) {
    if (!isNumber(key) || !Number.isInteger(numberOf(key)))
      return fail(`an array can only be indexed by an integer, not by a ${typeName(key)}.`);
    const index = numberOf(key);
    if (index < 0 || index >= target.length) return fail(`array index '${index}' is outside bounds (0, ${target.length - 1}) of array.`);
    return target[index]!;
  }
  if (typeof key !== 'string') return fail(`a property name must be a string, not a ${typeName(key)}.`);
  if (!isObject(target)) {
    if (target === null && expr.safe) return null;
    return fail(`property '${key}' cannot be selected. Property selection is not supported on values of type '${typeName(target)}'.`);
  }
  if (Object.prototype.hasOwnProperty.call(target, key)) return target[key]!;
  // Power Automate writes `outputs('Get_items')?['body/value']`: a slash path through the object.
  if (key.includes('/')) {
    let node: Value = target;
    for (const segment of key.split('/')) {
      if (isObject(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment]!;
      else if (expr.safe && (node === null || isObject(node))) return null;
      else return fail(`property '${segment}' of the path '${key}' doesn't exist.`);
    }
    return node;
  }
  if (expr.safe) return null;
  const available = Object.keys(target);
  return fail(
    `property '${key}' doesn't exist, ${available.length ? `available properties are '${available.slice(0, 20).join(', ')}'.` : 'the object has no properties.'}`,
  );
}
