import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from '../columns';
import { users } from './users';

/**
 * Identity-provider accounts (Microsoft Entra ID) linked to a Makerport user.
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
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

/**
 * Failed sign-in counters, one row per key (`email:<address>` or `ip:<address>`).
 * In the database, not in memory, because the web tier is stateless and scales out.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  lastFailureAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true, mode: 'date' }),
});
