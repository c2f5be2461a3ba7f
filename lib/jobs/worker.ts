import type PgBoss from 'pg-boss';
import type { Logger } from '@/lib/log';
import { resolvedOptions, type JobDefinition } from './define';

/**
 * One worker loop of one queue. pg-boss 10's own `work()` waits a whole polling interval after
 * every job (one job per interval per worker), doesn't await its completion writes and gives the
 * handler no abort signal; this loop uses pg-boss's fetch/complete/fail (SKIP LOCKED claim,
 * retries, backoff and expiry stay pg-boss's) and only decides when to ask again:
 * at once after a job, after the polling interval (or a wake-up) when the queue was empty.
 */
export class QueueWorker {
  private stopping = false;
  private sleeping: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  private current: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private readonly pollMs: number;

  constructor(
    private readonly boss: PgBoss,
    private readonly job: JobDefinition,
    private readonly log: Logger,
  ) {
    this.pollMs = resolvedOptions(job).pollingIntervalSeconds * 1000;
  }

  get name(): string {
    return this.job.name;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends an idle wait now: new work may be there. */
  wake(): void {
    const sleeping = this.sleeping;
    if (!sleeping) return;
    this.sleeping = undefined;
    clearTimeout(sleeping.timer);
    sleeping.resolve();
  }

  /**
   * Stops asking for work and waits up to `timeoutMs` for the job in hand; past that its signal
   * aborts and it is recorded as failed (pg-boss retries it if it has retries left) rather than
   * left to expire.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.wake();
    const timer = setTimeout(() => this.current?.abort(new Error('The worker stopped before the job finished.')), timeoutMs);
    try {
      await this.loop;
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      // pg-boss's fetch returns [] on a database error (it logs nothing): the pause below covers both.
      const [job] = await this.boss.fetch<unknown>(this.job.name, { batchSize: 1, includeMetadata: true });
      if (!job) {
        if (this.stopping) break;
        await new Promise<void>((resolve) => {
          this.sleeping = { timer: setTimeout(resolve, this.pollMs), resolve };
        });
        this.sleeping = undefined;
        continue;
      }
      // A job in hand runs even if stopping began meanwhile: it is claimed, and stop() bounds the wait.
      this.current = new AbortController();
      await this.execute(job, this.current);
      this.current = undefined;
    }
  }

  private async execute(job: PgBoss.JobWithMetadata<unknown>, controller: AbortController): Promise<void> {
    const log = this.log.child({ job: this.job.name, jobId: job.id });
    const parsed = this.job.schema.safeParse(job.data);
    if (!parsed.success) {
      // A payload that doesn't match will never match: cancel instead of retrying it.
      log.error({ issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }, 'job payload is invalid');
      await this.settle(job.id, 'cancel');
      return;
    }
    const timeoutMs = Number(job.expireInSeconds) * 1000;
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    const started = Date.now();
    try {
      const context = {
        jobId: job.id,
        attempt: job.retryCount + 1,
        isLastAttempt: job.retryCount >= job.retryLimit,
        log,
        signal: controller.signal,
      };
      const output = await Promise.race([this.job.handler(parsed.data, context), aborted(controller.signal)]);
      await this.settle(job.id, 'complete', isRecord(output) ? output : undefined);
      log.debug({ ms: Date.now() - started }, 'job done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.warn({ err: error, attempt: job.retryCount + 1, ms: Date.now() - started }, 'job failed');
      await this.settle(job.id, 'fail', { message });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Records the outcome; a failure to record is logged, and pg-boss's expiry retries the job later. */
  private async settle(jobId: string, outcome: 'complete' | 'fail' | 'cancel', data?: object): Promise<void> {
    try {
      if (outcome === 'complete') await this.boss.complete(this.job.name, jobId, data);
      else if (outcome === 'fail') await this.boss.fail(this.job.name, jobId, data);
      else await this.boss.cancel(this.job.name, jobId);
    } catch (error) {
      this.log.error({ err: error, job: this.job.name, jobId }, `could not record the job outcome (${outcome})`);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
