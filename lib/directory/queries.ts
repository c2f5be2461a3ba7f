import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/db/client';
import { environments, groups } from '@/db/schema';
import { canInOrganization, type Actor } from '@/lib/authz';
import { jsonValue, rowsOf } from '@/lib/sql';

/*
 * Directory reads for the admin center and the people picker. Callers authorize first
 * (lib/authz); every query is scoped to the actor's organization.
 */

export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  kind: 'member' | 'guest';
  deactivated: boolean;
  isOrgAdmin: boolean;
  roles: { environmentName: string; role: string }[];
}

export const USERS_PAGE_SIZE = 50;

/** A page of the organization's users, by name, keyset-paginated on (lower(name), id). */
export async function listUsers(tx: Queryable, actor: Actor, after?: { name: string; id: string }): Promise<DirectoryUser[]> {
  const cursor = after ? sql`and (lower(u.name), u.id) > (${after.name.toLowerCase()}, ${after.id}::uuid)` : sql``;
  const result = await tx.execute(sql`
    select u.id, u.name, u.email, u.kind, u.deactivated_at is not null as deactivated,
           exists(select 1 from organization_admins oa where oa.organization_id = u.organization_id and oa.user_id = u.id) as is_org_admin,
           coalesce((select json_agg(json_build_object('environmentName', e.name, 'role', er.role) order by e.is_default desc, e.name)
                     from environment_roles er join environments e on e.id = er.environment_id
                     where er.user_id = u.id), '[]'::json) as roles
    from users u
    where u.organization_id = ${actor.organizationId}::uuid ${cursor}
    order by lower(u.name), u.id
    limit ${USERS_PAGE_SIZE}`);
  return rowsOf<DirectoryUser & { is_org_admin: boolean; roles: unknown }>(result).map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    kind: r.kind,
    deactivated: r.deactivated,
    isOrgAdmin: r.is_org_admin,
    roles: jsonValue<DirectoryUser['roles']>(r.roles),
  }));
}

export interface DirectoryGroup {
  id: string;
  name: string;
  description: string;
  members: { kind: 'user' | 'group'; name: string }[];
  /** Everyone in it, directly or through nested groups (from the closure). */
  effectiveUserCount: number;
}

/** The organization's groups with their direct members and closure size. */
export async function listGroups(tx: Queryable, actor: Actor): Promise<DirectoryGroup[]> {
  const result = await tx.execute(sql`
    select g.id, g.name, g.description,
           coalesce((select json_agg(json_build_object('kind', case when gm.member_user_id is null then 'group' else 'user' end,
                                                       'name', coalesce(mu.name, mg.name)) order by coalesce(mu.name, mg.name))
                     from group_members gm
                     left join users mu on mu.id = gm.member_user_id
                     left join groups mg on mg.id = gm.member_group_id
                     where gm.group_id = g.id), '[]'::json) as members,
           (select count(*)::int from user_group_closure c where c.group_id = g.id) as effective_user_count
    from groups g
    where g.organization_id = ${actor.organizationId}::uuid
    order by lower(g.name)
    limit 500`);
  return rowsOf<{ id: string; name: string; description: string; members: unknown; effective_user_count: number }>(result).map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    members: jsonValue<DirectoryGroup['members']>(r.members),
    effectiveUserCount: Number(r.effective_user_count),
  }));
}

/** The organization's environments. */
export async function listEnvironments(tx: Queryable, actor: Actor) {
  return tx
    .select()
    .from(environments)
    .where(eq(environments.organizationId, actor.organizationId))
    .orderBy(sql`${environments.isDefault} desc`, asc(environments.name));
}

export interface PrincipalOption {
  kind: 'user' | 'group' | 'everyone';
  id: string;
  name: string;
  /** Email for users, description for groups. */
  detail: string;
  isGuest: boolean;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * People picker search: active users (by name, any word of the name, or email prefix), groups
 * (by name), and "Everyone in <organization>" when the query matches it. At most `limit` results,
 * straight from indexed prefix scans: never the whole directory. Without `directory:browse`
 * (guests), only a user whose email is exactly the query.
 */
export async function searchPrincipals(tx: Queryable, actor: Actor, query: string, limit = 8): Promise<PrincipalOption[]> {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  if (!canInOrganization(actor, 'directory:browse')) return findByExactEmail(tx, actor, q);
  const prefix = `${escapeLike(q)}%`;
  const word = `% ${escapeLike(q)}%`;
  const result = await tx.execute(sql`
    (select 'user' as kind, u.id, u.name, u.email as detail, u.kind = 'guest' as is_guest
       from users u
      where u.organization_id = ${actor.organizationId}::uuid and u.deactivated_at is null
        and (lower(u.name) like ${prefix} or lower(u.name) like ${word} or u.email like ${prefix})
      order by lower(u.name) limit ${limit})
    union all
    (select 'group' as kind, g.id, g.name, g.description as detail, false as is_guest
       from groups g
      where g.organization_id = ${actor.organizationId}::uuid
        and (lower(g.name) like ${prefix} or lower(g.name) like ${word})
      order by lower(g.name) limit ${limit})`);
  const options: PrincipalOption[] = rowsOf<{ kind: 'user' | 'group'; id: string; name: string; detail: string; is_guest: boolean }>(
    result,
  ).map((r) => ({ kind: r.kind, id: r.id, name: r.name, detail: r.detail, isGuest: r.is_guest }));
  const everyoneName = `Everyone in ${actor.organizationName}`;
  if (everyoneName.toLowerCase().includes(q) || 'everyone'.startsWith(q)) {
    options.unshift({
      kind: 'everyone',
      id: actor.organizationId,
      name: everyoneName,
      detail: 'All active people in the organization',
      isGuest: false,
    });
  }
  return options.slice(0, limit);
}

const emailSchema = z.email();

/** The one active user of the actor's organization whose address is exactly `email` (stored lower-case). */
async function findByExactEmail(tx: Queryable, actor: Actor, email: string): Promise<PrincipalOption[]> {
  if (!emailSchema.safeParse(email).success) return [];
  const result = await tx.execute(sql`
    select id, name, email as detail, kind = 'guest' as is_guest from users
    where organization_id = ${actor.organizationId}::uuid and email = ${email} and deactivated_at is null`);
  return rowsOf<{ id: string; name: string; detail: string; is_guest: boolean }>(result).map((r) => ({
    kind: 'user',
    id: r.id,
    name: r.name,
    detail: r.detail,
    isGuest: r.is_guest,
  }));
}

/** Looks up one principal of the actor's organization by kind and id (null when not found there). */
export async function findPrincipal(
  tx: Queryable,
  actor: Actor,
  kind: PrincipalOption['kind'],
  id: string,
): Promise<PrincipalOption | null> {
  if (kind === 'everyone') {
    return id === actor.organizationId ? { kind, id, name: `Everyone in ${actor.organizationName}`, detail: '', isGuest: false } : null;
  }
  if (kind === 'group') {
    const [g] = await tx
      .select({ id: groups.id, name: groups.name, detail: groups.description })
      .from(groups)
      .where(and(eq(groups.id, id), eq(groups.organizationId, actor.organizationId)));
    return g ? { kind, ...g, isGuest: false } : null;
  }
  const result = await tx.execute(sql`
    select id, name, email as detail, kind = 'guest' as is_guest from users
    where id = ${id}::uuid and organization_id = ${actor.organizationId}::uuid and deactivated_at is null`);
  const r = rowsOf<{ id: string; name: string; detail: string; is_guest: boolean }>(result)[0];
  return r ? { kind, id: r.id, name: r.name, detail: r.detail, isGuest: r.is_guest } : null;
}

export interface AuditItem {
  id: number;
  createdAt: Date;
  actorName: string | null;
  action: string;
  targetKind: string;
  targetId: string | null;
  targetName: string | null;
  /** Whether the target still exists (so the entry can link to it). */
  targetExists: boolean;
  environmentId: string | null;
  environmentName: string | null;
  after: unknown;
  before: unknown;
}

export const AUDIT_PAGE_SIZE = 30;

/**
 * The organization's audit log, newest first, keyset-paginated on id. Each entry comes with the
 * environment it happened in — the environment itself, the target's environment, or the one the
 * entry recorded (a deleted connector's) — and whether its target still exists, so it can link there.
 */
export async function listAudit(tx: Queryable, actor: Actor, beforeId?: number): Promise<AuditItem[]> {
  const cursor = beforeId ? sql`and a.id < ${beforeId}` : sql``;
  const result = await tx.execute(sql`
    select a.id, a.created_at, u.name as actor_name, a.action, a.target_kind, a.target_id, a.target_name, a.before, a.after,
           c.id is not null or te.id is not null as target_exists,
           e.id as environment_id, e.name as environment_name
    from audit_log a
    left join users u on u.id = a.actor_id
    left join connectors c on a.target_kind = 'connector' and c.id = a.target_id and c.organization_id = a.organization_id
    left join environments te on a.target_kind = 'environment' and te.id = a.target_id and te.organization_id = a.organization_id
    left join environments e on e.organization_id = a.organization_id and e.id = coalesce(
      te.id, c.environment_id,
      case when a.before->>'environmentId' ~* '^[0-9a-f-]{36}$' then (a.before->>'environmentId')::uuid end,
      case when a.after->>'environmentId' ~* '^[0-9a-f-]{36}$' then (a.after->>'environmentId')::uuid end)
    where a.organization_id = ${actor.organizationId}::uuid ${cursor}
    order by a.id desc
    limit ${AUDIT_PAGE_SIZE}`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    id: Number(r.id),
    createdAt: new Date(r.created_at as string),
    actorName: (r.actor_name as string | null) ?? null,
    action: r.action as string,
    targetKind: r.target_kind as string,
    targetId: (r.target_id as string | null) ?? null,
    targetName: (r.target_name as string | null) ?? null,
    targetExists: Boolean(r.target_exists),
    environmentId: (r.environment_id as string | null) ?? null,
    environmentName: (r.environment_name as string | null) ?? null,
    before: jsonValue(r.before),
    after: jsonValue(r.after),
  }));
}
