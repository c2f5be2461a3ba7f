import { createContext, type ExpressionContext } from './context';

/* A run context shared by the expression tests: a trigger, three actions, variables, parameters, two loops, a pinned clock. */

export const FIXED_NOW = new Date('2025-09-25T05:18:31.338Z');

export function fixtureContext(overrides: Parameters<typeof createContext>[0] = {}): ExpressionContext {
  return createContext({
    trigger: {
      outputs: {
        headers: { 'Content-Type': 'application/json' },
        body: {
          text: 'World',
          amount: 12,
          price: 2.5,
          flag: true,
          empty: '',
          nothing: null,
          list: [1, 2, 3],
          people: [{ name: 'Ada' }, { name: 'Bob' }],
          nested: { a: { b: 'deep' } },
          'odata.etag': 'W/1',
          obj: { a: 1 },
        },
      },
    },
    actions: {
      Get_items: { status: 'Succeeded', outputs: { statusCode: 200, body: { value: [{ Title: 'One' }, { Title: 'Two' }] } } },
      Compose: { status: 'Succeeded', outputs: 'composed' },
      Failed_step: { status: 'Failed', outputs: { statusCode: 400, body: { error: { message: 'boom' } } }, error: { code: 'BadRequest' } },
    },
    variables: { counter: 3, name: 'Megan', items: ['a', 'b'], obj: { k: 'v' }, nothing: null },
    parameters: { $connections: {}, 'Site URL (cr_site)': 'https://contoso.example/sites/a', limit: 10 },
    loops: [
      { name: 'Apply_to_each', item: { id: 1, tags: ['x'] } },
      { name: 'Inner', item: 'inner-item' },
    ],
    now: () => FIXED_NOW,
    newGuid: () => 'C2ECC88D-88C8-4096-912C-D6F2E2B138CE',
    ...overrides,
  });
}
