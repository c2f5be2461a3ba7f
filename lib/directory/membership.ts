import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { groupMembers, groups, organizations, users } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit';
import { AppError, notFound } from '@/lib/errors';
import { rowsOf, sqlList } from '@/lib/sql';

/*
 * Group membership and its closure (DESIGN.md §5). Every change to `group_members` goes through
 * this file, which recomputes the closure rows of exactly the users the change can affect, on the
 * same transaction, under a per-organization row lock so concurrent changes cannot interleave.
 * Callers authorize first (only organization admins manage groups).
 */

async function lockOrganization(tx: Queryable, organizationId: string): Promise<void> {
  await tx.execute(sql`select 1 from ${organizations} where id = ${organizationId} for update`);
}

async function getGroup(tx: Queryable, organizationId: string, groupId: string) {
  const [group] = await tx
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(and(eq(groups.id, groupId), eq(groups.organizationId, organizationId)));
  if (!group) throw notFound('That group doesn’t exist.');
  return group;
}

/** Users who are members of `groupId` directly or through nested groups. */
async function usersUnder(tx: Queryable, groupId: string): Promise<string[]> {
  const result = await tx.execute(sql`
    with recursive sub(group_id) as (
      select ${groupId}::uuid
      union
      select gm.member_group_id from group_members gm join sub on gm.group_id = sub.group_id
      where gm.member_group_id is not null
    )
    select distinct gm.member_user_id as user_id
    from group_members gm join sub on gm.group_id = sub.group_id
    where gm.member_user_id is not null`);
  return rowsOf<{ user_id: string }>(result).map((r) => r.user_id);
}

/** Whether `descendantId` is `ancestorId` or sits inside it, directly or transitively. */
async function isWithin(tx: Queryable, descendantId: string, ancestorId: string): Promise<boolean> {
  const result = await tx.execute(sql`
    with recursive sub(group_id) as (
      select ${ancestorId}::uuid
      union
      select gm.member_group_id from group_members gm join sub on gm.group_id = sub.group_id
      where gm.member_group_id is not null
    )
    select exists(select 1 from sub where group_id = ${descendantId}::uuid) as found`);
  return Boolean(rowsOf<{ found: boolean }>(result)[0]?.found);
}

/**
 * Rewrites the closure rows of `userIds` from the membership edges. UNION (not UNION ALL)
 * makes the walk terminate even if a cycle ever slipped in.
 */
export async function recomputeClosure(tx: Queryable, organizationId: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const ids = [...new Set(userIds)];
  await tx.execute(sql`delete from user_group_closure where user_id in ${sqlList(ids)}`);
  await tx.execute(sql`
    insert into user_group_closure (user_id, group_id, organization_id)
    with recursive reach(user_id, group_id) as (
      select member_user_id, group_id from group_members where member_user_id in ${sqlList(ids)}
      union
      select r.user_id, gm.group_id from reach r join group_members gm on gm.member_group_id = r.group_id
    )
    select user_id, group_id, ${organizationId}::uuid from reach`);
}

/** Creates a group. */
export async function createGroup(
  tx: Queryable,
  actor: AuditActor,
  input: { name: string; description?: string },
): Promise<{ id: string; name: string }> {
  const [group] = await tx
    .insert(groups)
    .values({ organizationId: actor.organizationId, name: input.name, description: input.description ?? '' })
    .returning({ id: groups.id, name: groups.name });
  await recordAudit(tx, actor, { action: 'group.create', targetKind: 'group', targetId: group!.id, targetName: group!.name });
  return group!;
}

/** Adds a user to a group. Idempotent. Throws NOT_FOUND for ids outside the organization. */
export async function addUserToGroup(tx: Queryable, actor: AuditActor, input: { groupId: string; userId: string }): Promise<void> {
  await lockOrganization(tx, actor.organizationId);
  const group = await getGroup(tx, actor.organizationId, input.groupId);
  const [user] = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.organizationId, actor.organizationId)));
  if (!user) throw notFound('That user doesn’t exist.');
  const inserted = await tx
    .insert(groupMembers)
    .values({ organizationId: actor.organizationId, groupId: group.id, memberUserId: user.id })
    .onConflictDoNothing()
    .returning({ id: groupMembers.id });
  if (inserted.length === 0) return;
  await recomputeClosure(tx, actor.organizationId, [user.id]);
  await recordAudit(tx, actor, {
    action: 'group.member_add',
    targetKind: 'group',
    targetId: group.id,
    targetName: group.name,
    after: { memberKind: 'user', memberId: user.id, memberName: user.name },
  });
}

/** Nests `childGroupId` inside `groupId`. Refuses a cycle with CONFLICT. Idempotent. */
export async function addGroupToGroup(tx: Queryable, actor: AuditActor, input: { groupId: string; childGroupId: string }): Promise<void> {
  await lockOrganization(tx, actor.organizationId);
  const group = await getGroup(tx, actor.organizationId, input.groupId);
  const child = await getGroup(tx, actor.organizationId, input.childGroupId);
  if (await isWithin(tx, group.id, child.id)) {
    throw new AppError('CONFLICT', `“${child.name}” already contains “${group.name}”, so nesting it would make a cycle.`);
  }
  const inserted = await tx
    .insert(groupMembers)
    .values({ organizationId: actor.organizationId, groupId: group.id, memberGroupId: child.id })
    .onConflictDoNothing()
    .returning({ id: groupMembers.id });
  if (inserted.length === 0) return;
  await recomputeClosure(tx, actor.organizationId, await usersUnder(tx, child.id));
  await recordAudit(tx, actor, {
    action: 'group.member_add',
    targetKind: 'group',
    targetId: group.id,
    targetName: group.name,
    after: { memberKind: 'group', memberId: child.id, memberName: child.name },
  });
}

/** Removes a direct member (a user or a group) from a group. No-op when not a member. */
export async function removeGroupMember(
  tx: Queryable,
  actor: AuditActor,
  input: { groupId: string; userId?: string; childGroupId?: string },
): Promise<void> {
  await lockOrganization(tx, actor.organizationId);
  const group = await getGroup(tx, actor.organizationId, input.groupId);
  const memberCondition = input.userId
    ? eq(groupMembers.memberUserId, input.userId)
    : input.childGroupId
      ? eq(groupMembers.memberGroupId, input.childGroupId)
      : undefined;
  if (!memberCondition) throw new AppError('INVALID_INPUT', 'Say which member to remove.');
  // Users whose closure may shrink: the user, or everyone under the removed group.
  const affected = input.userId ? [input.userId] : await usersUnder(tx, input.childGroupId!);
  const removed = await tx
    .delete(groupMembers)
    .where(and(eq(groupMembers.groupId, group.id), memberCondition))
    .returning({ id: groupMembers.id });
  if (removed.length === 0) return;
  await recomputeClosure(tx, actor.organizationId, affected);
  await recordAudit(tx, actor, {
    action: 'group.member_remove',
    targetKind: 'group',
    targetId: group.id,
    targetName: group.name,
    before: input.userId ? { memberKind: 'user', memberId: input.userId } : { memberKind: 'group', memberId: input.childGroupId },
  });
}
