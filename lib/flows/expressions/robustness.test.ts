import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTemplate } from './analyze';
import { ExpressionEvaluationError, ExpressionSyntaxError } from './errors';
import { evaluateString } from './evaluate';
import { SUPPORTED_FUNCTIONS } from './functions';
import { fixtureContext } from './test-fixtures';

/*
 * Whatever a maker types, the parser and the evaluator answer with one of the two expression
 * errors (or a value), never with a crash, and syntax error positions stay inside the text.
 */

const pieces = [
  '@',
  '@{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '?',
  '.',
  ',',
  "'",
  "''",
  ' ',
  '\n',
  '-',
  '1',
  '2.5',
  '.5',
  'e3',
  'true',
  'null',
  "'text'",
  "['a']",
  '?[0]',
  "?['text']",
  ...SUPPORTED_FUNCTIONS.map((f) => `${f}(`),
  'triggerBody()',
  "variables('items')",
  'nope(',
];
const source = fc.array(fc.constantFrom(...pieces), { maxLength: 14 }).map((parts) => parts.join(''));
const expressionLike = fc.oneof(
  source.map((s) => `@${s}`),
  source.map((s) => `text @{${s}} more`),
  source,
);

describe('robustness', () => {
  it('parses and evaluates arbitrary input into a value or an expression error', () => {
    fc.assert(
      fc.property(expressionLike, (text) => {
        try {
          evaluateString(text, fixtureContext());
        } catch (error) {
          expect(error instanceof ExpressionSyntaxError || error instanceof ExpressionEvaluationError).toBe(true);
          const { offset, length } = (error as ExpressionSyntaxError).position;
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset + length).toBeLessThanOrEqual(text.length + 1);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('analyses what it parses without throwing, and agrees with the parser on syntax', () => {
    fc.assert(
      fc.property(expressionLike, (text) => {
        const analysis = analyzeTemplate(text);
        let parses = true;
        try {
          evaluateString(text, fixtureContext());
        } catch (error) {
          if (error instanceof ExpressionSyntaxError) parses = false;
        }
        expect(analysis.syntaxError === null).toBe(parses || !analysis.isExpression);
      }),
      { numRuns: 2000 },
    );
  });
});
