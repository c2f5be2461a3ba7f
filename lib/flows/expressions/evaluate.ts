import { pointerSegment } from './analyze';
import type { ExpressionContext } from './context';
import { ExpressionEvaluationError, ExpressionSyntaxError } from './errors';
import { evaluateTemplate } from './evaluator';
import { isExpressionText, parseTemplate } from './template';
import { toJson, type JsonValue } from './values';

/*
 * The evaluation API the run engine uses: one string value, or a whole JSON value (an action's
 * inputs) in which every expression string is replaced by its result. Both throw
 * ExpressionSyntaxError or ExpressionEvaluationError; from evaluateValue they carry the JSON
 * pointer of the string that failed.
 */

/** Evaluates one string value: a whole-value `@…` gives a typed result, interpolation a string, plain text itself. */
export function evaluateString(text: string, ctx: ExpressionContext): JsonValue {
  if (!isExpressionText(text)) return text;
  return toJson(evaluateTemplate(parseTemplate(text), text, ctx));
}

/** Walks a JSON value and evaluates every string in it (object keys are kept as they are). */
export function evaluateValue(value: unknown, ctx: ExpressionContext, base = ''): JsonValue {
  const walk = (node: unknown, pointer: string): JsonValue => {
    if (typeof node === 'string') {
      try {
        return evaluateString(node, ctx);
      } catch (error) {
        if (error instanceof ExpressionSyntaxError || error instanceof ExpressionEvaluationError) error.pointer = pointer;
        throw error;
      }
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${pointer}/${i}`));
    if (typeof node === 'object' && node !== null) {
      // fromEntries keeps a "__proto__" key as data (an assignment would set the prototype).
      return Object.fromEntries(
        Object.entries(node).flatMap(([key, item]) => (item === undefined ? [] : [[key, walk(item, `${pointer}/${pointerSegment(key)}`)]])),
      );
    }
    if (typeof node === 'number') return Number.isFinite(node) ? node : null;
    if (typeof node === 'boolean' || node === null) return node;
    return null;
  };
  return walk(value, base);
}
