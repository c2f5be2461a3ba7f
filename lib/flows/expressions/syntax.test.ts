import { describe, expect, it } from 'vitest';
import { ExpressionSyntaxError } from './errors';
import { evaluateString } from './evaluate';
import { isExpressionText, parseTemplate } from './template';
import { fixtureContext } from './test-fixtures';

/* How string values are read: whole values, interpolation, escapes, literals; and where syntax errors are reported. */

describe('templates', () => {
  const cases: [string, unknown][] = [
    ['plain text', 'plain text'],
    ['email@example.com', 'email@example.com'],
    ['', ''],
    ['@@', '@'],
    ['@@hello', '@hello'],
    ['@@{not an expression}', '@{not an expression}'],
    ['a @@{b} c', 'a @{b} c'],
    ["@'it''s'", "it's"],
    ["@''", ''],
    ["@''''", "'"],
    ["@'@{x}'", '@{x}'],
    ["@{'a'}@{'b'}", 'ab'],
    ['a@{1}b@{2.5}c', 'a1b2.5c'],
    ["Hello @{triggerBody()?['text']}!", 'Hello World!'],
    ["@{concat('}', '{')}", '}{'],
    ["@{'it''s'} fine", "it's fine"],
    ['@{null}', ''],
    ['@{createArray(1, 2)}', '[1,2]'],
    ["@{triggerBody()?['obj']}", '{"a":1}'],
    ["@{triggerBody()?['flag']} and @{false}", 'True and False'],
    ['Line 1\nLine @{add(1, 1)}', 'Line 1\nLine 2'],
    // whole values keep their type
    ['@1', 1],
    ['@1.5', 1.5],
    ['@-5', -5],
    ['@+5', 5],
    ['@1e3', 1000],
    ['@true', true],
    ['@TRUE', true],
    ['@False', false],
    ['@null', null],
    ['@ true', true],
    ['@createArray(1)', [1]],
    ['@json(\'{"a":1}\')', { a: 1 }],
    ["@triggerBody()?['list']", [1, 2, 3]],
    ['@add(.5, .5)', 1],
    // interpolation always gives a string, even around one expression
    ['@{1}', '1'],
    ['@{true}', 'True'],
    ["@{createArray('x')}", '["x"]'],
    [' @true', ' @true'],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(evaluateString(text, fixtureContext())).toEqual(expected);
  });

  it.each([
    ['@x()', true],
    ['a @{x()}', true],
    ['@@x', true],
    ['a@@{x}', true],
    ['plain', false],
    ['me@example.com', false],
    ['{braces}', false],
  ])('isExpressionText(%j) is %s', (text, expected) => {
    expect(isExpressionText(text)).toBe(expected);
  });

  it('keeps the offsets of each interpolated expression', () => {
    const template = parseTemplate("ab@{x()}cd@{y('}')}");
    expect(template.kind).toBe('interpolation');
    if (template.kind !== 'interpolation') return;
    expect(template.parts.map((p) => (p.kind === 'text' ? p.text : [p.start, p.end]))).toEqual(['ab', [2, 8], 'cd', [10, 19]]);
  });

  it('marks float literals, which div() divides as floats', () => {
    const template = parseTemplate('@div(1, 2.0)');
    expect(template.kind === 'expression' && template.expression.type === 'call' && template.expression.args[1]).toMatchObject({
      type: 'number',
      value: 2,
      isFloat: true,
    });
  });
});

describe('syntax errors', () => {
  // [text, message fragment, offset, line, column]
  const cases: [string, string, number, number, number][] = [
    ['@', 'The expression is empty', 1, 1, 2],
    ['@{}', 'The expression is empty', 2, 1, 3],
    ['x @{ }', 'The expression is empty', 5, 1, 6],
    ['@foo(', 'Expected a value', 5, 1, 6],
    ['@foo(1', "',' or ')' to close the call to 'foo'", 6, 1, 7],
    ["@concat('a' 'b')", "found the string 'b'", 12, 1, 13],
    ["@concat('a', 'b'))", "Unexpected ')' after the end of the expression", 17, 1, 18],
    ["@'abc", 'This string is not closed', 1, 1, 2],
    ["@concat('it's')", 'a quote inside a string is written twice', 13, 1, 14],
    ['@concat("a")', 'single quotes', 8, 1, 9],
    ['@triggerBody', "'triggerBody' is not a function call", 1, 1, 2],
    ['@triggerBody()?', "Expected '[' or '.' after '?'", 15, 1, 16],
    ['@triggerBody()?x', "Expected '[' or '.' after '?' but found 'x'", 15, 1, 16],
    ["@triggerBody()['a'", "Expected ']'", 18, 1, 19],
    ["@triggerBody().'a'", "Expected a property name after '.'", 15, 1, 16],
    ["Hello @{triggerBody()?['text']", "This '@{' is not closed", 6, 1, 7],
    ["Hello @{concat('}')", "This '@{' is not closed", 6, 1, 7],
    ['@1abc', "'1abc' is not a number", 1, 1, 2],
    ['@add(1,,2)', "Expected a value, a function call or a literal but found ','", 7, 1, 8],
    ['@{a}', "'a' is not a function call", 2, 1, 3],
    ["@'abc'['x']", "Unexpected '['", 6, 1, 7],
    ['@add(1, 2) @add(3, 4)', "Unexpected '@'", 11, 1, 12],
    ['@{x(} }', 'Expected a value', 4, 1, 5],
    ['@x(})', "Unexpected '}' inside an expression", 3, 1, 4],
    ['line one\n@{foo(}', 'Expected a value', 15, 2, 7],
    ["@concat('a',\n  'b' 'c')", "found the string 'c'", 19, 2, 7],
    ["first @{concat('a')} then @{b(}", 'Expected a value', 30, 1, 31],
    ['@[0]', "Expected a value, a function call or a literal but found '['", 1, 1, 2],
  ];
  it.each(cases)('%j', (text, message, offset, line, column) => {
    let caught: unknown;
    try {
      parseTemplate(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionSyntaxError);
    const error = caught as ExpressionSyntaxError;
    expect(error.message).toContain(message);
    expect(error.position).toMatchObject({ offset, line, column });
    expect(error.describe()).toContain(`line ${line}, column ${column}`);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const deep = `@${'not('.repeat(500)}true${')'.repeat(500)}`;
    expect(() => parseTemplate(deep)).toThrow(/nested more than 128 levels/);
  });
});
