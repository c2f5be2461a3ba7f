import { analyzeTemplate, analyzeValue, pointerSegment, type TemplateAnalysis } from './analyze';
import type { ExpressionContext } from './context';
import { ExpressionEvaluationError, FunctionError } from './errors';
import { evaluateValue } from './evaluate';
import { arityMessage } from './evaluator';
import { findFunction } from './functions';
import { readArguments } from './functions/registry';
import { fromJson, typeName } from './values';

/*
 * The condition of an If action. Power Automate writes it as an object tree,
 * `{ "and": [ { "equals": ["@triggerBody()?['x']", "yes"] }, { "not": { "greater": [...] } } ] }`,
 * where each key is a function name applied to its operands (and/or/not take conditions, the
 * others take values); Logic Apps also accepts a plain expression string such as "@equals(…)".
 */

const LOGICAL = new Set(['and', 'or', 'not']);

const isNode = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const operandsOf = (value: unknown) => (Array.isArray(value) ? value : [value]);

function failAt(pointer: string, message: string): never {
  const error = new ExpressionEvaluationError(message, '', 0, 0);
  error.pointer = pointer;
  throw error;
}

/** Evaluates an If condition (object form or expression string) to a boolean. */
export function evaluateCondition(condition: unknown, ctx: ExpressionContext, pointer = ''): boolean {
  if (!isNode(condition)) {
    const value = evaluateValue(condition, ctx, pointer);
    if (typeof value !== 'boolean')
      failAt(pointer, `The condition must evaluate to a boolean, but it gave a value of type '${typeName(fromJson(value))}'.`);
    return value;
  }
  const keys = Object.keys(condition);
  if (keys.length !== 1) failAt(pointer, 'A condition object must have exactly one operator, such as "and" or "equals".');
  const name = keys[0]!;
  const at = `${pointer}/${pointerSegment(name)}`;
  const def = findFunction(name);
  if (!def) return failAt(at, `The function '${name}' is not supported in Makerport flows.`);
  const operands = operandsOf(condition[name]);
  if (operands.length < def.minArgs || operands.length > def.maxArgs) failAt(at, arityMessage(def, operands.length));
  const args = LOGICAL.has(def.name)
    ? operands.map((operand, i) => evaluateCondition(operand, ctx, Array.isArray(condition[name]) ? `${at}/${i}` : at))
    : operands.map((operand, i) => fromJson(evaluateValue(operand, ctx, Array.isArray(condition[name]) ? `${at}/${i}` : at)));
  try {
    const result = def.call(args, { name: def.name, ctx, arg: readArguments(def, args) });
    if (typeof result !== 'boolean') failAt(at, `The condition operator '${def.name}' does not give a boolean.`);
    return result;
  } catch (error) {
    if (error instanceof FunctionError) failAt(at, error.message);
    throw error;
  }
}

export interface ConditionAnalysis {
  /** Expression strings among the operands, with their pointers. */
  expressions: ({ pointer: string; text: string } & TemplateAnalysis)[];
  /** Operator keys used, with their pointers. */
  operators: { pointer: string; name: string; supported: boolean }[];
  /** Shapes that are not a condition (several keys, wrong operand count). */
  malformed: { pointer: string; message: string }[];
}

/** What an If condition uses, without evaluating it. */
export function analyzeCondition(condition: unknown, pointer = ''): ConditionAnalysis {
  const result: ConditionAnalysis = { expressions: [], operators: [], malformed: [] };
  const walk = (node: unknown, at: string) => {
    if (!isNode(node)) {
      if (typeof node === 'string') {
        const analysis = analyzeTemplate(node);
        if (analysis.isExpression) result.expressions.push({ pointer: at, text: node, ...analysis });
        else
          result.malformed.push({ pointer: at, message: 'A condition must be an expression such as "@equals(…)" or an operator object.' });
      } else if (typeof node !== 'boolean') {
        result.malformed.push({ pointer: at, message: 'A condition must be an expression such as "@equals(…)" or an operator object.' });
      }
      return;
    }
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      result.malformed.push({ pointer: at, message: 'A condition object must have exactly one operator, such as "and" or "equals".' });
      return;
    }
    const name = keys[0]!;
    const opPointer = `${at}/${pointerSegment(name)}`;
    const def = findFunction(name);
    result.operators.push({ pointer: opPointer, name: def?.name ?? name, supported: def !== undefined });
    const raw = node[name];
    const operands = operandsOf(raw);
    const operandPointer = (i: number) => (Array.isArray(raw) ? `${opPointer}/${i}` : opPointer);
    if (def && (operands.length < def.minArgs || operands.length > def.maxArgs)) {
      result.malformed.push({ pointer: opPointer, message: arityMessage(def, operands.length) });
    }
    if (LOGICAL.has(name.toLowerCase())) operands.forEach((operand, i) => walk(operand, operandPointer(i)));
    else operands.forEach((operand, i) => result.expressions.push(...analyzeValue(operand, operandPointer(i))));
  };
  walk(condition, pointer);
  return result;
}
