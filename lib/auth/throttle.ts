import 'server-only';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { signInThrottle } from '@/db/schema';

/*
 * Repeated sign-in failures for one account or one address are slowed down: after a few free
 * attempts each further failure doubles a lock-out, capped. Counters live in the database because
 * the web tier is stateless. An address gets more room than an account (offices share addresses).
 */
const WINDOW_MS = 15 * 60 * 1000;
const MAX_LOCK_MS = 15 * 60 * 1000;
const FREE_FAILURES = { email: 5, ip: 20 } as const;

export type ThrottleKey = `email:${string}` | `ip:${string}`;

export const throttleKeys = (email: string, ip: string): ThrottleKey[] => [`email:${email.toLowerCase()}`, `ip:${ip}`];

/** Seconds until these keys may try again, or 0 when they may now. */
export async function secondsUntilAllowed(tx: Queryable, keys: ThrottleKey[], now = new Date()): Promise<number> {
  const rows = await tx.select({ lockedUntil: signInThrottle.lockedUntil }).from(signInThrottle).where(inArray(signInThrottle.key, keys));
  let wait = 0;
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil > now) wait = Math.max(wait, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000));
  }
  return wait;
}

function lockFor(kind: 'email' | 'ip', failures: number): number {
  const over = failures - FREE_FAILURES[kind];
  if (over <= 0) return 0;
  return Math.min(MAX_LOCK_MS, 1000 * 2 ** Math.min(over - 1, 20));
}

/** Counts a failure against each key and sets its lock-out. */
export async function recordFailure(tx: Queryable, keys: ThrottleKey[], now = new Date()): Promise<void> {
  for (const key of keys) {
    const kind = key.startsWith('email:') ? 'email' : 'ip';
    // Reset the count when the last failure is older than the window.
    const [row] = await tx
      .insert(signInThrottle)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: sql`case when ${signInThrottle.lastFailureAt} < ${new Date(now.getTime() - WINDOW_MS).toISOString()}::timestamptz then 1 else ${signInThrottle.failures} + 1 end`,
          lastFailureAt: now,
        },
      })
      .returning({ failures: signInThrottle.failures });
    const ms = lockFor(kind, row!.failures);
    if (ms > 0) {
      await tx
        .update(signInThrottle)
        .set({ lockedUntil: new Date(now.getTime() + ms) })
        .where(eq(signInThrottle.key, key));
    }
  }
}

/** Clears an account's counter after a successful sign-in (the address keeps its count). */
export async function recordSuccess(tx: Queryable, email: string): Promise<void> {
  await tx.delete(signInThrottle).where(eq(signInThrottle.key, `email:${email.toLowerCase()}`));
}
