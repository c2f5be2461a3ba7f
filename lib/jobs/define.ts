import type { z } from 'zod';
import type { Logger } from '@/lib/log';

/**
 * What a job's handler gets besides its payload. Jobs run at least once (a crash after the work
 * but before the completion is recorded runs it again), so handlers must be idempotent.
 */
export interface JobContext {
  /** pg-boss's id of this job: the same on every attempt. */
  jobId: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** True when a failure now is final (no retries left). */
  isLastAttempt: boolean;
  /** The process logger with `job` and `jobId` bound. Log ids, never payloads that may hold personal data. */
  log: Logger;
  /** Aborted when the job's timeout passes, or when its worker stops and the grace period ends: pass it on (fetch, …). */
  signal: AbortSignal;
}

export type JobHandler<T> = (payload: T, context: JobContext) => Promise<unknown>;

/**
 * How pg-boss keeps several jobs of one queue apart (applies to jobs sent with a singleton key):
 * - `standard`: no rule.
 * - `short`: at most one *queued* job per key (a second send while one waits is dropped).
 * - `singleton`: at most one *running* job per key (others wait their turn).
 * - `stately`: both.
 */
export type QueuePolicy = 'standard' | 'short' | 'singleton' | 'stately';

export interface JobOptions<T = unknown> {
  /** Retries after the first attempt fails (default 3). */
  retries?: number;
  /** Seconds before the first retry (default 10); `exponential` doubles it each time, with jitter (default true). */
  backoff?: { delaySeconds: number; exponential?: boolean };
  /** A run longer than this fails (and is retried); the handler's signal aborts (default 300 s, under 24 h). */
  timeoutSeconds?: number;
  policy?: QueuePolicy;
  /** Derives the singleton key from the payload, when `enqueue` isn't given one. */
  singletonKey?: (payload: T) => string;
  /** Jobs of this queue one process runs at once (default 1). */
  concurrency?: number;
  /** How often an idle worker looks for work, in seconds (default 1, at least 0.5). */
  pollingIntervalSeconds?: number;
  /** A job not started within this many days is dropped (default 14). */
  retentionDays?: number;
  /** A recurring run, registered when the queue is prepared (cron in `tz`, default UTC). */
  schedule?: { cron: string; payload: T; tz?: string };
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly schema: S;
  readonly handler: JobHandler<z.output<S>>;
  readonly options: Readonly<JobOptions<z.input<S>>>;
}

/** Queue names: lower-case words joined by dots or hyphens, e.g. `mail.send`, `flows.run`. */
const NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;

/**
 * Declares a background job: its queue name, the zod schema its payload must match (checked when
 * it is enqueued and again when a worker receives it), its handler and queue options. Add the
 * result to `lib/jobs/catalog.ts` so workers run it and its queue exists. Throws on a bad name or option.
 */
export function defineJob<S extends z.ZodType>(
  name: string,
  schema: S,
  handler: JobHandler<z.output<S>>,
  options: JobOptions<z.input<S>> = {},
): JobDefinition<S> {
  if (!NAME.test(name) || name.length > 100) throw new Error(`Job name "${name}" must look like "area.verb" (a-z, 0-9, - and .).`);
  const { retries, backoff, timeoutSeconds, concurrency, pollingIntervalSeconds, retentionDays } = options;
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`Job "${name}": ${what}.`);
  };
  check(retries === undefined || (Number.isInteger(retries) && retries >= 0), 'retries must be an integer ≥ 0');
  check(
    backoff === undefined || (Number.isInteger(backoff.delaySeconds) && backoff.delaySeconds >= 1),
    'backoff.delaySeconds must be an integer ≥ 1',
  );
  check(timeoutSeconds === undefined || (timeoutSeconds >= 1 && timeoutSeconds < 24 * 3600), 'timeoutSeconds must be between 1 s and 24 h');
  check(concurrency === undefined || (Number.isInteger(concurrency) && concurrency >= 1), 'concurrency must be an integer ≥ 1');
  check(pollingIntervalSeconds === undefined || pollingIntervalSeconds >= 0.5, 'pollingIntervalSeconds must be at least 0.5');
  check(retentionDays === undefined || (Number.isInteger(retentionDays) && retentionDays >= 1), 'retentionDays must be an integer ≥ 1');
  return Object.freeze({ name, schema, handler, options: Object.freeze({ ...options }) });
}

/** The options with their defaults filled in, as the queue and the workers use them. */
export function resolvedOptions(job: JobDefinition) {
  const o = job.options;
  return {
    retryLimit: o.retries ?? 3,
    retryDelay: o.backoff?.delaySeconds ?? 10,
    retryBackoff: o.backoff?.exponential ?? true,
    expireInSeconds: o.timeoutSeconds ?? 300,
    policy: o.policy ?? 'standard',
    concurrency: o.concurrency ?? 1,
    pollingIntervalSeconds: o.pollingIntervalSeconds ?? 1,
    retentionMinutes: (o.retentionDays ?? 14) * 24 * 60,
  };
}
