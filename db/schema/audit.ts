import { bigint, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from '../columns';
import { organizations } from './organizations';

/** Every access change the product makes; written on the same transaction as the change. */
export const auditActions = [
  'organization.seed',
  'group.create',
  'group.member_add',
  'group.member_remove',
  'environment.role_set',
  'environment.role_remove',
  'organization.admin_add',
  'organization.admin_remove',
  'user.deactivate',
  'user.reactivate',
  'user.link_identity',
  'connector.create',
  'connector.update',
  'connector.release',
  'connector.delete',
  'connector.grant',
  'connector.grant_change',
  'connector.revoke',
  'connector.share_environments',
  'connector.unshare_environments',
  'connector.install',
  'connector.update_installed',
  'flow.create',
  'flow.update',
  'flow.turn_on',
  'flow.turn_off',
  'flow.delete',
  'connection.create',
  'connection.delete',
  'connection.grant',
  'connection.grant_change',
  'connection.revoke',
] as const;
export type AuditAction = (typeof auditActions)[number];

/**
 * Append-only: a trigger (migration 0001) refuses UPDATE and DELETE, so the log is
 * evidence, not a record the product could rewrite.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    /** Null for system acts (seeding). Not a foreign key: the log outlives the rows it names. */
    actorId: uuid(),
    action: text().$type<AuditAction>().notNull(),
    targetKind: text().notNull(),
    targetId: uuid(),
    /** The target's name at the time, so the log reads well after the target is gone. */
    targetName: text(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    // The admin center reads newest first, keyset-paginated on id (ids grow with time).
    index('audit_log_org_id_idx').on(t.organizationId, t.id.desc()),
    index('audit_log_target_idx').on(t.targetKind, t.targetId),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
