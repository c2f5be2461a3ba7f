import { describe, expect, it } from 'vitest';
import { groupParameters, splitParameterKey } from './parameters';
import { readFlowDocument } from './read';
import { orderActions } from './run-after';
import { describeTrigger, readTriggerInputs } from './triggers';
import { walkActions, type ActionVisit } from './walk';

describe('readFlowDocument', () => {
  const definition = { triggers: { manual: { type: 'Request', kind: 'Button' } }, actions: {} };

  it('unwraps the Power Automate file shape into the stored shape', () => {
    const references = { shared_x: { runtimeSource: 'invoker', api: { name: 'shared_x' } } };
    const read = readFlowDocument({
      properties: { connectionReferences: references, definition, templateName: '' },
      schemaVersion: '1.0.0.0',
    });
    expect(read).toEqual({ document: { definition, connectionReferences: references }, base: '/properties', findings: [] });
  });

  it('defaults missing connectionReferences and actions', () => {
    const read = readFlowDocument({ definition: { triggers: {} } });
    expect(read.document).toEqual({ definition: { triggers: {}, actions: {} }, connectionReferences: {} });
    expect(read.base).toBe('');
  });

  it.each([
    [null, ''],
    [[], ''],
    [{ properties: {} }, ''],
    [{ definition: 'x' }, '/definition'],
    [{ properties: { definition: { triggers: [] } } }, '/properties/definition/triggers'],
  ])('refuses %j at %j', (input, pointer) => {
    const read = readFlowDocument(input);
    expect(read.document).toBeNull();
    expect(read.findings.map((f) => [f.code, f.pointer])).toEqual([['invalid-document', pointer]]);
  });
});

describe('walkActions', () => {
  it('visits every action depth-first with its pointer, siblings and enclosing loops', () => {
    const actions = {
      'A/B': { type: 'Compose' },
      Loop: {
        type: 'Foreach',
        actions: {
          Cond: {
            type: 'If',
            actions: { Yes: { type: 'Compose' } },
            else: { actions: { Inner: { type: 'Foreach', actions: { Deep: { type: 'Compose' } } } } },
          },
        },
      },
      Switch: {
        type: 'Switch',
        cases: { 'c~1': { actions: { Case: { type: 'Compose' } } } },
        default: { actions: { Other: { type: 'Compose' } } },
      },
    };
    const seen: [string, string, string[]][] = [];
    walkActions(actions, '/definition/actions', (v: ActionVisit) => seen.push([v.name, v.pointer, v.loops]));
    expect(seen).toEqual([
      ['A/B', '/definition/actions/A~1B', []],
      ['Loop', '/definition/actions/Loop', []],
      ['Cond', '/definition/actions/Loop/actions/Cond', ['Loop']],
      ['Yes', '/definition/actions/Loop/actions/Cond/actions/Yes', ['Loop']],
      ['Inner', '/definition/actions/Loop/actions/Cond/else/actions/Inner', ['Loop']],
      ['Deep', '/definition/actions/Loop/actions/Cond/else/actions/Inner/actions/Deep', ['Loop', 'Inner']],
      ['Switch', '/definition/actions/Switch', []],
      ['Case', '/definition/actions/Switch/cases/c~01/actions/Case', []],
      ['Other', '/definition/actions/Switch/default/actions/Other', []],
    ]);
  });
});

describe('orderActions', () => {
  it('puts each action after what it runs after, ties in written order', () => {
    expect(
      orderActions({
        D: { runAfter: { B: ['Succeeded'], C: ['Failed'] } },
        A: { runAfter: {} },
        B: { runAfter: { A: ['Succeeded'] } },
        C: { runAfter: { A: ['Succeeded'] } },
        E: {},
      }),
    ).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('throws on a cycle', () => {
    expect(() => orderActions({ A: { runAfter: { B: [] } }, B: { runAfter: { A: [] } } })).toThrow(/A, B/);
  });
});

describe('describeTrigger', () => {
  it.each([
    [
      {
        manual: {
          type: 'Request',
          kind: 'Button',
          inputs: {
            schema: {
              type: 'object',
              properties: {
                text: { type: 'string', title: 'Name', description: 'Who to greet' },
                amount: { type: 'number', title: 'Amount' },
                ok: { type: 'boolean' },
                file: { type: 'object', title: 'File' },
              },
              required: ['text', 'ok'],
            },
          },
        },
      },
      {
        name: 'manual',
        kind: 'instant',
        inputs: [
          { key: 'text', title: 'Name', type: 'string', required: true, description: 'Who to greet' },
          { key: 'amount', title: 'Amount', type: 'number', required: false },
          { key: 'ok', title: 'ok', type: 'boolean', required: true },
        ],
      },
    ],
    [
      { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: 4, timeZone: 'UTC' } } },
      { name: 'Recurrence', kind: 'scheduled', frequency: 'Hour', interval: 4, timeZone: 'UTC' },
    ],
    [{ manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST' } } }, { name: 'manual', kind: 'automated', method: 'POST' }],
    [{ manual: { type: 'Request', kind: 'PowerApp' } }, null],
    [{}, null],
  ])('%j', (triggers, expected) => {
    expect(describeTrigger({ triggers } as never)).toEqual(expected);
  });

  it('reads no inputs from a missing schema', () => {
    expect(readTriggerInputs(undefined)).toEqual([]);
  });
});

describe('OpenApiConnection parameter keys', () => {
  it.each([
    ['body/text', { parameter: 'body', path: ['text'] }],
    ['item/Status/Value', { parameter: 'item', path: ['Status', 'Value'] }],
    ['dataset', { parameter: 'dataset', path: [] }],
    ['$top', { parameter: '$top', path: [] }],
  ])('splits %j', (key, expected) => {
    expect(splitParameterKey(key)).toEqual(expected);
  });

  it('groups parameters by where they go in the request, leaving the step untouched', () => {
    const operation = {
      parameters: [
        { name: 'expenseId', in: 'path' as const },
        { name: '$top', in: 'query' as const },
        { name: 'x-request-id', in: 'header' as const },
      ],
      body: { name: 'body' },
    };
    const parameters = {
      'body/address/city': 'Lyon',
      expenseId: '42',
      body: { amount: 1, address: { zip: '69001' } },
      $top: 5,
      'x-request-id': 'r1',
      'body/note': 'hi',
      stray: 1,
    };
    const before = structuredClone(parameters);
    expect(groupParameters(parameters, operation)).toEqual({
      path: { expenseId: '42' },
      query: { $top: 5 },
      header: { 'x-request-id': 'r1' },
      formData: {},
      body: { amount: 1, address: { zip: '69001', city: 'Lyon' }, note: 'hi' },
      unknown: ['stray'],
    });
    expect(parameters).toEqual(before);
  });

  it('keeps "__proto__" keys as data, never touching a prototype', () => {
    const grouped = groupParameters(JSON.parse('{"body/__proto__/polluted": true, "body/constructor/prototype/polluted": true}'), {
      parameters: [],
      body: { name: 'body' },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(grouped.body)).toBe(Object.prototype);
    expect(Object.keys(grouped.body as object)).toEqual(['__proto__', 'constructor']);
  });

  it('leaves the body undefined when no key sets it', () => {
    expect(groupParameters({ q: 'x' }, { parameters: [{ name: 'q', in: 'query' }] }).body).toBeUndefined();
  });
});
