import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { environments, grants, type AuditAction, type ResourceKind } from '@/db/schema';
import { recordAudit } from '@/lib/audit';
import { assertMayGrant, assertMayRevoke, canInEnvironment, policy, type Access, type Actor } from '@/lib/authz';
import { findPrincipal } from '@/lib/directory/queries';
import { notFound } from '@/lib/errors';
import { rowsOf } from '@/lib/sql';

/*
 * The Share panel's service, for every resource kind: list, grant, change and revoke grants.
 * The caller has loaded the resource through `authz.assert(actor, '<kind>:share', …)` and passes
 * it in; each change re-checks the level rules here and writes the audit row on the same transaction.
 */

export interface SharedResource<K extends policy.ResourceKind = policy.ResourceKind> {
  kind: K;
  id: string;
  name: string;
  environmentId: string;
  access: Access<K>;
}

export interface AccessRow {
  principalKind: 'user' | 'group' | 'everyone';
  principalId: string;
  name: string;
  /** Email for people. */
  detail: string | null;
  isGuest: boolean;
  isDeactivated: boolean;
  level: number;
  levelName: string;
  isOwner: boolean;
}

/** Everyone with access to one resource, owner first: one query. */
export async function listAccess<K extends policy.ResourceKind>(
  tx: Queryable,
  actor: Actor,
  kind: K,
  resourceId: string,
): Promise<AccessRow[]> {
  const result = await tx.execute(sql`
    select g.principal_kind, g.principal_id, g.level,
           case g.principal_kind when 'user' then u.name when 'group' then gr.name else 'Everyone in ' || o.name end as name,
           case g.principal_kind when 'user' then u.email when 'group' then nullif(gr.description, '') else null end as detail,
           coalesce(u.kind = 'guest', false) as is_guest,
           coalesce(u.deactivated_at is not null, false) as is_deactivated
    from grants g
    left join users u on g.principal_kind = 'user' and u.id = g.principal_id
    left join groups gr on g.principal_kind = 'group' and gr.id = g.principal_id
    left join organizations o on g.principal_kind = 'everyone' and o.id = g.principal_id
    where g.resource_kind = ${kind} and g.resource_id = ${resourceId}::uuid and g.organization_id = ${actor.organizationId}::uuid
    order by g.level desc, g.principal_kind = 'everyone' desc, lower(coalesce(u.name, gr.name, o.name))`);
  return rowsOf<{
    principal_kind: AccessRow['principalKind'];
    principal_id: string;
    level: number;
    name: string;
    detail: string | null;
    is_guest: boolean;
    is_deactivated: boolean;
  }>(result).map((r) => ({
    principalKind: r.principal_kind,
    principalId: r.principal_id,
    name: r.name,
    detail: r.detail,
    isGuest: r.is_guest,
    isDeactivated: r.is_deactivated,
    level: Number(r.level),
    levelName: policy.levelName(kind, Number(r.level)) ?? 'none',
    isOwner: policy.isOwnerLevel(kind, Number(r.level)),
  }));
}

async function currentGrant(tx: Queryable, kind: policy.ResourceKind, resourceId: string, principalId: string) {
  const [row] = await tx
    .select({ id: grants.id, level: grants.level })
    .from(grants)
    .where(and(eq(grants.resourceKind, kind), eq(grants.resourceId, resourceId), eq(grants.principalId, principalId)))
    .for('update');
  return row ?? null;
}

/**
 * DESIGN.md §1: a user shared into an environment they hold no role in becomes an Environment
 * Maker there if it is the default environment and the sharer may bring people in
 * (`environment:add-makers-by-sharing`); elsewhere, or when the sharer may not, they get no role
 * (use/run only). Returns what the sharer should be told when the recipient got no role in the
 * default environment because of who shared.
 */
async function addToDefaultEnvironment(
  tx: Queryable,
  actor: Actor,
  environmentId: string,
  userId: string,
  userName: string,
): Promise<string | null> {
  if (!canInEnvironment(actor, 'environment:add-makers-by-sharing', environmentId)) {
    const [left] = rowsOf<{ name: string }>(
      await tx.execute(sql`
        select e.name from environments e
        where e.id = ${environmentId}::uuid and e.is_default
          and not exists (select 1 from environment_roles er where er.environment_id = e.id and er.user_id = ${userId}::uuid)`),
    );
    return left
      ? `${userName} has no role in ${left.name}, so they can use what you shared but can’t create anything there. An Environment Maker or Admin of ${left.name} can give them a role.`
      : null;
  }
  const inserted = await tx.execute(sql`
    insert into environment_roles (environment_id, user_id, organization_id, role)
    select e.id, ${userId}::uuid, e.organization_id, 'environment_maker'
    from environments e
    where e.id = ${environmentId}::uuid and e.is_default
    on conflict do nothing
    returning environment_id`);
  if (rowsOf(inserted).length > 0) {
    const [env] = await tx.select({ name: environments.name }).from(environments).where(eq(environments.id, environmentId));
    await recordAudit(tx, actor, {
      action: 'environment.role_set',
      targetKind: 'environment',
      targetId: environmentId,
      targetName: env?.name,
      after: { userId, userName, role: 'environment_maker', reason: 'shared into the default environment' },
    });
  }
  return null;
}

/** What a grant did, for the sharer: the principal's kind, and a note when the recipient got no role where they might expect one. */
export interface GrantOutcome {
  principalKind: AccessRow['principalKind'];
  note: string | null;
}

/** Shares the resource with a principal at a level (or changes their level if they already have one). */
export async function grantAccess<K extends policy.ResourceKind>(
  tx: Queryable,
  actor: Actor,
  resource: SharedResource<K>,
  input: { principalKind: AccessRow['principalKind']; principalId: string; level: policy.LevelName<K> },
): Promise<GrantOutcome> {
  const principal = await findPrincipal(tx, actor, input.principalKind, input.principalId);
  if (!principal) throw notFound('That person or group doesn’t exist in your organization.');
  const existing = await currentGrant(tx, resource.kind, resource.id, principal.id);
  assertMayGrant(resource.kind, resource.access, principal.kind, input.level, existing?.level);
  const level = policy.levelValue(resource.kind, input.level);
  if (existing?.level === level) return { principalKind: principal.kind, note: null };
  let note: string | null = null;
  if (existing) {
    await tx.update(grants).set({ level, grantedBy: actor.userId }).where(eq(grants.id, existing.id));
  } else {
    await tx.insert(grants).values({
      organizationId: actor.organizationId,
      resourceKind: resource.kind,
      resourceId: resource.id,
      principalKind: principal.kind,
      principalId: principal.id,
      level,
      grantedBy: actor.userId,
    });
    if (principal.kind === 'user') note = await addToDefaultEnvironment(tx, actor, resource.environmentId, principal.id, principal.name);
  }
  await recordAudit(tx, actor, {
    action: `${resource.kind}.${existing ? 'grant_change' : 'grant'}` as AuditAction,
    targetKind: resource.kind,
    targetId: resource.id,
    targetName: resource.name,
    before: existing
      ? {
          principalKind: principal.kind,
          principalId: principal.id,
          principalName: principal.name,
          level: policy.levelName(resource.kind, existing.level),
        }
      : null,
    after: {
      principalKind: principal.kind,
      principalId: principal.id,
      principalName: principal.name,
      level: input.level,
      isGuest: principal.isGuest,
    },
  });
  return { principalKind: principal.kind, note };
}

/** Changes an existing grant's level. NOT_FOUND when the principal holds none. */
export async function changeAccess<K extends policy.ResourceKind>(
  tx: Queryable,
  actor: Actor,
  resource: SharedResource<K>,
  input: { principalId: string; level: policy.LevelName<K> },
): Promise<void> {
  const [row] = await tx
    .select({ id: grants.id, level: grants.level, principalKind: grants.principalKind })
    .from(grants)
    .where(and(eq(grants.resourceKind, resource.kind), eq(grants.resourceId, resource.id), eq(grants.principalId, input.principalId)))
    .for('update');
  if (!row) throw notFound('That access was already removed. Reload to see who has access now.');
  await grantAccess(tx, actor, resource, { principalKind: row.principalKind, principalId: input.principalId, level: input.level });
}

/** Removes a principal's access. The owner's grant is never removed. */
export async function revokeAccess<K extends policy.ResourceKind>(
  tx: Queryable,
  actor: Actor,
  resource: SharedResource<K>,
  input: { principalId: string },
): Promise<void> {
  const existing = await currentGrant(tx, resource.kind, resource.id, input.principalId);
  if (!existing) throw notFound('That access was already removed. Reload to see who has access now.');
  assertMayRevoke(resource.kind, resource.access, existing.level);
  const [removed] = await tx.delete(grants).where(eq(grants.id, existing.id)).returning({ principalKind: grants.principalKind });
  const [named] = rowsOf<{ name: string }>(
    await tx.execute(sql`select coalesce((select name from users where id = ${input.principalId}::uuid),
                                         (select name from groups where id = ${input.principalId}::uuid),
                                         'Everyone') as name`),
  );
  await recordAudit(tx, actor, {
    action: `${resource.kind}.revoke` as AuditAction,
    targetKind: resource.kind,
    targetId: resource.id,
    targetName: resource.name,
    before: {
      principalKind: removed?.principalKind,
      principalId: input.principalId,
      principalName: named?.name,
      level: policy.levelName(resource.kind, existing.level),
    },
  });
}

/** The owner grant of a new resource: the creator, at the owner level. */
export async function grantOwner<K extends policy.ResourceKind>(tx: Queryable, actor: Actor, kind: K, resourceId: string): Promise<void> {
  await tx.insert(grants).values({
    organizationId: actor.organizationId,
    resourceKind: kind,
    resourceId,
    principalKind: 'user',
    principalId: actor.userId,
    level: policy.levelValue(kind, 'owner' as policy.LevelName<K>),
    grantedBy: actor.userId,
  });
}

/** Removes every grant of resources being deleted (grants have no foreign key to them). */
export async function deleteGrantsOf(tx: Queryable, kind: ResourceKind, resourceIds: string[]): Promise<void> {
  if (resourceIds.length === 0) return;
  await tx.execute(
    sql`delete from grants where resource_kind = ${kind} and resource_id in (${sql.join(
      resourceIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
}

/**
 * Lowers every grant above `max` (the owner's excepted) to `max`, with an audit row each, on the
 * caller's transaction: for a copy that turns closed source, whose grants may then hold no more
 * than the closed-source maximum. Returns how many grants were lowered.
 */
export async function lowerGrantsTo<K extends policy.ResourceKind>(
  tx: Queryable,
  actor: Actor,
  resource: { kind: K; id: string; name: string },
  max: policy.LevelName<K>,
  reason: string,
): Promise<number> {
  const maxValue = policy.levelValue(resource.kind, max);
  const ownerValue = policy.levelValue(resource.kind, 'owner' as policy.LevelName<K>);
  const lowered = rowsOf<{ principal_kind: AccessRow['principalKind']; principal_id: string; before: number; name: string | null }>(
    await tx.execute(sql`
      with old as (
        select id, level from grants
        where resource_kind = ${resource.kind} and resource_id = ${resource.id}::uuid
          and level > ${maxValue} and level < ${ownerValue}
        for update
      )
      update grants g set level = ${maxValue}, granted_by = ${actor.userId}::uuid
      from old
      where g.id = old.id
      returning g.principal_kind, g.principal_id, old.level as before,
        coalesce((select name from users where id = g.principal_id), (select name from groups where id = g.principal_id), 'Everyone') as name`),
  );
  for (const row of lowered) {
    await recordAudit(tx, actor, {
      action: `${resource.kind}.grant_change` as AuditAction,
      targetKind: resource.kind,
      targetId: resource.id,
      targetName: resource.name,
      before: {
        principalKind: row.principal_kind,
        principalId: row.principal_id,
        principalName: row.name,
        level: policy.levelName(resource.kind, Number(row.before)),
      },
      after: { principalKind: row.principal_kind, principalId: row.principal_id, principalName: row.name, level: max, reason },
    });
  }
  return lowered.length;
}
