import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openPostgres, type DbHandle } from '@/db/client';
import { setupTestDatabase } from '@/db/testing';
import { rowsOf } from '@/lib/sql';
import { defineJob, type JobContext } from './define';
import { JobQueue } from './queue';
import { jobRows, waitFor } from './testing';

const t = setupTestDatabase();

/** Everything the test handlers saw, by job name. */
const seen = new Map<string, { payload: unknown; context: Omit<JobContext, 'log' | 'signal'> }[]>();
const record = (name: string, payload: unknown, context: JobContext) => {
  const list = seen.get(name) ?? [];
  list.push({ payload, context: { jobId: context.jobId, attempt: context.attempt, isLastAttempt: context.isLastAttempt } });
  seen.set(name, list);
};
const runs = (name: string) => seen.get(name) ?? [];

const fast = { pollingIntervalSeconds: 0.5, backoff: { delaySeconds: 1, exponential: false } } as const;

const echo = defineJob(
  'test.echo',
  z.object({ n: z.number().int() }),
  async (payload, context) => record('test.echo', payload, context),
  fast,
);

/** Fails until its payload's `succeedOn` attempt. */
const flaky = defineJob(
  'test.flaky',
  z.object({ succeedOn: z.number().int() }),
  async (payload, context) => {
    record('test.flaky', payload, context);
    if (context.attempt < payload.succeedOn) throw new Error(`attempt ${context.attempt} failed`);
  },
  { ...fast, retries: 2 },
);

/** Waits for its signal (a timeout or a stopping worker), or `ms`. */
const slow = defineJob(
  'test.slow',
  z.object({ ms: z.number() }),
  async (payload, context) => {
    record('test.slow', payload, context);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, payload.ms);
      context.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()));
    });
    record('test.slow.end', { aborted: context.signal.aborted }, context);
  },
  { ...fast, retries: 0, timeoutSeconds: 1 },
);

const deduped = defineJob(
  'test.deduped',
  z.object({ key: z.string() }),
  async (payload, context) => record('test.deduped', payload, context),
  {
    ...fast,
    policy: 'short',
    singletonKey: (payload) => payload.key,
  },
);

const ticking = defineJob('test.tick', z.object({ from: z.string() }), async (payload, context) => record('test.tick', payload, context), {
  ...fast,
  schedule: { cron: '* * * * *', payload: { from: 'declared' } },
});

/** Writes one probe row in its own transaction: app work done from inside a job. */
const writer = defineJob(
  'test.writer',
  z.object({ n: z.number() }),
  async (payload, context) => {
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`insert into job_probe (n, source) values (${payload.n}, 'job')`);
      await tx.execute(sql`select count(*) from job_probe`);
    });
    record('test.writer', payload, context);
  },
  { ...fast, concurrency: 4 },
);

const jobs = [echo, flaky, slow, deduped, ticking, writer];
const queueOptions = { jobs, cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 };
let queue: JobQueue;

beforeAll(async () => {
  await t.handle.exec('create table job_probe (id serial primary key, n int not null, source text not null)');
  queue = new JobQueue(t.handle, queueOptions);
  await queue.start();
  await queue.startWorkers();
});

afterAll(async () => {
  await queue?.stopWorkers({ timeoutMs: 2000 });
});

beforeEach(() => seen.clear());

describe('enqueue on the caller’s transaction', () => {
  it('runs a job sent in a committed transaction once, with its payload, id and attempt', async () => {
    const id = await t.db.transaction((tx) => queue.enqueue(tx, echo, { n: 1 }));
    const [run] = await waitFor(() => runs('test.echo').length > 0 && runs('test.echo'), 5000, 'the echo job');
    expect(run).toEqual({ payload: { n: 1 }, context: { jobId: id, attempt: 1, isLastAttempt: false } });
    await waitFor(async () => (await jobRows(t.db, 'test.echo')).find((j) => j.id === id)?.state === 'completed', 5000, 'completion');
    expect(runs('test.echo')).toHaveLength(1);
  });

  it('never runs a job whose transaction rolled back', async () => {
    const rolledBack = new Error('roll back');
    let sentId: string | null = null;
    await expect(
      t.db.transaction(async (tx) => {
        sentId = await queue.enqueue(tx, echo, { n: 2 });
        // Inside the transaction the job exists…
        expect((await jobRows(tx, 'test.echo')).some((j) => j.id === sentId)).toBe(true);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(sentId).toMatch(/^[0-9a-f-]{36}$/);
    // …after the rollback it never did; a committed job sent after it runs (so the workers are polling).
    await queue.enqueue(t.db, echo, { n: 3 });
    await waitFor(() => runs('test.echo').some((r) => (r.payload as { n: number }).n === 3), 5000, 'the committed job');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(runs('test.echo').map((r) => (r.payload as { n: number }).n)).toEqual([3]);
    expect((await jobRows(t.db, 'test.echo')).some((j) => j.id === sentId)).toBe(false);
  });

  it('refuses a payload that doesn’t match the schema, an unknown job, and a queue not started', async () => {
    await expect(queue.enqueue(t.db, echo, { n: 'one' })).rejects.toThrow('Invalid payload for job "test.echo": n:');
    await expect(queue.enqueue(t.db, 'test.nope', {})).rejects.toThrow('No job is named "test.nope"');
    const notStarted = new JobQueue(t.handle, { jobs: [echo] });
    await expect(notStarted.enqueue(t.db, echo, { n: 1 })).rejects.toThrow('not started');
  });

  it('cancels, without running it, a job whose stored payload no longer matches', async () => {
    // Written around enqueue's own check, as an older release's payload would be.
    const [{ id }] = rowsOf<{ id: string }>(
      await t.db.execute(
        sql`insert into pgboss.job (name, data, policy) values ('test.echo', '{"n":"not a number"}', 'standard') returning id`,
      ),
    ) as [{ id: string }];
    const job = await waitFor(async () => (await jobRows(t.db, 'test.echo')).find((j) => j.id === id && j.state === 'cancelled'), 5000);
    expect(job.data).toEqual({ n: 'not a number' });
    expect(runs('test.echo')).toHaveLength(0);
  });
});

describe('retries, timeouts and singletons', () => {
  it('retries a failing job after its backoff and records each attempt', async () => {
    const id = await queue.enqueue(t.db, flaky, { succeedOn: 2 });
    await waitFor(async () => (await jobRows(t.db, 'test.flaky')).find((j) => j.id === id)?.state === 'completed', 8000, 'the retry');
    expect(runs('test.flaky').map((r) => r.context)).toEqual([
      { jobId: id, attempt: 1, isLastAttempt: false },
      { jobId: id, attempt: 2, isLastAttempt: false },
    ]);
  });

  it('fails a job for good when its retries run out, telling the last attempt it is the last', async () => {
    const id = await queue.enqueue(t.db, flaky, { succeedOn: 99 });
    const job = await waitFor(async () => (await jobRows(t.db, 'test.flaky')).find((j) => j.id === id && j.state === 'failed'), 10_000);
    expect(job.output?.message).toBe('attempt 3 failed');
    expect(runs('test.flaky').map((r) => [r.context.attempt, r.context.isLastAttempt])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });

  it('aborts a job past its timeout and fails it', async () => {
    const id = await queue.enqueue(t.db, slow, { ms: 5000 });
    const job = await waitFor(async () => (await jobRows(t.db, 'test.slow')).find((j) => j.id === id && j.state === 'failed'), 5000);
    expect(job.output?.message).toBe('timed out after 1 s');
    await waitFor(() => runs('test.slow.end').length > 0, 2000);
    expect(runs('test.slow.end')[0]!.payload).toEqual({ aborted: true });
  });

  it('drops a second queued job with the same singleton key (policy short)', async () => {
    const ids = await t.db.transaction(async (tx) => [
      await queue.enqueue(tx, deduped, { key: 'a' }),
      await queue.enqueue(tx, deduped, { key: 'a' }),
      await queue.enqueue(tx, deduped, { key: 'b' }),
    ]);
    expect(ids[0]).toEqual(expect.any(String));
    expect(ids[1]).toBeNull();
    expect(ids[2]).toEqual(expect.any(String));
    await waitFor(() => runs('test.deduped').length === 2, 5000);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(runs('test.deduped').map((r) => r.payload)).toEqual(expect.arrayContaining([{ key: 'a' }, { key: 'b' }]));
    expect(runs('test.deduped')).toHaveLength(2);
  });
});

describe('schedules', () => {
  it('runs a job on the schedule it declares; schedule() replaces it and unschedule() removes it', async () => {
    // The declared schedule fired when the workers started (pg-boss sends at most one tick per job and minute).
    const tick = await waitFor(async () => (await jobRows(t.db, 'test.tick')).find((j) => j.state === 'completed'), 10_000, 'a tick');
    expect(tick.data).toEqual({ from: 'declared' });
    await queue.schedule(ticking, '*/5 * * * *', { from: 'api' });
    const stored = rowsOf(await t.db.execute(sql`select cron, data from pgboss.schedule where name = 'test.tick'`));
    expect(stored).toEqual([{ cron: '*/5 * * * *', data: { from: 'api' } }]);
    await queue.unschedule(ticking);
    expect(rowsOf(await t.db.execute(sql`select 1 from pgboss.schedule where name = 'test.tick'`))).toEqual([]);
    await expect(queue.schedule(ticking, '* * * * *', { from: 1 })).rejects.toThrow();
    await expect(queue.schedule(ticking, 'not a cron', { from: 'x' })).rejects.toThrow();
  });
});

describe('one database, app and workers side by side', () => {
  it('lets app transactions and busy workers (each job with its own transaction) both make progress', async () => {
    const sent = 120;
    await t.db.transaction(async (tx) => {
      for (let n = 0; n < sent; n++) await queue.enqueue(tx, writer, { n });
    });
    queue.wake(writer);
    const latencies: number[] = [];
    const app = (async () => {
      for (let i = 0; i < 60; i++) {
        const started = Date.now();
        await t.db.transaction(async (tx) => {
          await tx.execute(sql`insert into job_probe (n, source) values (${i}, 'app')`);
          await tx.execute(sql`select count(*) from job_probe where source = 'app'`);
        });
        latencies.push(Date.now() - started);
      }
    })();
    await app;
    await waitFor(() => runs('test.writer').length === sent, 30_000, 'every writer job');
    const counts = rowsOf(await t.db.execute(sql`select source, count(*)::int as n from job_probe group by source order by source`));
    expect(counts).toEqual([
      { source: 'app', n: 60 },
      { source: 'job', n: sent },
    ]);
    // No app transaction waited behind the queue for long (each waits at most for a few short statements).
    expect(Math.max(...latencies)).toBeLessThan(2000);
  });
});

describe('several worker sets on one database', () => {
  it('runs each of many jobs exactly once with two pg-boss instances polling the same queue', async () => {
    // Two queues, two pg-boss instances; on PostgreSQL each on its own connection pool.
    let otherHandle: DbHandle | undefined;
    const other = t.handle.driver === 'postgres' ? (otherHandle = await openPostgres(t.handle.url!, { max: 5 })) : t.handle;
    const counted = new Map<number, number>();
    const count = defineJob(
      'test.count',
      z.object({ n: z.number() }),
      async ({ n }) => {
        counted.set(n, (counted.get(n) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      },
      { pollingIntervalSeconds: 0.5, concurrency: 2 },
    );
    const a = new JobQueue(t.handle, { jobs: [count] });
    const b = new JobQueue(other, { jobs: [count] });
    await a.start();
    await b.start();
    const total = 300;
    await t.db.transaction(async (tx) => {
      for (let n = 0; n < total; n++) await a.enqueue(tx, count, { n });
    });
    await Promise.all([a.startWorkers(), b.startWorkers()]);
    try {
      await waitFor(() => counted.size === total, 60_000, 'every counted job');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect([...counted.values()].every((times) => times === 1)).toBe(true);
      const states = await jobRows(t.db, 'test.count');
      expect(states.filter((j) => j.state === 'completed')).toHaveLength(total);
    } finally {
      await a.stopWorkers();
      await b.stopWorkers();
      await otherHandle?.close();
    }
  });
});

describe('stopping', () => {
  it('lets a running job finish, then a job that outlives the grace period is aborted and failed', async () => {
    const q = new JobQueue(t.handle, { jobs: [slow], overrides: { 'test.slow': { timeoutSeconds: 30 } } });
    await queue.stopWorkers();
    try {
      await q.start();
      await q.startWorkers();
      const finishing = await q.enqueue(t.db, slow, { ms: 600 });
      await waitFor(() => runs('test.slow').length === 1, 5000);
      await q.stopWorkers({ timeoutMs: 5000 });
      expect(runs('test.slow.end')).toEqual([expect.objectContaining({ payload: { aborted: false } })]);
      expect((await jobRows(t.db, 'test.slow')).find((j) => j.id === finishing)?.state).toBe('completed');

      await q.startWorkers();
      const cut = await q.enqueue(t.db, slow, { ms: 10_000 });
      await waitFor(() => runs('test.slow').length === 2, 5000);
      await q.stopWorkers({ timeoutMs: 200 });
      const job = (await jobRows(t.db, 'test.slow')).find((j) => j.id === cut);
      expect(job).toMatchObject({ state: 'failed', output: { message: 'The worker stopped before the job finished.' } });
      // Stopped means stopped: a new job waits.
      const waiting = await q.enqueue(t.db, slow, { ms: 1 });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await jobRows(t.db, 'test.slow')).find((j) => j.id === waiting)?.state).toBe('created');
    } finally {
      await q.stopWorkers();
      await queue.startWorkers();
    }
  });
});
