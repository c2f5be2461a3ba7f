import type { Expr } from './ast';
import { ExpressionSyntaxError } from './errors';
import { parseExpression } from './parser';

/*
 * How a JSON string value of a definition is read (Logic Apps rules):
 * - `@expr` (the whole value): an expression whose typed result replaces the string;
 * - `@@…` at the start: a literal string starting with one `@`;
 * - `…@{expr}…`: interpolation, always a string; `@@{` writes a literal `@{`;
 * - anything else: a plain string.
 */

export interface TextPart {
  kind: 'text';
  text: string;
}

export interface ExpressionPart {
  kind: 'expression';
  expression: Expr;
  /** Offsets of the whole `@{…}` in the string value. */
  start: number;
  end: number;
}

export type Template =
  | { kind: 'literal'; value: string }
  | { kind: 'expression'; expression: Expr }
  | { kind: 'interpolation'; parts: (TextPart | ExpressionPart)[] };

/** Whether Logic Apps reads a string value as a template (`@…` or some `@{`) rather than keeping it verbatim. */
export function isExpressionText(text: string): boolean {
  return text.startsWith('@') || text.includes('@{');
}

/** Reads a string value; throws ExpressionSyntaxError with the offending position. */
export function parseTemplate(text: string): Template {
  if (text.startsWith('@@')) return { kind: 'literal', value: text.slice(1) };
  if (text.startsWith('@') && text[1] !== '{') return { kind: 'expression', expression: parseExpression(text, 1, text.length) };
  if (!text.includes('@{')) return { kind: 'literal', value: text };

  const parts: (TextPart | ExpressionPart)[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '@' && text[i + 1] === '@' && text[i + 2] === '{') {
      literal += '@{';
      i += 3;
    } else if (text[i] === '@' && text[i + 1] === '{') {
      const close = closingBrace(text, i + 2);
      if (close < 0) throw new ExpressionSyntaxError("This '@{' is not closed: add '}' at the end of the expression.", text, i, 2);
      if (literal) parts.push({ kind: 'text', text: literal });
      literal = '';
      parts.push({ kind: 'expression', expression: parseExpression(text, i + 2, close), start: i, end: close + 1 });
      i = close + 1;
    } else {
      literal += text[i];
      i++;
    }
  }
  if (literal) parts.push({ kind: 'text', text: literal });
  return { kind: 'interpolation', parts };
}

/** The `}` that ends an interpolation, skipping braces inside single-quoted literals; -1 if none. */
function closingBrace(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "'") quoted = !quoted;
    else if (text[i] === '}' && !quoted) return i;
  }
  return -1;
}
