import 'server-only';
import type { z } from 'zod';
import { getDbHandle, type Queryable } from '@/db/client';
import { log } from '@/lib/log';
import type { JobDefinition } from './define';
import { JobQueue, type EnqueueOptions } from './queue';

/*
 * The process-wide job queue: one per process, on the process-wide database, knowing every job of
 * lib/jobs/catalog.ts. Kept on globalThis like the database handle, so a dev server's module
 * reloads never start a second worker set.
 */
const store = globalThis as unknown as { __makerportJobs?: JobQueue; __makerportJobsOpening?: Promise<JobQueue> };

/** Whether this process runs job workers: `MAKERPORT_WORKERS=off` makes a web-only process. Throws on another value. */
export function workersEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const value = (env.MAKERPORT_WORKERS ?? '').trim().toLowerCase();
  if (['', 'on', 'true', '1'].includes(value)) return true;
  if (['off', 'false', '0'].includes(value)) return false;
  throw new Error(`MAKERPORT_WORKERS must be "on" or "off", not "${env.MAKERPORT_WORKERS}".`);
}

/** The process-wide queue, created on first use for the process-wide database (no I/O until started). */
export async function getJobQueue(): Promise<JobQueue> {
  const handle = await getDbHandle();
  const current = store.__makerportJobs;
  if (current?.handle === handle) return current;
  store.__makerportJobsOpening ??= (async () => {
    // Imported here, not at the top: job modules import lib/jobs themselves.
    const { jobCatalog } = await import('./catalog');
    const queue = new JobQueue(handle, { jobs: jobCatalog });
    store.__makerportJobs = queue;
    return queue;
  })().finally(() => {
    store.__makerportJobsOpening = undefined;
  });
  return store.__makerportJobsOpening;
}

/** Installs a queue as the process-wide one (tests: a queue with shorter delays; undefined to forget it). */
export function setJobQueue(queue: JobQueue | undefined): void {
  store.__makerportJobs = queue;
}

/** Installs pg-boss's schema and the catalogue's queues and schedules; db/start.ts runs it at start. */
export async function prepareJobs(): Promise<JobQueue> {
  const queue = await getJobQueue();
  await queue.start();
  return queue;
}

/** Runs this process's workers (every catalogued job, or `queues`); one worker set per process. */
export async function startWorkers(options: { queues?: readonly string[] } = {}): Promise<void> {
  await (await getJobQueue()).startWorkers(options);
}

/** Stops this process's workers, giving running jobs `timeoutMs` (default 30 s) to finish. */
export async function stopWorkers(options: { timeoutMs?: number } = {}): Promise<void> {
  await store.__makerportJobs?.stopWorkers(options);
}

/**
 * Enqueues a job on the caller's transaction (it runs only if that transaction commits), after
 * checking the payload against the job's schema. Returns the job id, or null when a singleton
 * rule dropped it. Throws on an unknown job, a bad payload, or a queue not prepared.
 */
export async function enqueue<S extends z.ZodType>(
  tx: Queryable,
  job: JobDefinition<S> | string,
  payload: z.input<S>,
  options?: EnqueueOptions,
): Promise<string | null> {
  return (await getJobQueue()).enqueue(tx, job as JobDefinition | string, payload, options);
}

/** Wakes this process's idle workers of a job: call after committing a transaction that enqueued it. */
export function wakeWorkers(job: JobDefinition | string): void {
  store.__makerportJobs?.wake(job);
}

/** Runs a job on a cron schedule (minute precision, `tz` default UTC), replacing its previous schedule. */
export async function schedule<S extends z.ZodType>(
  job: JobDefinition<S> | string,
  cron: string,
  payload: z.input<S>,
  options?: { tz?: string },
): Promise<void> {
  await (await getJobQueue()).schedule(job as JobDefinition | string, cron, payload, options);
}

/** Removes a job's schedule. */
export async function unschedule(job: JobDefinition | string): Promise<void> {
  await (await getJobQueue()).unschedule(job);
}

/**
 * Starts this process's workers beside the web server (instrumentation.ts) unless
 * `MAKERPORT_WORKERS=off`. On SIGTERM/SIGINT it stops taking jobs; Next.js exits soon after, so
 * a job cut short is retried once its timeout passes (jobs are at-least-once anyway).
 */
export async function startInProcessWorkers(): Promise<void> {
  if (!workersEnabled()) {
    log.info('job workers are off in this process (MAKERPORT_WORKERS=off)');
    return;
  }
  const queue = await getJobQueue();
  if (queue.working) return;
  await queue.startWorkers();
  // With NEXT_MANUAL_SIG_HANDLE, Next.js leaves signals to the app: a listener here would keep the process alive.
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void queue.stopWorkers({ timeoutMs: 10_000 }));
  }
}
