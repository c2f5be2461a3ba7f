import 'server-only';
import { sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { AppError } from '@/lib/errors';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** What the person is told when refused. */
  message: string;
}

/**
 * Counts one request against `key` in a fixed window and throws LIMIT_EXCEEDED past the limit. One
 * atomic statement (`insert … on conflict … returning`), so requests sent at once are all counted.
 */
export async function consumeRateLimit(tx: Queryable, key: string, rule: RateLimit, now = new Date()): Promise<void> {
  const windowOver = sql`${rateLimits.windowStartedAt} <= ${new Date(now.getTime() - rule.windowMs).toISOString()}::timestamptz`;
  const [row] = await tx
    .insert(rateLimits)
    .values({ key, windowStartedAt: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${windowOver} then 1 else ${rateLimits.count} + 1 end`,
        windowStartedAt: sql`case when ${windowOver} then ${now.toISOString()}::timestamptz else ${rateLimits.windowStartedAt} end`,
      },
    })
    .returning({ count: rateLimits.count });
  if ((row?.count ?? 0) > rule.limit) throw new AppError('LIMIT_EXCEEDED', rule.message);
}
