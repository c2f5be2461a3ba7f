import { describe, expect, it } from 'vitest';
import { analyzeTemplate, analyzeValue } from './analyze';
import { analyzeCondition } from './condition';

describe('analyzeTemplate', () => {
  it('lists the functions with canonical names and positions, and flags unknown ones', () => {
    const analysis = analyzeTemplate("@{TOLOWER(x_y(triggerBody()?['a']))}");
    expect(analysis.syntaxError).toBeNull();
    expect(analysis.references.functions).toEqual([
      { name: 'toLower', supported: true, offset: 2, length: 7 },
      { name: 'x_y', supported: false, offset: 10, length: 3 },
      { name: 'triggerBody', supported: true, offset: 14, length: 11 },
    ]);
    expect(analysis.problems).toEqual([
      {
        code: 'unknown-function',
        subject: 'x_y',
        message: "The function 'x_y' is not supported in Makerport flows.",
        position: { offset: 10, length: 3, line: 1, column: 11 },
      },
    ]);
    expect(analysis.references.usesTrigger).toBe(true);
  });

  it('names the actions, variables, parameters and loops referenced with literal names', () => {
    const { references } = analyzeTemplate(
      "@{body('A')?['x']} @{outputs('B')} @{actions('C')} @{variables('v')} @{parameters('$connections')} @{items('Loop')} @{item()} @{body(variables('dynamic'))}",
    );
    expect(references.actions.map((r) => r.name)).toEqual(['A', 'B', 'C']);
    expect(references.variables.map((r) => r.name)).toEqual(['v', 'dynamic']);
    expect(references.parameters.map((r) => r.name)).toEqual(['$connections']);
    expect(references.loops.map((r) => r.name)).toEqual(['Loop', null]);
    expect(references.actions[0]).toEqual({ name: 'A', offset: 7, length: 3 });
  });

  it('reports calls with the wrong number of arguments', () => {
    const { problems } = analyzeTemplate("@concat(substring('a'), utcNow(1, 2, 3))");
    expect(problems.map((p) => [p.code, p.subject, p.position.offset])).toEqual([
      ['function-arity', 'substring', 8],
      ['function-arity', 'utcNow', 24],
    ]);
  });

  it.each([
    ['plain text', false],
    ['@@escaped', true],
    ["@triggerBody()?['x']", true],
  ])('%j is an expression: %s', (text, isExpression) => {
    expect(analyzeTemplate(text).isExpression).toBe(isExpression);
  });

  it('returns a syntax error instead of throwing', () => {
    const analysis = analyzeTemplate('x @{concat(}');
    expect(analysis.syntaxError?.position).toMatchObject({ offset: 11, line: 1, column: 12 });
    expect(analysis.references.functions).toEqual([]);
  });
});

describe('analyzeValue', () => {
  it('finds every expression string in a JSON value, with escaped JSON pointers', () => {
    const found = analyzeValue(
      { host: { connectionName: 'shared_x' }, parameters: { 'body/text': "@{triggerBody()?['text']}", list: ['a', '@startsWith(1)'] } },
      '/actions/Post/inputs',
    );
    expect(found.map((f) => [f.pointer, f.references.functions.map((u) => u.name)])).toEqual([
      ['/actions/Post/inputs/parameters/body~1text', ['triggerBody']],
      ['/actions/Post/inputs/parameters/list/1', ['startsWith']],
    ]);
  });
});

describe('analyzeCondition', () => {
  it('walks the object form, listing operators, operand expressions and malformed nodes', () => {
    const analysis = analyzeCondition(
      {
        and: [
          { equals: ["@triggerBody()?['a']", 'x'] },
          { not: { endsWith: ["@variables('v')", '.0'] } },
          { greater: ["@variables('n')"] },
          { equals: [1, 2], less: [1, 2] },
        ],
      },
      '/actions/If/expression',
    );
    expect(analysis.operators).toEqual([
      { pointer: '/actions/If/expression/and', name: 'and', supported: true },
      { pointer: '/actions/If/expression/and/0/equals', name: 'equals', supported: true },
      { pointer: '/actions/If/expression/and/1/not', name: 'not', supported: true },
      { pointer: '/actions/If/expression/and/1/not/endsWith', name: 'endsWith', supported: false },
      { pointer: '/actions/If/expression/and/2/greater', name: 'greater', supported: true },
    ]);
    expect(analysis.expressions.map((e) => e.pointer)).toEqual([
      '/actions/If/expression/and/0/equals/0',
      '/actions/If/expression/and/1/not/endsWith/0',
      '/actions/If/expression/and/2/greater/0',
    ]);
    expect(analysis.malformed.map((m) => m.pointer)).toEqual(['/actions/If/expression/and/2/greater', '/actions/If/expression/and/3']);
  });

  it('accepts the string form', () => {
    const analysis = analyzeCondition("@greater(length(body('Filter')), 0)", '/e');
    expect(analysis.expressions.map((e) => e.references.actions.map((a) => a.name))).toEqual([['Filter']]);
    expect(analysis.malformed).toEqual([]);
  });
});
