import { sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { rowsOf } from '@/lib/sql';

/** Polls `check` until it returns a value that isn't undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** pg-boss's job rows of one queue (live and archived), for assertions. */
export async function jobRows(db: Queryable, name: string) {
  const result = await db.execute(sql`
    select id, state, retry_count as "retryCount", data, output from pgboss.job where name = ${name}
    union all
    select id, state, retry_count, data, output from pgboss.archive where name = ${name}`);
  return rowsOf<{ id: string; state: string; retryCount: number; data: unknown; output: { message?: string } | null }>(result);
}
