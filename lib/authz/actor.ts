import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import type { OrganizationFeatures } from '@/db/schema';
import { jsonValue, rowsOf } from '@/lib/sql';
import type { EnvironmentRoleName, RoleName } from './policy';

export interface ActorEnvironment {
  id: string;
  name: string;
  region: string;
  isDefault: boolean;
  isSensitive: boolean;
  role: RoleName;
}

/** The signed-in user as every decision sees them; loaded once per request in one query. */
export interface Actor {
  userId: string;
  name: string;
  email: string;
  kind: 'member' | 'guest';
  organizationId: string;
  organizationName: string;
  organizationRegion: string;
  features: OrganizationFeatures;
  isOrgAdmin: boolean;
  /** Groups reached through the closure (directly or transitively). */
  groupIds: string[];
  /** Environments the user works in: those they hold a role in (every one, for organization admins). */
  environments: ActorEnvironment[];
  /** The environment the switcher chose (or the default), or null when the user has none. */
  environment: ActorEnvironment | null;
  requestId?: string;
}

interface ActorRow {
  id: string;
  name: string;
  email: string;
  kind: 'member' | 'guest';
  current_environment_id: string | null;
  organization_id: string;
  organization_name: string;
  organization_region: string;
  features: OrganizationFeatures | string;
  is_org_admin: boolean;
  group_ids: string[] | string;
  environments: RawEnvironment[] | string;
}

type RawEnvironment = Omit<ActorEnvironment, 'role'> & { role: EnvironmentRoleName | null };

/**
 * Loads an active user with their organization, admin flag, closure groups and environment roles
 * in one query. Returns null for an unknown or deactivated user: their session stops working.
 */
export async function loadActor(tx: Queryable, userId: string, requestId?: string): Promise<Actor | null> {
  const result = await tx.execute(sql`
    select u.id, u.name, u.email, u.kind, u.current_environment_id,
           o.id as organization_id, o.name as organization_name, o.region as organization_region, o.features,
           exists(select 1 from organization_admins oa where oa.organization_id = o.id and oa.user_id = u.id) as is_org_admin,
           coalesce((select json_agg(c.group_id) from user_group_closure c where c.user_id = u.id), '[]'::json) as group_ids,
           coalesce((
             select json_agg(json_build_object(
                      'id', e.id, 'name', e.name, 'region', e.region,
                      'isDefault', e.is_default, 'isSensitive', e.is_sensitive, 'role', er.role)
                    order by e.is_default desc, e.name)
             from environments e
             left join environment_roles er on er.environment_id = e.id and er.user_id = u.id
             where e.organization_id = o.id
               and (er.role is not null
                    or exists(select 1 from organization_admins oa where oa.organization_id = o.id and oa.user_id = u.id))
           ), '[]'::json) as environments
    from users u
    join organizations o on o.id = u.organization_id
    where u.id = ${userId}::uuid and u.deactivated_at is null`);
  const row = rowsOf<ActorRow>(result)[0];
  if (!row) return null;
  const environments = jsonValue<RawEnvironment[]>(row.environments).map((e): ActorEnvironment => ({ ...e, role: e.role ?? 'none' }));
  const environment =
    environments.find((e) => e.id === row.current_environment_id) ?? environments.find((e) => e.isDefault) ?? environments[0] ?? null;
  return {
    userId: row.id,
    name: row.name,
    email: row.email,
    kind: row.kind,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    organizationRegion: row.organization_region,
    features: jsonValue<OrganizationFeatures>(row.features),
    isOrgAdmin: row.is_org_admin,
    groupIds: jsonValue<string[]>(row.group_ids),
    environments,
    environment,
    requestId,
  };
}

/**
 * The principals a user acts as, as a SQL set: the user, every group of the closure, and
 * Everyone (stored as the organization's id). Evaluated inside the access query itself, so a
 * decision never rests on a stale list.
 */
export function principalsOf(actor: Pick<Actor, 'userId' | 'organizationId'>): SQL {
  return sql`(select ${actor.userId}::uuid union all select ${actor.organizationId}::uuid
              union all select c.group_id from user_group_closure c where c.user_id = ${actor.userId}::uuid)`;
}
