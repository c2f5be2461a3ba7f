import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Request counters per key and fixed window (lib/rate-limit.ts), e.g. `people-search:<user id>`.
 * In the database, not in memory, because the web tier is stateless and scales out.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  windowStartedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  count: integer().notNull(),
});
