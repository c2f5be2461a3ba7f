import 'server-only';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import type { ConnectorDefinition, editDefinition, readConnectorUpload } from './definition';
import type { ParseJob, ParseReply } from './parse-worker';

/*
 * Uploads are read off the request's event loop: a small pool of worker threads, each with a heap
 * limit, each parse with a time limit (past it the worker is terminated and replaced), a bounded
 * queue, and at most a few parses per person at once. A document built to be expensive then costs
 * one worker for a bounded time, and everyone else's requests keep being answered.
 */

export interface ParseLimits {
  workers: number;
  queue: number;
  perUser: number;
  timeMs: number;
  heapMb: number;
}

export const parseLimits: Readonly<ParseLimits> = {
  /** Worker threads reading at once (the machine has 2 cores). */
  workers: 2,
  /** Parses waiting for a worker before new ones are turned away. */
  queue: 16,
  /** Parses one person may have running or waiting. */
  perUser: 2,
  /** One parse; the slowest of the 1,010 public connector packages takes about 0.3 s. */
  timeMs: 15_000,
  /** Heap of one worker; the largest public package needs well under 100 MB. */
  heapMb: 384,
};

interface Pending {
  job: ParseJob;
  resolve: (definition: ConnectorDefinition) => void;
  reject: (error: unknown) => void;
}

/**
 * The worker's entry, found at run time from the project folder: built from parts so the bundler
 * doesn't follow it (the worker runs the TypeScript services through tsx, outside the bundle).
 */
function workerEntry(): string {
  const parts = ['lib', 'connectors', 'parse-worker.mjs'];
  return path.resolve(process.cwd(), ...parts.map((part) => String(part)));
}

class ParsePool {
  private idle: Worker[] = [];
  private running = 0;
  private waiting: Pending[] = [];
  private perUser = new Map<string, number>();

  constructor(private readonly limits: Readonly<ParseLimits>) {}

  run(job: ParseJob, userId: string): Promise<ConnectorDefinition> {
    const mine = this.perUser.get(userId) ?? 0;
    if (mine >= this.limits.perUser) {
      return Promise.reject(
        new AppError('LIMIT_EXCEEDED', `You already have ${mine} uploads being read. Wait for them to finish, then try again.`),
      );
    }
    if (this.waiting.length >= this.limits.queue) {
      return Promise.reject(new AppError('LIMIT_EXCEEDED', 'Makerport is reading many uploads right now. Try again in a minute.'));
    }
    this.perUser.set(userId, mine + 1);
    const release = () => {
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
    };
    return new Promise<ConnectorDefinition>((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.next();
    }).finally(release);
  }

  private spawn(): Worker {
    const worker = new Worker(workerEntry(), {
      execArgv: ['--conditions=react-server'],
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    // An idle worker never keeps the process alive.
    worker.unref();
    return worker;
  }

  private next(): void {
    while (this.waiting.length && this.running < this.limits.workers) {
      const pending = this.waiting.shift()!;
      this.running++;
      const worker = this.idle.pop() ?? this.spawn();
      this.dispatch(worker, pending);
    }
  }

  private dispatch(worker: Worker, pending: Pending): void {
    let settled = false;
    const finish = (healthy: boolean) => {
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      this.running--;
      if (healthy) this.idle.push(worker);
      else void worker.terminate();
      this.next();
    };
    const timer = setTimeout(() => {
      if (settled) return;
      finish(false);
      log.warn({ limitMs: this.limits.timeMs }, 'connector parse timed out; worker terminated');
      pending.reject(
        new AppError('LIMIT_EXCEEDED', `This definition takes more than ${this.limits.timeMs / 1000} s to read, so it was refused.`),
      );
    }, this.limits.timeMs);
    const onMessage = (reply: ParseReply) => {
      if (settled) return;
      finish(true);
      if (reply.ok) pending.resolve({ ...reply.definition, icon: reply.definition.icon ? Buffer.from(reply.definition.icon) : null });
      else if (reply.error.code === 'INTERNAL') pending.reject(new Error(reply.error.message));
      else pending.reject(new AppError(reply.error.code, reply.error.message, { detail: reply.error.detail }));
    };
    const onError = (error: Error & { code?: string }) => {
      if (settled) return;
      finish(false);
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        pending.reject(
          new AppError('LIMIT_EXCEEDED', 'This definition needs more memory to read than Makerport allows, so it was refused.'),
        );
      } else pending.reject(error);
    };
    const onExit = (code: number) => onError(Object.assign(new Error(`The parse worker stopped (exit ${code}).`), { code: 'EXITED' }));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(pending.job);
  }

  /** Stops every idle worker (tests). */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }
}

const store = globalThis as unknown as { __makerportParsePool?: ParsePool };

/** The process-wide pool (kept on globalThis so a dev server's reloads don't start another). */
export function parsePool(): ParsePool {
  store.__makerportParsePool ??= new ParsePool(parseLimits);
  return store.__makerportParsePool;
}

/** A pool with other limits (tests: a short time limit, a small heap). */
export function createParsePool(limits: Partial<ParseLimits> = {}): ParsePool {
  return new ParsePool({ ...parseLimits, ...limits });
}

/** `readConnectorUpload` on a worker thread, within the pool's limits. */
export function readConnectorUploadOffThread(input: Parameters<typeof readConnectorUpload>[0], userId: string) {
  return parsePool().run({ kind: 'upload', input }, userId);
}

/** `editDefinition` (which may parse a replaced document) on a worker thread. */
export function editDefinitionOffThread(
  current: ConnectorDefinition,
  edit: Parameters<typeof editDefinition>[1],
  userId: string,
): Promise<ConnectorDefinition> {
  return parsePool().run({ kind: 'edit', current, edit }, userId);
}
