import { sql } from 'drizzle-orm';
import { boolean, index, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps } from '../columns';
import { organizations } from './organizations';
import { users } from './users';

export const environments = pgTable(
  'environments',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    name: text().notNull(),
    /** Data-center region; the organization's unless set otherwise. */
    region: text().notNull(),
    isDefault: boolean().notNull().default(false),
    isSensitive: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('environments_org_name_key').on(t.organizationId, t.name),
    // Exactly one default environment per organization.
    uniqueIndex('environments_one_default_key')
      .on(t.organizationId)
      .where(sql`${t.isDefault}`),
  ],
);

export const environmentRole = pgEnum('environment_role', ['environment_admin', 'environment_maker', 'basic_user']);

/** At most one role per user per environment (the primary key says so). */
export const environmentRoles = pgTable(
  'environment_roles',
  {
    environmentId: uuid()
      .notNull()
      .references(() => environments.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    role: environmentRole().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.userId] }), index('environment_roles_user_idx').on(t.userId)],
);

export const organizationAdmins = pgTable(
  'organization_admins',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] }), index('organization_admins_user_idx').on(t.userId)],
);

export type Environment = typeof environments.$inferSelect;
export type EnvironmentRole = (typeof environmentRole.enumValues)[number];
