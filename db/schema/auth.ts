import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from '../columns';
import { users } from './users';

/**
 * Identity-provider accounts (Microsoft Entra ID) linked to a Makerport user: for Entra the account
 * id is `<tid>:<oid>` (lib/auth/entra.ts), and a user has at most one account per provider.
 * Sessions are JWTs, so Auth.js needs no session or verification-token tables.
 */
export const authAccounts = pgTable(
  'auth_accounts',
  {
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.providerAccountId] }),
    uniqueIndex('auth_accounts_provider_user_key').on(t.provider, t.userId),
  ],
);

/**
 * Sign-in attempt counters, one row per key (`email:<address>` or `ip:<address>`). An attempt is
 * counted (reserved) before its password is checked and released if it succeeds (lib/auth/throttle.ts).
 * In the database, not in memory, because the web tier is stateless and scales out.
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    key: text().primaryKey(),
    /** Attempts counted in the current window (failures, and attempts still being checked). */
    failures: integer().notNull().default(0),
    /** When the last admitted attempt was counted. */
    lastFailureAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lockedUntil: timestamp({ withTimezone: true, mode: 'date' }),
    /** The attempt that last got through, so a caller can tell whether it was its own. */
    lastAttemptId: uuid(),
  },
  (t) => [index('sign_in_throttle_last_failure_idx').on(t.lastFailureAt)],
);
