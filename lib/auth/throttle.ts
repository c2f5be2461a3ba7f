import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { signInThrottle } from '@/db/schema';

/*
 * Repeated sign-in attempts for one account or one address are slowed down: after a few free ones,
 * each further one locks the key for twice as long as the last, capped. An attempt is counted before
 * its password is checked, in one atomic statement per key, so attempts sent at once cannot all
 * read "not locked" and all be checked; a successful attempt gives its count back. Counters live in
 * the database because the web tier is stateless. An address gets more room than an account
 * (offices share addresses).
 */
const WINDOW_MS = 15 * 60 * 1000;
const MAX_LOCK_MS = 15 * 60 * 1000;
export const FREE_ATTEMPTS = { email: 5, ip: 20 } as const;

export type ThrottleKey = `email:${string}` | `ip:${string}`;

export const throttleKeys = (email: string, ip: string): { email: ThrottleKey; ip: ThrottleKey } => ({
  email: `email:${email.toLowerCase()}`,
  ip: `ip:${ip}`,
});

const kindOf = (key: ThrottleKey) => (key.startsWith('email:') ? 'email' : 'ip');

export type Reservation = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Counts one attempt against `key` unless the key is locked; locks it when the count passes the
 * free attempts. Atomic (`insert … on conflict … returning`): of many attempts at once, only as many
 * as the limit allows get `ok`.
 */
export async function reserveAttempt(tx: Queryable, key: ThrottleKey, now = new Date()): Promise<Reservation> {
  const attemptId = randomUUID();
  const free = FREE_ATTEMPTS[kindOf(key)];
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const t = sql.raw('"sign_in_throttle"');
  const expired = sql`${t}.last_failure_at < ${new Date(now.getTime() - WINDOW_MS).toISOString()}::timestamptz`;
  const locked = sql`(not (${expired}) and ${t}.locked_until > ${nowSql})`;
  const lockAfter = (count: SQL) =>
    sql`case when ${count} > ${free} then ${nowSql} + least(${MAX_LOCK_MS}, 1000 * power(2, least(${count} - ${free} - 1, 20))) * interval '1 millisecond' end`;
  const counted = sql`case when ${expired} then 1 else ${t}.failures + 1 end`;
  const [row] = await tx
    .insert(signInThrottle)
    .values({ key, failures: 1, lastFailureAt: now, lockedUntil: null, lastAttemptId: attemptId })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${locked} then ${t}.failures else ${counted} end`,
        lastFailureAt: sql`case when ${locked} then ${t}.last_failure_at else ${nowSql} end`,
        lockedUntil: sql`case when ${locked} then ${t}.locked_until else ${lockAfter(counted)} end`,
        lastAttemptId: sql`case when ${locked} then ${t}.last_attempt_id else ${attemptId}::uuid end`,
      },
    })
    .returning({ lockedUntil: signInThrottle.lockedUntil, lastAttemptId: signInThrottle.lastAttemptId });
  if (row?.lastAttemptId === attemptId) return { ok: true };
  const waitMs = (row?.lockedUntil?.getTime() ?? now.getTime()) - now.getTime();
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** Gives back an attempt counted by `reserveAttempt` that turned out not to be a failure. */
export async function releaseAttempt(tx: Queryable, key: ThrottleKey): Promise<void> {
  const free = FREE_ATTEMPTS[kindOf(key)];
  await tx
    .update(signInThrottle)
    .set({
      failures: sql`greatest(${signInThrottle.failures} - 1, 0)`,
      lockedUntil: sql`case when ${signInThrottle.failures} - 1 > ${free} then ${signInThrottle.lockedUntil} end`,
    })
    .where(eq(signInThrottle.key, key));
}

/** Clears an account's counter after a successful sign-in. */
export async function clearAttempts(tx: Queryable, key: ThrottleKey): Promise<void> {
  await tx.delete(signInThrottle).where(eq(signInThrottle.key, key));
}

/** Forgets counters whose window has passed and whose lock is over (they would restart at 1 anyway). */
export async function pruneAttempts(tx: Queryable, now = new Date()): Promise<void> {
  const before = new Date(now.getTime() - Math.max(WINDOW_MS, MAX_LOCK_MS));
  await tx.delete(signInThrottle).where(lt(signInThrottle.lastFailureAt, before));
}
