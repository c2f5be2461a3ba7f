import { index, pgEnum, pgTable, smallint, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from '../columns';
import { organizations } from './organizations';
import { users } from './users';

export const resourceKind = pgEnum('resource_kind', ['connector', 'connection', 'flow']);
export const principalKind = pgEnum('principal_kind', ['user', 'group', 'everyone']);

/**
 * The one grants table of DESIGN.md §5, shared by every resource kind.
 * `principalId` is the user's id, the group's id, or — for Everyone — the organization's id,
 * so "grants held by any of my principals" is a single `principal_id = any(...)` probe.
 * `level` is the ordered integer of lib/authz/policy.ts. Owners are grants too.
 * The resource is polymorphic, so there is no foreign key on it: services delete grants
 * in the transaction that deletes the resource.
 */
export const grants = pgTable(
  'grants',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    resourceKind: resourceKind().notNull(),
    resourceId: uuid().notNull(),
    principalKind: principalKind().notNull(),
    principalId: uuid().notNull(),
    level: smallint().notNull(),
    grantedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    // Access decision and "People with access": by resource.
    uniqueIndex('grants_resource_principal_key').on(t.resourceKind, t.resourceId, t.principalId),
    // "What can I see" lists: by principal.
    index('grants_principal_idx').on(t.principalId, t.resourceKind, t.resourceId),
  ],
);

export type Grant = typeof grants.$inferSelect;
export type ResourceKind = (typeof resourceKind.enumValues)[number];
export type PrincipalKind = (typeof principalKind.enumValues)[number];
