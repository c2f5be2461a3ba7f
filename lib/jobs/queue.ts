import 'server-only';
import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import PgBoss from 'pg-boss';
import type { DbHandle, Queryable } from '@/db/client';
import { log } from '@/lib/log';
import { resolvedOptions, type JobDefinition, type JobOptions } from './define';
import { executorForHandle, executorForQueryable, type SqlExecutor } from './executor';
import { QueueWorker } from './worker';

/** Per-send choices; the queue's own options (retries, backoff, timeout, policy) come from `defineJob`. */
export interface EnqueueOptions {
  /** A job id of the caller's choosing (a UUID): sending the same id twice keeps the first job. */
  id?: string;
  /** Groups jobs for the queue's policy (`short`, `singleton`, `stately`) or for `singletonSeconds`. */
  singletonKey?: string;
  /** Throttle: at most one job per singleton key in each window of this many seconds. */
  singletonSeconds?: number;
  /** Not before this time (a Date) or this many seconds from now. */
  startAfter?: Date | number;
  /** Higher runs first (default 0). */
  priority?: number;
}

export interface JobQueueOptions {
  /** Every job this queue knows; the process-wide queue uses `lib/jobs/catalog.ts`. */
  jobs: readonly JobDefinition[];
  /** Option changes by job name (tests shorten retry delays this way). */
  overrides?: Readonly<Record<string, Partial<JobOptions>>>;
  /** pg-boss's cron check and cron-worker poll, in seconds (defaults 30 and 5; tests shorten them). */
  cronMonitorIntervalSeconds?: number;
  cronWorkerIntervalSeconds?: number;
  /** pg-boss's maintenance (expire stuck jobs, archive, drop), in seconds (default 120). */
  maintenanceIntervalSeconds?: number;
}

/**
 * pg-boss on one database handle: a *client* instance that installs the schema and sends jobs
 * (it never polls, so scripts and web-only processes hold no timers), and, once `startWorkers`
 * is called, a *worker* instance that runs maintenance, cron and the worker loops.
 */
export class JobQueue {
  private readonly executor: SqlExecutor;
  private readonly client: PgBoss;
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly options: JobQueueOptions;
  private starting: Promise<void> | undefined;
  private isReady = false;
  private workerStart: Promise<void> | undefined;
  private workerBoss: PgBoss | undefined;
  private workers: QueueWorker[] = [];

  constructor(
    readonly handle: DbHandle,
    options: JobQueueOptions,
  ) {
    this.options = options;
    for (const job of options.jobs) {
      if (this.jobs.has(job.name)) throw new Error(`Two jobs are named "${job.name}".`);
      const override = options.overrides?.[job.name];
      this.jobs.set(job.name, override ? { ...job, options: { ...job.options, ...override } } : job);
    }
    this.executor = executorForHandle(handle);
    this.client = this.boss({ supervise: false, schedule: false, migrate: true });
  }

  private boss(config: { supervise: boolean; schedule: boolean; migrate: boolean }): PgBoss {
    const { cronMonitorIntervalSeconds, cronWorkerIntervalSeconds, maintenanceIntervalSeconds } = this.options;
    const intervals = definedOnly({ cronMonitorIntervalSeconds, cronWorkerIntervalSeconds, maintenanceIntervalSeconds });
    const boss = new PgBoss({ db: this.executor, ...config, ...intervals });
    // pg-boss reports maintenance and cron failures as events; an EventEmitter without a listener would throw.
    boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
    return boss;
  }

  /** Whether `start()` has finished: jobs can be enqueued. */
  get ready(): boolean {
    return this.isReady;
  }

  /**
   * Installs or migrates pg-boss's schema (under its advisory lock), creates or updates one queue
   * per job and registers the schedules jobs declare. Idempotent; run it outside any transaction.
   */
  start(): Promise<void> {
    this.starting ??= (async () => {
      await this.client.start();
      for (const job of this.jobs.values()) {
        const o = resolvedOptions(job);
        const queue = {
          name: job.name,
          policy: o.policy,
          retryLimit: o.retryLimit,
          retryDelay: o.retryDelay,
          retryBackoff: o.retryBackoff,
          expireInSeconds: o.expireInSeconds,
          retentionMinutes: o.retentionMinutes,
        };
        await this.client.createQueue(job.name, queue);
        await this.client.updateQueue(job.name, queue);
        const recurring = job.options.schedule;
        if (recurring) await this.schedule(job, recurring.cron, recurring.payload, { tz: recurring.tz });
      }
      this.isReady = true;
    })().catch((error: unknown) => {
      // A failed start (database down) may be retried.
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /**
   * Runs the workers of every job (or of `queues`) in this process, with pg-boss's maintenance
   * and cron. Calling it again while running changes nothing.
   */
  startWorkers(options: { queues?: readonly string[] } = {}): Promise<void> {
    this.workerStart ??= this.launchWorkers(options.queues ?? [...this.jobs.keys()]).catch((error: unknown) => {
      this.workerStart = undefined;
      throw error;
    });
    return this.workerStart;
  }

  private async launchWorkers(names: readonly string[]): Promise<void> {
    for (const name of names) this.job(name);
    await this.start();
    const boss = this.boss({ supervise: true, schedule: true, migrate: false });
    await boss.start();
    this.workerBoss = boss;
    for (const name of names) {
      const job = this.job(name);
      for (let i = 0; i < resolvedOptions(job).concurrency; i++) {
        const worker = new QueueWorker(boss, job, log);
        this.workers.push(worker);
        worker.start();
      }
    }
    log.info({ queues: names, driver: this.handle.driver }, 'job workers started');
  }

  /**
   * Stops the workers: no new job starts; running ones get `timeoutMs` to finish, then their
   * signal aborts and they are failed (retried if retries remain). Enqueueing keeps working.
   */
  async stopWorkers(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.workerStart?.catch(() => {});
    const boss = this.workerBoss;
    if (!boss) return;
    const workers = this.workers;
    this.workers = [];
    this.workerBoss = undefined;
    this.workerStart = undefined;
    await Promise.all(workers.map((w) => w.stop(options.timeoutMs ?? 30_000)));
    await boss.stop({ graceful: true, wait: true, timeout: 1000 });
    log.info('job workers stopped');
  }

  /** Whether this process runs (or is starting) workers. */
  get working(): boolean {
    return this.workerStart !== undefined;
  }

  /**
   * Sends a job on the caller's transaction: it exists only if that transaction commits. The
   * payload is checked against the job's schema. Returns the job id, or null when the queue's
   * policy or a singleton key dropped it as a duplicate. Throws on an unknown job or a bad payload.
   * On PGlite, pass the open transaction (never `db`) from inside a transaction: `db` would wait for it.
   */
  async enqueue(tx: Queryable, jobOrName: JobDefinition | string, payload: unknown, options: EnqueueOptions = {}): Promise<string | null> {
    const job = this.job(typeof jobOrName === 'string' ? jobOrName : jobOrName.name);
    if (!this.isReady) throw new Error('The job queue is not started: call prepareJobs() first (db/start.ts does at start).');
    const parsed = job.schema.safeParse(payload);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
      throw new Error(`Invalid payload for job "${job.name}": ${where}`);
    }
    const singletonKey = options.singletonKey ?? job.options.singletonKey?.(payload);
    const sendOptions = definedOnly({
      id: options.id,
      singletonKey,
      singletonSeconds: options.singletonSeconds,
      startAfter: options.startAfter,
      priority: options.priority,
    });
    const id = await this.client.send(job.name, payload as object, { ...sendOptions, db: executorForQueryable(tx) });
    if (id === null && !singletonKey && options.id === undefined) {
      // No rule could have dropped it: the queue row is missing (start() not run against this database).
      throw new Error(`Job "${job.name}" was not queued: its queue doesn't exist in this database.`);
    }
    // Outside a transaction the job is visible now: wake this process's idle workers.
    if (id !== null && !is(tx, PgTransaction)) this.wake(job.name);
    return id;
  }

  /** Wakes this process's idle workers of a job; call it after the transaction that enqueued commits. */
  wake(jobOrName: JobDefinition | string): void {
    const name = typeof jobOrName === 'string' ? jobOrName : jobOrName.name;
    for (const worker of this.workers) if (worker.name === name) worker.wake();
  }

  /**
   * Runs a job on a cron schedule (5 fields, minute precision, in `tz`, default UTC), replacing
   * the job's previous schedule: pg-boss keeps one schedule per queue. Every process running
   * workers checks schedules; a tick is sent once whichever process sees it first.
   */
  async schedule(jobOrName: JobDefinition | string, cron: string, payload: unknown, options: { tz?: string } = {}): Promise<void> {
    const job = this.job(typeof jobOrName === 'string' ? jobOrName : jobOrName.name);
    job.schema.parse(payload);
    await this.client.schedule(job.name, cron, payload as object, { tz: options.tz ?? 'UTC' });
  }

  /** Removes a job's schedule (a job whose `schedule` option was removed keeps firing until this runs). */
  async unschedule(jobOrName: JobDefinition | string): Promise<void> {
    await this.client.unschedule(typeof jobOrName === 'string' ? jobOrName : jobOrName.name);
  }

  /** pg-boss's view of one job (state, retries, output), for tests and diagnostics. */
  async getJob(jobOrName: JobDefinition | string, id: string) {
    const name = typeof jobOrName === 'string' ? jobOrName : jobOrName.name;
    return this.client.getJobById(name, id, { includeArchive: true });
  }

  private job(name: string): JobDefinition {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No job is named "${name}": add it to lib/jobs/catalog.ts.`);
    return job;
  }
}

/** pg-boss checks options with `'key' in options`: a key present as `undefined` fails its assertions. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
