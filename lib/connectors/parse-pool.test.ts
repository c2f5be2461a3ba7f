import { afterAll, describe, expect, it } from 'vitest';
import { createParsePool } from './parse-pool';

/*
 * The import denial of service: a 2 KB document (16 definitions, each using the one before twice,
 * and an operation with `responses: {}`) once cost ~27 s of CPU and ~2.8 GB. Now it is validated
 * as written, and every upload is read on a worker thread with a heap and a time limit.
 */

function attack(levels = 16): string {
  const definitions: Record<string, unknown> = { D0: { type: 'object', properties: { v: { type: 'string' } } } };
  for (let i = 1; i < levels; i++) {
    definitions[`D${i}`] = {
      type: 'object',
      properties: { a: { $ref: `#/definitions/D${i - 1}` }, b: { $ref: `#/definitions/D${i - 1}` } },
    };
  }
  return JSON.stringify({
    swagger: '2.0',
    info: { title: 'Attack', version: '1' },
    host: 'attack.test',
    paths: {
      '/x': {
        get: {
          operationId: 'X',
          parameters: [{ name: 'body', in: 'body', schema: { $ref: `#/definitions/D${levels - 1}` } }],
          responses: {},
        },
      },
    },
    definitions,
  });
}

/** A large, honest document: `count` operations. */
function large(count: number): string {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    paths[`/items${i}/{id}`] = {
      get: {
        operationId: `GetItem${i}`,
        summary: `Get item ${i}`,
        parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
        responses: { '200': { description: 'OK', schema: { type: 'object', properties: { id: { type: 'string' } } } } },
      },
    };
  }
  return JSON.stringify({ swagger: '2.0', info: { title: 'Large', version: '1' }, host: 'large.test', paths });
}

const pools: ReturnType<typeof createParsePool>[] = [];
const pool = (limits: Parameters<typeof createParsePool>[0] = {}) => {
  const created = createParsePool(limits);
  pools.push(created);
  return created;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/** The event loop's worst delay while `work` runs: how long a request arriving meanwhile would wait. */
async function worstLag<T>(work: Promise<T>): Promise<{ result: PromiseSettledResult<T>[]; lagMs: number }> {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  const result = await Promise.allSettled([work]);
  clearInterval(timer);
  return { result, lagMs: worst };
}

describe('reading uploads off the event loop', () => {
  it('three 2 KB attack documents at once: each read within a second, memory bounded, the event loop free', async () => {
    const parse = pool();
    const text = attack(16);
    expect(text.length).toBeLessThan(2_100);
    // Warm a worker first: its start-up (loading the TypeScript services) is not the document's cost.
    await parse.run({ kind: 'upload', input: { files: [], pasted: attack(3) } }, 'warm');
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const { result, lagMs } = await worstLag(
      Promise.all(['eve', 'mallory', 'trudy'].map((who) => parse.run({ kind: 'upload', input: { files: [], pasted: text } }, who))),
    );
    const elapsed = performance.now() - started;
    expect(result[0]!.status).toBe('fulfilled');
    // Two workers: three documents take at most two rounds, and each is well under a second now.
    expect(elapsed).toBeLessThan(3_000);
    expect(lagMs).toBeLessThan(250);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
  });

  it('a parse past the time limit is refused, its worker replaced, and the next parse works', async () => {
    const parse = pool({ timeMs: 50, workers: 1 });
    await expect(parse.run({ kind: 'upload', input: { files: [], pasted: large(3_000) } }, 'slow')).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringContaining('takes more than'),
    });
    const quick = createParsePool({ workers: 1 });
    pools.push(quick);
    await expect(quick.run({ kind: 'upload', input: { files: [], pasted: attack(3) } }, 'slow')).resolves.toMatchObject({ name: 'Attack' });
  });

  it('a parse that needs more memory than a worker may have is refused in words', async () => {
    const parse = pool({ heapMb: 24, workers: 1, timeMs: 60_000 });
    await expect(parse.run({ kind: 'upload', input: { files: [], pasted: large(20_000) } }, 'hungry')).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringContaining('more memory'),
    });
  });

  it('at most two parses per person at once; others are not held up', async () => {
    const parse = pool({ workers: 2 });
    const text = large(200);
    const first = parse.run({ kind: 'upload', input: { files: [], pasted: text } }, 'busy');
    const second = parse.run({ kind: 'upload', input: { files: [], pasted: text } }, 'busy');
    await expect(parse.run({ kind: 'upload', input: { files: [], pasted: text } }, 'busy')).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringContaining('already have 2 uploads'),
    });
    await expect(parse.run({ kind: 'upload', input: { files: [], pasted: attack(3) } }, 'someone else')).resolves.toBeTruthy();
    await Promise.all([first, second]);
    await expect(parse.run({ kind: 'upload', input: { files: [], pasted: attack(3) } }, 'busy')).resolves.toBeTruthy();
  });

  it('a refusal crosses the thread with its code, plain words and technical detail', async () => {
    const parse = pool();
    await expect(
      parse.run({ kind: 'upload', input: { files: [{ name: 'broken.json', data: Buffer.from('{\n "swagger": "2.0",\n') }] } }, 'me'),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('broken.json isn’t valid JSON'),
      detail: expect.stringMatching(/line \d+, column \d+/),
    });
  });
});

describe('edits on a worker thread', () => {
  it('an edit with a new icon crosses the thread: a real PNG is taken, anything else refused by content', async () => {
    const parse = createParsePool({ workers: 1 });
    pools.push(parse);
    const { readFileSync } = await import('node:fs');
    const png = readFileSync('e2e/fixtures/files/contoso-tasks/icon.png');
    const current = await parse.run({ kind: 'upload', input: { files: [], pasted: attack(3) } }, 'editor');
    const edit = { name: 'With icon', description: '', iconColor: '#123456' };
    await expect(parse.run({ kind: 'edit', current, edit: { ...edit, icon: png } }, 'editor')).resolves.toMatchObject({
      iconType: 'image/png',
    });
    await expect(
      parse.run({ kind: 'edit', current, edit: { ...edit, icon: Buffer.from('not a png at all') } }, 'editor'),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'The icon isn’t a PNG or JPEG image.',
    });
  });
});
