import { describe, expect, it } from 'vitest';
import { evaluateCondition } from './condition';
import { createContext } from './context';
import { ExpressionEvaluationError, ExpressionSyntaxError } from './errors';
import { evaluateString, evaluateValue } from './evaluate';
import { fixtureContext } from './test-fixtures';

function failure(text: string, ctx = fixtureContext()): ExpressionEvaluationError {
  try {
    evaluateString(text, ctx);
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) return error;
    throw error;
  }
  throw new Error(`${text} did not fail`);
}

describe('property and index access', () => {
  const cases: [string, unknown][] = [
    ["@triggerBody()?['missing']", null],
    ["@triggerBody()?['missing']?['deeper']", null],
    ["@triggerBody()?['nothing']?['x']", null],
    ["@triggerBody()?['nested']?['a']?['b']", 'deep'],
    ["@triggerBody()['nested']['a']['b']", 'deep'],
    ['@triggerBody()?.nested?.a.b', 'deep'],
    ['@triggerBody().nested.a.b', 'deep'],
    ["@variables('nothing')?['x']", null],
    ["@triggerBody()['odata.etag']", 'W/1'],
    ["@triggerBody()?['list']?[0]", 1],
    ['@triggerBody().list[2]', 3],
    ["@triggerBody()?['people'][1]['name']", 'Bob'],
    ["@triggerBody()?['people'][sub(length(triggerBody()?['people']), 1)]?['name']", 'Bob'],
    ["@triggerBody()[concat('te', 'xt')]", 'World'],
    ["@coalesce(triggerBody()?['missing'], 'default')", 'default'],
    ["@outputs('Get_items')?['body/value']?[0]?['Title']", 'One'],
    ["@outputs('Get_items')['body/value'][1]['Title']", 'Two'],
    ["@outputs('Get_items')?['body/missing/x']", null],
    ["@json('{\"a\":{\"b\":null}}')?['a']?['b']?['c']", null],
  ];
  it.each(cases)('%s', (expression, expected) => {
    expect(evaluateString(expression, fixtureContext())).toEqual(expected);
  });

  // [expression, message fragment, offset of the failing accessor]
  const errors: [string, string, number][] = [
    ["@triggerBody()['missing']", "property 'missing' doesn't exist, available properties are 'text, amount,", 14],
    ["@triggerBody()['nothing']['x']", "Property selection is not supported on values of type 'Null'", 25],
    ["@triggerBody()?['text']?['x']", "Property selection is not supported on values of type 'String'", 23],
    ["@triggerBody()?['amount'].x", "values of type 'Integer'", 25],
    ["@triggerBody()?['list']?[5]", "array index '5' is outside bounds (0, 2) of array", 23],
    ["@json('[]')?[0]", "array index '0' is outside bounds (0, -1) of array", 11],
    ["@triggerBody()?['list']?['a']", 'an array can only be indexed by an integer, not by a String', 23],
    ['@triggerBody()?[1]', 'a property name must be a string, not a Integer', 14],
    ["@outputs('Get_items')['body/missing']", "property 'missing' of the path 'body/missing' doesn't exist", 21],
  ];
  it.each(errors)('%s fails', (expression, message, offset) => {
    const error = failure(expression);
    expect(error.message).toContain(message);
    expect(error.position.offset).toBe(offset);
  });
});

describe('type and value errors', () => {
  // [expression, message fragment, offset of the failing call]
  const cases: [string, string, number][] = [
    ["@add('a', 1)", "'add' expects its first parameter to be an integer or a decimal number. The provided value is of type 'String'.", 1],
    ['@add(1, null)', "expects its second parameter to be an integer or a decimal number. The provided value is of type 'Null'.", 1],
    ['@sub(1, true)', "The provided value is of type 'Boolean'", 1],
    ['@mul(createArray(1), 2)', "The provided value is of type 'Array'", 1],
    ["@mul(json('{}'), 2)", "The provided value is of type 'Object'", 1],
    ['@div(1, 0)', 'cannot divide by zero', 1],
    ['@toLower(null)', "'toLower' expects its parameter to be a string. The provided value is of type 'Null'.", 1],
    ['@toUpper(1)', "The provided value is of type 'Integer'", 1],
    ["@trim(triggerBody()?['missing'])", "'trim' expects its parameter to be a string", 1],
    ['@length(1)', "'length' expects its parameter to be an array or a string", 1],
    ['@length(null)', "The provided value is of type 'Null'", 1],
    ['@empty(1)', "'empty' expects its parameter to be an object, an array or a string", 1],
    ["@contains(null, 'x')", "'contains' expects its first parameter to be a dictionary (object), an array or a string", 1],
    ["@contains('abc', 1)", "'contains' expects its second parameter to be a string", 1],
    ["@not('true')", "'not' expects its parameter to be a boolean. The provided value is of type 'String'.", 1],
    ['@and(true, 1)', "'and' expects its second parameter to be a boolean", 1],
    ["@if('yes', 1, 2)", "'if' expects its first parameter to be a boolean", 1],
    ["@greater('a', 1)", "'greater' expects two parameters of matching types", 1],
    ['@less(true, false)', "types 'Boolean' and 'Boolean'", 1],
    ["@int('abc')", "'int' was invoked with a parameter that is not valid: the value 'abc'", 1],
    ['@int(1.5)', 'cannot be converted to the target type', 1],
    ["@float('abc')", "'float' was invoked with a parameter that is not valid", 1],
    ["@float('1', 'not a locale!')", "the locale 'not a locale!', which isn't valid", 1],
    ["@bool('yes')", "'bool' was invoked with a parameter that is not valid", 1],
    ['@bool(null)', "'bool' expects its parameter to be a boolean, a number or a string", 1],
    ["@json('{bad')", "'json' parameter is not valid JSON", 1],
    ['@json(createArray(1))', "'json' expects its parameter to be a string", 1],
    ["@substring('abc', 2, 5)", "'substring' parameters are out of range", 1],
    ["@substring('abc', -1)", 'out of range', 1],
    ["@substring('abc', 0.5)", "expects its second parameter to be an integer. The provided value is of type 'Float'", 1],
    ["@replace('abc', '', 'x')", 'expects its second parameter to be a non-empty string', 1],
    ["@split(1, ',')", "'split' expects its first parameter to be a string", 1],
    ["@join('abc', ',')", "'join' expects its first parameter to be an array", 1],
    [
      "@formatDateTime('not a date')",
      "expects its first parameter to be a timestamp such as '2018-03-15T13:00:00Z'; 'not a date' is not one",
      1,
    ],
    ["@formatDateTime('2018-02-30')", "'2018-02-30' is not one", 1],
    ["@formatDateTime('2018-03-15', 'Q')", "'Q' is not a valid date and time format", 1],
    ["@formatDateTime('2018-03-15', 'ffffffff')", 'more than 7 fractional digits', 1],
    ["@formatDateTime('2018-03-15', 'D', 'fr-FR')", "The standard format 'D' is only available in English", 1],
    ["@formatDateTime('2018-03-15', 'yyyy', 'not a locale!')", "The locale 'not a locale!' isn't valid", 1],
    ["@addDays('2018-03-15', 'x')", "'addDays' expects its second parameter to be an integer or a decimal number", 1],
    ["@addDays('9999-12-31', 1)", 'outside the years 1 to 9999', 1],
    ["@guid('Z')", "'guid' expects its parameter to be one of 'N', 'D', 'B', 'P' or 'X'", 1],
    ["@variables('unknown')", "The variable 'unknown' doesn't exist", 1],
    ["@parameters('nope')", "The workflow parameter 'nope' is not found", 1],
    ["@body('Nope')", "cannot read action 'Nope': it does not exist or has not run yet", 1],
    ["@items('Nope')", "'Nope' is not one", 1],
    ['@foo()', "The function 'foo' is not supported", 1],
    ['@concat()', "'concat' expects at least 1 parameter, but was given 0", 1],
    ['@triggerBody(1)', "'triggerBody' expects no parameters, but was given 1", 1],
    ["@substring('a')", "'substring' expects 2 to 3 parameters, but was given 1", 1],
    ['@equals(1)', "'equals' expects 2 parameters, but was given 1", 1],
    ["x @{concat('a', add(1, 'b'))}", "'add' expects its second parameter", 16],
    ["@concat('a', toLower(null))", "'toLower'", 13],
  ];
  it.each(cases)('%s', (expression, message, offset) => {
    const error = failure(expression);
    expect(error.message).toContain(message);
    expect(error.position.offset).toBe(offset);
  });

  it('fails item() outside a loop and reports line and column', () => {
    const error = failure('first line\n@{item()}', createContext());
    expect(error.message).toContain("'item' can only be used inside a 'Foreach' loop");
    expect(error.position).toMatchObject({ offset: 13, line: 2, column: 3 });
    expect(error.describe()).toContain('line 2, column 3');
  });

  it('evaluates every argument, as Logic Apps does, so a discarded if() branch can still fail', () => {
    expect(() => evaluateString('@if(true, 1, div(1, 0))', fixtureContext())).toThrow(/divide by zero/);
  });
});

describe('evaluateValue', () => {
  it('evaluates every string of an action input and keeps keys, numbers and plain text', () => {
    const inputs = {
      '@not-a-key-expression': 'plain',
      count: 2,
      flag: false,
      nothing: null,
      body: { text: "Hello @{triggerBody()?['text']}", amount: "@triggerBody()?['amount']", list: ["@variables('items')", 'x', 3] },
    };
    expect(evaluateValue(inputs, fixtureContext())).toEqual({
      '@not-a-key-expression': 'plain',
      count: 2,
      flag: false,
      nothing: null,
      body: { text: 'Hello World', amount: 12, list: [['a', 'b'], 'x', 3] },
    });
  });

  it('keeps a "__proto__" key of the input as data', () => {
    const result = evaluateValue(JSON.parse('{"__proto__": {"x": "@{1}"}}'), fixtureContext()) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toEqual({ x: '1' });
    expect(evaluateString("@json('{\"__proto__\": 1}')?['__proto__']", fixtureContext())).toBe(1);
  });

  it('says which string failed with a JSON pointer', () => {
    let caught: unknown;
    try {
      evaluateValue({ 'body/text': 'ok', list: ['fine', "@add('x', 1)"] }, fixtureContext(), '/inputs');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionEvaluationError);
    expect((caught as ExpressionEvaluationError).pointer).toBe('/inputs/list/1');
    expect((caught as ExpressionEvaluationError).describe()).toContain('at /inputs/list/1, line 1, column 2');
  });

  it('reports syntax errors with their pointer too', () => {
    let caught: unknown;
    try {
      evaluateValue({ 'a/b': '@concat(' }, fixtureContext());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionSyntaxError);
    expect((caught as ExpressionSyntaxError).pointer).toBe('/a~1b');
  });
});

describe('evaluateCondition', () => {
  const cases: [unknown, boolean][] = [
    [{ and: [{ equals: ["@triggerBody()?['text']", 'World'] }] }, true],
    [{ and: [{ equals: ["@triggerBody()?['text']", 'world'] }] }, false],
    [{ greater: ["@length(body('Get_items')?['value'])", 0] }, true],
    [{ or: [{ equals: ["@variables('counter')", 4] }, { not: { equals: ["@variables('name')", 'Bob'] } }] }, true],
    [{ equals: ["@empty(variables('items'))", '@true'] }, false],
    [{ equals: ["@variables('nothing')", '@null'] }, true],
    [{ contains: ["@items('Apply_to_each')?['tags']", 'x'] }, true],
    [{ lessOrEquals: ["@variables('counter')", 3] }, true],
    ["@greater(length(variables('items')), 1)", true],
    [true, true],
  ];
  it.each(cases)('%j is %s', (condition, expected) => {
    expect(evaluateCondition(condition, fixtureContext())).toBe(expected);
  });

  it.each([
    [{ startsWith: ["@variables('name')", 'M'] }, "The function 'startsWith' is not supported", '/expression/startsWith'],
    [{ equals: ['a'] }, "'equals' expects 2 parameters", '/expression/equals'],
    [{ equals: ['a', 'b'], less: [1, 2] }, 'exactly one operator', '/expression'],
    [{ and: [{ greater: ["@variables('name')", 1] }] }, 'matching types', '/expression/and/0/greater'],
    ["@variables('name')", "must evaluate to a boolean, but it gave a value of type 'String'", '/expression'],
  ])('%j fails', (condition, message, pointer) => {
    let caught: unknown;
    try {
      evaluateCondition(condition, fixtureContext(), '/expression');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionEvaluationError);
    expect((caught as ExpressionEvaluationError).message).toContain(message);
    expect((caught as ExpressionEvaluationError).pointer).toBe(pointer);
  });
});
