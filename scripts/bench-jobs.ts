// npm run bench:jobs [-- --jobs N --samples N --memory]
// Jobs per second through the queue with 1 and 4 workers (no-op handler; jobs sent beforehand in
// one transaction, timed from the workers' start to the last completion), and the time from
// enqueue to the handler's start: with a wake-up (enqueued in this process, outside a
// transaction, or `wakeWorkers` after commit) and by polling alone (as from another process).
// PGlite in a temporary folder (`--memory`: in memory), or PostgreSQL when BENCH_DATABASE_URL is
// set (a scratch database is created beside it and dropped).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { openPglite, openPostgres, type DbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { adminUrl, databaseUrl } from '@/db/testing/urls';
import { defineJob, JobQueue } from '@/lib/jobs';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const JOBS = arg('jobs', 1000);
const SAMPLES = arg('samples', 40);

const url = process.env.BENCH_DATABASE_URL;
let handle: DbHandle;
let cleanup: () => Promise<void>;
let label: string;
if (url) {
  const name = `mp_bench_jobs_${randomBytes(4).toString('hex')}`;
  const admin = await openPostgres(adminUrl(url), { max: 1 });
  await admin.exec(`create database ${name}`);
  handle = await openPostgres(databaseUrl(url, name), { max: 10 });
  label = 'PostgreSQL';
  cleanup = async () => {
    await handle.close();
    await admin.exec(`drop database if exists ${name} with (force)`);
    await admin.close();
  };
} else if (process.argv.includes('--memory')) {
  handle = await openPglite();
  label = 'PGlite (memory)';
  cleanup = () => handle.close();
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'makerport-bench-jobs-'));
  handle = await openPglite({ dir });
  label = 'PGlite (folder)';
  cleanup = async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
await runMigrations(handle);

let done = 0;
const startDelays: number[] = [];
const noop = defineJob('bench.noop', z.object({ sentAt: z.number() }), async ({ sentAt }) => {
  startDelays.push(performance.timeOrigin + performance.now() - sentAt);
  done++;
});

const now = () => performance.timeOrigin + performance.now();
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const waitUntil = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

console.log(`${label}: ${JOBS} no-op jobs per run, ${SAMPLES} latency samples, polling every 1 s`);
for (const workers of [1, 4]) {
  const queue = new JobQueue(handle, { jobs: [noop], overrides: { 'bench.noop': { concurrency: workers } } });
  await queue.start();
  done = 0;
  await handle.db.transaction(async (tx) => {
    for (let i = 0; i < JOBS; i++) await queue.enqueue(tx, noop, { sentAt: 0 });
  });
  const started = now();
  await queue.startWorkers();
  await waitUntil(() => done >= JOBS);
  const seconds = (now() - started) / 1000;
  console.log(`  ${workers} worker(s): ${JOBS} jobs in ${seconds.toFixed(2)} s = ${Math.round(JOBS / seconds)} jobs/s`);

  // Latency, one job at a time on idle workers.
  for (const mode of ['wake-up', 'polling'] as const) {
    // Polling alone: sent by another queue instance, which has no workers here to wake.
    const sender = mode === 'wake-up' ? queue : new JobQueue(handle, { jobs: [noop] });
    await sender.start();
    startDelays.length = 0;
    for (let i = 0; i < SAMPLES; i++) {
      // Arrivals at random points of the workers' polling cycle.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));
      const before = done;
      await sender.enqueue(handle.db, noop, { sentAt: now() });
      await waitUntil(() => done > before);
    }
    const p50 = percentile(startDelays, 50).toFixed(1);
    const p95 = percentile(startDelays, 95).toFixed(1);
    console.log(`    enqueue → start (${mode}): median ${p50} ms, p95 ${p95} ms`);
  }
  await queue.stopWorkers();
}
await cleanup();
