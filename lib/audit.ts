import 'server-only';
import { auditLog, type AuditAction } from '@/db/schema';
import type { Queryable } from '@/db/client';

/** Who did it: a signed-in user, or the system (seeding, jobs) with `userId` null. */
export interface AuditActor {
  userId: string | null;
  organizationId: string;
  requestId?: string;
}

export const systemActor = (organizationId: string): AuditActor => ({ userId: null, organizationId });

export interface AuditEntryInput {
  action: AuditAction;
  targetKind: string;
  targetId?: string | null;
  targetName?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends to the audit log on the caller's transaction, so the record and the change commit
 * or roll back together. Callers pass the transaction that made the change, never `db`.
 */
export async function recordAudit(tx: Queryable, actor: AuditActor, entry: AuditEntryInput): Promise<void> {
  await tx.insert(auditLog).values({
    organizationId: actor.organizationId,
    actorId: actor.userId,
    action: entry.action,
    targetKind: entry.targetKind,
    targetId: entry.targetId ?? null,
    targetName: entry.targetName ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: actor.requestId ?? null,
  });
}
