import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps } from '../columns';
import { organizations } from './organizations';
import { users } from './users';

export const groups = pgTable(
  'groups',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    name: text().notNull(),
    description: text().notNull().default(''),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('groups_org_name_key').on(t.organizationId, sql`lower(${t.name})`),
    index('groups_org_name_idx').on(t.organizationId, sql`lower(${t.name}) text_pattern_ops`),
  ],
);

/** Direct membership edges: a group contains a user or another group (never both in one row). */
export const groupMembers = pgTable(
  'group_members',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    groupId: uuid()
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    memberUserId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    memberGroupId: uuid().references(() => groups.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    check('group_members_one_member', sql`(${t.memberUserId} is null) <> (${t.memberGroupId} is null)`),
    uniqueIndex('group_members_user_key')
      .on(t.groupId, t.memberUserId)
      .where(sql`${t.memberUserId} is not null`),
    uniqueIndex('group_members_group_key')
      .on(t.groupId, t.memberGroupId)
      .where(sql`${t.memberGroupId} is not null`),
    index('group_members_member_user_idx').on(t.memberUserId),
    index('group_members_member_group_idx').on(t.memberGroupId),
  ],
);

/**
 * The membership closure of DESIGN.md §5: one row per (user, group reached directly or transitively).
 * Kept in the transaction that changes `group_members` (lib/directory/membership.ts), so
 * "which principals does this user act as" is one indexed read.
 */
export const userGroupClosure = pgTable(
  'user_group_closure',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    groupId: uuid()
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.groupId] }), index('user_group_closure_group_idx').on(t.groupId)],
);

export type Group = typeof groups.$inferSelect;
