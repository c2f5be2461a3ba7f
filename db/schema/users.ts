import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { id, timestamps } from '../columns';
import { environments } from './environments';
import { organizations } from './organizations';

export const userKind = pgEnum('user_kind', ['member', 'guest']);

export const users = pgTable(
  'users',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    /** Stored lower-case; unique across the installation because sign-in is by address alone. */
    email: text().notNull(),
    name: text().notNull(),
    kind: userKind().notNull().default('member'),
    /** Null for users who only sign in through an identity provider. */
    passwordHash: text(),
    /** Set when the user left the organization: they can no longer sign in or act. */
    deactivatedAt: timestamp({ withTimezone: true, mode: 'date' }),
    /** The environment the switcher last chose, remembered per user. */
    currentEnvironmentId: uuid().references((): AnyPgColumn => environments.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    // People picker: prefix search on name and address inside one organization.
    index('users_org_name_idx').on(t.organizationId, sql`lower(${t.name}) text_pattern_ops`),
    index('users_org_email_idx').on(t.organizationId, t.email.op('text_pattern_ops')),
  ],
);

export type User = typeof users.$inferSelect;
