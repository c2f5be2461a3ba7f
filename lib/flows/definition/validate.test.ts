/* eslint-disable @typescript-eslint/no-explicit-any -- the fixtures are JSON documents edited freely, as a maker edits Code view */
import { describe, expect, it } from 'vitest';
import type { ConnectorLookup } from './connections';
import type { Finding } from './findings';
import { validateFlow } from './validate';

/** The example of DESIGN.md §8: an instant flow posting a message through a custom connector. */
function designExample(): Record<string, any> {
  return {
    definition: {
      $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
      contentVersion: '1.0.0.0',
      parameters: { $connections: { defaultValue: {}, type: 'Object' } },
      triggers: {
        manual: {
          type: 'Request',
          kind: 'Button',
          inputs: {
            schema: {
              type: 'object',
              properties: { text: { title: 'Name', type: 'string', 'x-ms-dynamically-added': true } },
              required: ['text'],
            },
          },
        },
      },
      actions: {
        Post_a_message: {
          type: 'OpenApiConnection',
          runAfter: {},
          inputs: {
            host: {
              connectionName: 'shared_contoso-echo',
              operationId: 'PostMessage',
              apiId: '/providers/Microsoft.PowerApps/apis/shared_contoso-echo',
            },
            parameters: { 'body/text': "Hello @{triggerBody()?['text']}" },
          },
        },
      },
    },
    connectionReferences: {
      'shared_contoso-echo': {
        runtimeSource: 'embedded',
        api: { name: 'shared_contoso-echo' },
        connection: { connectionReferenceLogicalName: '' },
      },
    },
  };
}

const brief = (findings: Finding[]) => findings.map((f) => [f.code, f.pointer, f.subject].filter((x) => x !== undefined));
const actions = (doc: Record<string, any>) => doc.definition.actions as Record<string, any>;
const trigger = (doc: Record<string, any>) => doc.definition.triggers.manual as Record<string, any>;

describe('validateFlow: documents and triggers', () => {
  const cases: [string, (doc: Record<string, any>) => unknown, (string | undefined)[][]][] = [
    ['the DESIGN §8 example', (d) => d, []],
    [
      'the Power Automate file shape, pointers under /properties',
      (d) => {
        d.definition.actions.Post_a_message.inputs.parameters['body/text'] = '@nope()';
        return { properties: { ...d, templateName: '' }, schemaVersion: '1.0.0.0' };
      },
      [['unknown-function', '/properties/definition/actions/Post_a_message/inputs/parameters/body~1text', 'nope']],
    ],
    ['not an object', () => 'flow', [['invalid-document', '']]],
    ['no definition', () => ({ connectionReferences: {} }), [['invalid-document', '']]],
    ['actions not an object', (d) => ((d.definition.actions = []), d), [['invalid-document', '/definition/actions']]],
    ['connectionReferences not an object', (d) => ((d.connectionReferences = 'x'), d), [['invalid-document', '/connectionReferences']]],
    ['no trigger', (d) => ((d.definition.triggers = {}), d), [['trigger-count', '/definition/triggers']]],
    [
      'two triggers',
      (d) => ((d.definition.triggers.other = { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } }), d),
      [['trigger-count', '/definition/triggers']],
    ],
    [
      'a Power Apps trigger',
      (d) => ((trigger(d).kind = 'PowerApp'), d),
      [['unsupported-trigger', '/definition/triggers/manual', 'Request/PowerApp']],
    ],
    [
      'a connector webhook trigger, whose expressions are checked too',
      (d) => ((d.definition.triggers.manual = { type: 'OpenApiConnectionWebhook', inputs: { parameters: { x: '@decodeBase64(1)' } } }), d),
      [
        ['unsupported-trigger', '/definition/triggers/manual', 'OpenApiConnectionWebhook'],
        ['unknown-function', '/definition/triggers/manual/inputs/parameters/x', 'decodeBase64'],
      ],
    ],
    [
      'an automated trigger',
      (d) => ((d.definition.triggers.manual = { type: 'Request', kind: 'Http', inputs: { method: 'POST' } }), d),
      [],
    ],
    ['a Request trigger without kind (Http)', (d) => ((d.definition.triggers.manual = { type: 'Request', inputs: {} }), d), []],
    [
      'every 2 weeks',
      (d) => (
        (d.definition.triggers.manual = {
          type: 'Recurrence',
          recurrence: { frequency: 'Week', interval: 2, startTime: '2025-01-06T08:00:00Z' },
        }),
        d
      ),
      [],
    ],
    [
      'every month',
      (d) => ((d.definition.triggers.manual = { type: 'Recurrence', recurrence: { frequency: 'Month', interval: 1 } }), d),
      [['unsupported-recurrence', '/definition/triggers/manual/recurrence/frequency', 'Month']],
    ],
    [
      'an interval of 0',
      (d) => ((d.definition.triggers.manual = { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: 0 } }), d),
      [['invalid-trigger', '/definition/triggers/manual/recurrence/interval']],
    ],
    [
      'a weekly schedule at set hours',
      (d) => (
        (d.definition.triggers.manual = {
          type: 'Recurrence',
          recurrence: { frequency: 'Week', interval: 1, schedule: { weekDays: ['Monday'], hours: ['6'] } },
        }),
        d
      ),
      [['unsupported-recurrence', '/definition/triggers/manual/recurrence/schedule', 'schedule']],
    ],
    [
      'a recurrence without recurrence',
      (d) => ((d.definition.triggers.manual = { type: 'Recurrence' }), d),
      [['invalid-trigger', '/definition/triggers/manual/recurrence']],
    ],
    [
      'a file input on a manual trigger',
      (d) => ((trigger(d).inputs.schema.properties.file = { title: 'File', type: 'object', 'x-ms-content-hint': 'FILE' }), d),
      [['unsupported-trigger-input', '/definition/triggers/manual/inputs/schema/properties/file', 'object (FILE)']],
    ],
    [
      'number and yes/no inputs',
      (d) => {
        Object.assign(trigger(d).inputs.schema.properties, {
          amount: { type: 'number', title: 'Amount' },
          ok: { type: 'boolean', title: 'OK' },
        });
        return d;
      },
      [],
    ],
  ];
  it.each(cases)('%s', (_name, change, expected) => {
    expect(brief(validateFlow(change(designExample())))).toEqual(expected);
  });
});

describe('validateFlow: actions and runAfter', () => {
  const compose = (inputs: unknown, runAfter: Record<string, string[]> = {}) => ({ type: 'Compose', inputs, runAfter });
  const cases: [string, (a: Record<string, any>, d: Record<string, any>) => void, (string | undefined)[][]][] = [
    [
      'an unknown action type',
      (a) => (a.Filter = { type: 'Query', inputs: { from: '@createArray(1)', where: '@equals(item(), 1)' } }),
      [['unsupported-action', '/definition/actions/Filter/type', 'Query']],
    ],
    [
      'a Switch, with what is inside it reported too',
      (a) =>
        (a.Switch = {
          type: 'Switch',
          expression: "@triggerBody()?['text']",
          cases: { One: { case: 'a', actions: { Wait: { type: 'Wait', inputs: {} } } } },
          default: { actions: { Ok: compose('@x()') } },
        }),
      [
        ['unsupported-action', '/definition/actions/Switch/type', 'Switch'],
        ['unsupported-action', '/definition/actions/Switch/cases/One/actions/Wait/type', 'Wait'],
        ['unknown-function', '/definition/actions/Switch/default/actions/Ok/inputs', 'x'],
      ],
    ],
    ['an action without a type', (a) => (a.Nothing = { inputs: 1 }), [['invalid-action', '/definition/actions/Nothing']]],
    [
      'runAfter naming a missing action',
      (a) => (a.B = compose(1, { Nope: ['Succeeded'] })),
      [['run-after-missing', '/definition/actions/B/runAfter/Nope', 'Nope']],
    ],
    [
      'runAfter in a cycle',
      (a) => {
        a.A = compose(1, { B: ['Succeeded'] });
        a.B = compose(2, { A: ['Succeeded'] });
      },
      [['run-after-cycle', '/definition/actions/A/runAfter', 'A']],
    ],
    ['runAfter on itself', (a) => (a.A = compose(1, { A: ['Failed'] })), [['run-after-cycle', '/definition/actions/A/runAfter', 'A']]],
    [
      'an unsupported runAfter status',
      (a) => {
        a.A = compose(1);
        a.B = compose(2, { A: ['Succeeded', 'Cancelled'] });
      },
      [['unsupported-run-after-status', '/definition/actions/B/runAfter/A/1', 'Cancelled']],
    ],
    [
      'runAfter lists statuses',
      (a) => (a.B = compose(2, { Post_a_message: 'Succeeded' as never })),
      [['invalid-action', '/definition/actions/B/runAfter/Post_a_message']],
    ],
    [
      'runAfter reaching out of its scope',
      (a) =>
        (a.Scope = {
          type: 'Scope',
          runAfter: { Post_a_message: ['Succeeded', 'Failed', 'Skipped', 'TimedOut'] },
          actions: { Inner: compose(1, { Post_a_message: ['Succeeded'] }) },
        }),
      [['run-after-missing', '/definition/actions/Scope/actions/Inner/runAfter/Post_a_message', 'Post_a_message']],
    ],
    [
      'a step on an undefined slot',
      (a) => (a.Post_a_message.inputs.host.connectionName = 'shared_other'),
      [['unknown-connection', '/definition/actions/Post_a_message/inputs/host/connectionName', 'shared_other']],
    ],
    [
      'a slot with a bad runtimeSource and one without api',
      (_a, d) => {
        d.connectionReferences['shared_contoso-echo'].runtimeSource = 'user';
        d.connectionReferences.broken = { api: {} };
      },
      [
        ['invalid-connection-reference', '/connectionReferences/shared_contoso-echo/runtimeSource'],
        ['invalid-connection-reference', '/connectionReferences/broken/api'],
      ],
    ],
    [
      'malformed supported actions',
      (a) => {
        a.Http = { type: 'Http', inputs: { method: 'GET' } };
        a.Init = { type: 'InitializeVariable', inputs: { variables: [{ name: 'n', type: 'number' }] } };
        a.Stop = { type: 'Terminate', inputs: { runStatus: 'Done' } };
        a.Parse = { type: 'ParseJson', inputs: { content: '{}' } };
        a.Loop = { type: 'Foreach', actions: {} };
        a.Set = { type: 'SetVariable', inputs: { value: 1 } };
        a.Call = { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_contoso-echo' } } };
        a.Empty = { type: 'Compose' };
        a.Cond = { type: 'If', actions: {} };
        a.Reply = { type: 'Response', inputs: {} };
      },
      [
        ['invalid-action', '/definition/actions/Http/inputs/uri'],
        ['invalid-action', '/definition/actions/Init/inputs/variables/0/type'],
        ['invalid-action', '/definition/actions/Stop/inputs/runStatus'],
        ['invalid-action', '/definition/actions/Parse/inputs/schema'],
        ['invalid-action', '/definition/actions/Loop/foreach'],
        ['invalid-action', '/definition/actions/Set/inputs/name'],
        ['invalid-action', '/definition/actions/Call/inputs/host/operationId'],
        ['invalid-action', '/definition/actions/Empty/inputs'],
        ['invalid-action', '/definition/actions/Cond/expression'],
        ['invalid-action', '/definition/actions/Reply/inputs/statusCode'],
      ],
    ],
    [
      'Initialize variable inside a scope',
      (a) =>
        (a.Scope = {
          type: 'Scope',
          actions: { Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'n', type: 'integer', value: 0 }] } } },
        }),
      [['invalid-action', '/definition/actions/Scope/actions/Init/type']],
    ],
  ];
  it.each(cases)('%s', (_name, change, expected) => {
    const doc = designExample();
    change(actions(doc), doc);
    expect(brief(validateFlow(doc))).toEqual(expected);
  });

  it('accepts every supported action type, nested, with runAfter and expressions', () => {
    const doc = designExample();
    doc.definition.triggers.manual = { type: 'Request', kind: 'Http', inputs: { method: 'POST', schema: {} } };
    Object.assign(actions(doc), {
      Init_count: { type: 'InitializeVariable', runAfter: {}, inputs: { variables: [{ name: 'Count', type: 'Integer', value: 0 }] } },
      Init_log: {
        type: 'InitializeVariable',
        runAfter: { Init_count: ['Succeeded'] },
        inputs: { variables: [{ name: 'log', type: 'string', value: '' }] },
      },
      Init_list: {
        type: 'InitializeVariable',
        runAfter: { Init_log: ['Succeeded'] },
        inputs: { variables: [{ name: 'list', type: 'array', value: [] }] },
      },
      Fetch: {
        type: 'Http',
        runAfter: { Init_list: ['Succeeded'] },
        inputs: { method: 'GET', uri: "https://api.example/items?q=@{triggerBody()?['q']}" },
      },
      Parse: { type: 'ParseJson', runAfter: { Fetch: ['Succeeded'] }, inputs: { content: "@body('Fetch')", schema: { type: 'array' } } },
      Each: {
        type: 'Foreach',
        runAfter: { Parse: ['Succeeded'] },
        foreach: "@body('Parse')",
        actions: {
          Check: {
            type: 'If',
            runAfter: {},
            expression: { and: [{ greater: ["@items('Each')?['n']", 1] }, { not: { equals: ['@item()', null] } }] },
            actions: { Count: { type: 'IncrementVariable', runAfter: {}, inputs: { name: 'count', value: 1 } } },
            else: { actions: { Note: { type: 'AppendToStringVariable', runAfter: {}, inputs: { name: 'log', value: '@{item()}' } } } },
          },
          Keep: {
            type: 'AppendToArrayVariable',
            runAfter: { Check: ['Succeeded', 'Skipped'] },
            inputs: { name: 'list', value: '@item()' },
          },
        },
      },
      Wrap: {
        type: 'Scope',
        runAfter: { Each: ['Succeeded'] },
        actions: { Summary: { type: 'Compose', runAfter: {}, inputs: { count: "@variables('Count')", when: '@utcNow()' } } },
      },
      Reset: { type: 'SetVariable', runAfter: { Wrap: ['Failed', 'TimedOut'] }, inputs: { name: 'log', value: '' } },
      Reply: {
        type: 'Response',
        kind: 'Http',
        runAfter: { Wrap: ['Succeeded'] },
        inputs: { statusCode: 200, body: "@outputs('Summary')" },
      },
      Stop: { type: 'Terminate', runAfter: { Reply: ['Succeeded'] }, inputs: { runStatus: 'Succeeded' } },
      Again: { type: 'If', runAfter: { Stop: ['Skipped'] }, expression: "@equals(parameters('$connections'), json('{}'))", actions: {} },
    });
    expect(validateFlow(doc)).toEqual([]);
  });
});

describe('validateFlow: expressions', () => {
  const cases: [string, unknown, (string | undefined)[][]][] = [
    ['an unknown function', "@{startsWith(triggerBody()?['text'], 'a')}", [['unknown-function', '', 'startsWith']]],
    ['a wrong argument count', '@concat()', [['function-arity', '', 'concat']]],
    ['a missing action', "@body('Nope')?['x']", [['unknown-action-reference', '', 'Nope']]],
    ['an undeclared variable', "@variables('count')", [['unknown-variable', '', 'count']]],
    ['an undeclared parameter', "@parameters('Site')", [['unknown-parameter', '', 'Site']]],
    ['a declared parameter', "@parameters('$connections')", []],
    ['item() outside a loop', '@item()', [['unknown-loop', '', 'item()']]],
    ['items() of no loop', "@items('Apply_to_each')", [['unknown-loop', '', 'Apply_to_each']]],
    ['a reference to itself', "@outputs('Post_a_message')", []],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    const doc = designExample();
    actions(doc).Post_a_message.inputs.parameters['body/text'] = value;
    const pointer = '/definition/actions/Post_a_message/inputs/parameters/body~1text';
    expect(brief(validateFlow(doc))).toEqual(expected.map(([code, , subject]) => [code, pointer, subject]));
  });

  it('reports a syntax error with its pointer and position', () => {
    const doc = designExample();
    actions(doc).Post_a_message.inputs.parameters['body/text'] = "Hello\n@{triggerBody()?['text'}";
    expect(validateFlow(doc)).toEqual([
      {
        pointer: '/definition/actions/Post_a_message/inputs/parameters/body~1text',
        code: 'expression-syntax',
        message: "Expected ']' but found the end of the expression.",
        position: { offset: 29, length: 1, line: 2, column: 24 },
      },
    ]);
  });

  it('positions a reference finding on the name', () => {
    const doc = designExample();
    actions(doc).Post_a_message.inputs.parameters['body/text'] = "x @{body('Nope')}";
    expect(validateFlow(doc)[0]?.position).toEqual({ offset: 9, length: 6, line: 1, column: 10 });
  });

  it('sees loops from inside them, item() in Filter array and Select, and variable actions by name', () => {
    const doc = designExample();
    Object.assign(actions(doc), {
      Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'Total', type: 'integer', value: 0 }] } },
      Loop: {
        type: 'Foreach',
        foreach: "@items('Loop')",
        actions: {
          Inner: {
            type: 'Scope',
            actions: { Add: { type: 'IncrementVariable', inputs: { name: 'total', value: "@items('Loop')?['n']" } } },
          },
        },
      },
      Pick: { type: 'Select', inputs: { from: '@createArray(1)', select: '@item()' } },
      Undeclared: { type: 'AppendToArrayVariable', inputs: { name: 'missing', value: 1 } },
    });
    expect(brief(validateFlow(doc))).toEqual([
      ['unknown-loop', '/definition/actions/Loop/foreach', 'Loop'],
      ['unsupported-action', '/definition/actions/Pick/type', 'Select'],
      ['unknown-variable', '/definition/actions/Undeclared/inputs/name', 'missing'],
    ]);
  });

  it('checks If conditions in object form', () => {
    const doc = designExample();
    actions(doc).Cond = {
      type: 'If',
      expression: { and: [{ endsWith: ["@triggerBody()?['text']", '.0'] }, { equals: ['@bad(', 1] }, { equals: [1, 2], less: [1, 2] }] },
      actions: {},
    };
    expect(brief(validateFlow(doc))).toEqual([
      ['unknown-function', '/definition/actions/Cond/expression/and/0/endsWith', 'endsWith'],
      ['invalid-condition', '/definition/actions/Cond/expression/and/2'],
      ['expression-syntax', '/definition/actions/Cond/expression/and/1/equals/0'],
    ]);
  });
});

describe('validateFlow: connectors of the environment', () => {
  const lookup: ConnectorLookup = (api) =>
    api === 'shared_contoso-echo' ? { operationIds: new Set(['PostMessage', 'GetMessage']) } : null;

  it('passes when the connector and operation exist, resolving the connector through the slot when apiId is empty', () => {
    const doc = designExample();
    actions(doc).Post_a_message.inputs.host.apiId = '';
    expect(validateFlow(doc, { connectors: lookup })).toEqual([]);
  });

  it.each([
    [
      'a connector the environment lacks',
      (d: Record<string, any>) => (d.connectionReferences['shared_contoso-echo'].api.name = 'shared_sharepointonline'),
      [['unknown-connector', '/definition/actions/Post_a_message/inputs/host/connectionName', 'shared_sharepointonline']],
    ],
    [
      'an operation the connector lacks',
      (d: Record<string, any>) => (actions(d).Post_a_message.inputs.host.operationId = 'DeleteEverything'),
      [['unknown-operation', '/definition/actions/Post_a_message/inputs/host/operationId', 'shared_contoso-echo/DeleteEverything']],
    ],
  ])('reports %s', (_name, change, expected) => {
    const doc = designExample();
    change(doc);
    expect(brief(validateFlow(doc, { connectors: lookup }))).toEqual(expected);
    expect(validateFlow(doc)).toEqual([]);
  });

  it('takes operation ids as an array too', () => {
    expect(validateFlow(designExample(), { connectors: () => ({ operationIds: ['PostMessage'] }) })).toEqual([]);
  });
});
