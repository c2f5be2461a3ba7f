import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { db, type Queryable } from '@/db/client';
import { connections, connectors, flows } from '@/db/schema';
import { AppError, forbidden, notFound } from '@/lib/errors';
import { loadActor, principalsOf, type Actor, type ActorEnvironment } from './actor';
import * as policy from './policy';
import {
  decide,
  decideEnvironment,
  decideOrganization,
  effectiveLevel,
  grantableLevel,
  manageableLevel,
  levelName,
  levelValue,
  mayGrant,
  mayRevoke,
  resourcePolicy,
  type AccessFacts,
  type EnvironmentAction,
  type LevelName,
  type OrganizationAction,
  type ResourceKind,
  type ResourceAction,
  type RoleName,
} from './policy';

export type { Actor, ActorEnvironment } from './actor';
export { loadActor, principalsOf } from './actor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a string can be an id at all; anything else is simply "not found". */
export const isId = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/*
 * Per resource kind: the table, the columns an access decision hands back (metadata only: never
 * a document, a secret or anything a closed-source recipient may not see), and whether the row is
 * a closed-source copy. Adding a kind means adding it here and to policy.ts, nowhere else.
 */
const resources = {
  connector: {
    table: connectors,
    columns: {
      id: connectors.id,
      organizationId: connectors.organizationId,
      environmentId: connectors.environmentId,
      createdBy: connectors.createdBy,
      name: connectors.name,
      description: connectors.description,
      iconColor: connectors.iconColor,
      iconType: connectors.iconType,
      latestVersion: connectors.latestVersion,
      sourceKind: connectors.sourceKind,
      installedFromConnectorId: connectors.installedFromConnectorId,
      installedVersion: connectors.installedVersion,
      createdAt: connectors.createdAt,
      updatedAt: connectors.updatedAt,
    },
    // Fully qualified: these appear inside subqueries on grants, where a bare "id" would mean grants.id.
    ref: {
      id: sql.raw('"connectors"."id"'),
      environmentId: sql.raw('"connectors"."environment_id"'),
      organizationId: sql.raw('"connectors"."organization_id"'),
    },
    isClosedSource: sql<boolean>`("connectors"."source_kind" is not null and "connectors"."source_kind" = 'closed')`,
  },
  connection: {
    table: connections,
    // Metadata only: credentials are read (and unsealed) by the connection services alone.
    columns: {
      id: connections.id,
      organizationId: connections.organizationId,
      environmentId: connections.environmentId,
      createdBy: connections.createdBy,
      name: connections.displayName,
      connectorId: connections.connectorId,
      createdAt: connections.createdAt,
      updatedAt: connections.updatedAt,
    },
    ref: {
      id: sql.raw('"connections"."id"'),
      environmentId: sql.raw('"connections"."environment_id"'),
      organizationId: sql.raw('"connections"."organization_id"'),
    },
    isClosedSource: sql<boolean>`false`,
  },
  flow: {
    table: flows,
    // Metadata only: the definition is read by the services of the pages that may show it.
    columns: {
      id: flows.id,
      organizationId: flows.organizationId,
      environmentId: flows.environmentId,
      createdBy: flows.createdBy,
      name: flows.name,
      description: flows.description,
      triggerKind: flows.triggerKind,
      state: flows.state,
      createdAt: flows.createdAt,
      updatedAt: flows.updatedAt,
    },
    ref: {
      id: sql.raw('"flows"."id"'),
      environmentId: sql.raw('"flows"."environment_id"'),
      organizationId: sql.raw('"flows"."organization_id"'),
    },
    isClosedSource: sql<boolean>`false`,
  },
} as const;

/**
 * A grant's level as it counts: a grant to Everyone never counts above `everyoneMax`, even if such
 * a row were ever written, so "Everyone only views" holds in the decision itself, not only at grant time.
 */
function countedLevel<K extends ResourceKind>(kind: K): SQL {
  const max = levelValue(kind, policy.everyoneMax[kind] as unknown as LevelName<K>);
  return sql`case when g.principal_kind = 'everyone' then least(g.level, ${max}) else g.level end`;
}

type ResourceRow<K extends ResourceKind> = {
  [C in keyof (typeof resources)[K]['columns']]: (typeof resources)[K]['columns'][C] extends PgColumn<infer T>
    ? T['notNull'] extends true
      ? T['data']
      : T['data'] | null
    : never;
};

/** What the actor holds on one resource, decided from one query. */
export interface Access<K extends ResourceKind = ResourceKind> {
  facts: AccessFacts;
  /** The grant level that counts (after the role cap), by name; null when access comes from an admin role only. */
  level: LevelName<K> | null;
  /** Whether an admin role (organization or environment) gives access beyond grants. */
  isAdmin: boolean;
  /** The highest level this actor may grant, or null when they may not share. */
  grantable: LevelName<K> | null;
  /** The highest level of existing grant this actor may change or remove (not capped on a closed-source copy). */
  manageable: LevelName<K> | null;
  /** Every action of the kind, allowed or not: for the UI to show only what will work. */
  allowed: Record<ResourceAction<K>, boolean>;
}

export type Loaded<K extends ResourceKind> = ResourceRow<K> & { access: Access<K> };

function accessFrom<K extends ResourceKind>(kind: K, facts: AccessFacts): Access<K> {
  const allowed = Object.fromEntries(Object.keys(resourcePolicy[kind]).map((action) => [action, decide(kind, action, facts)])) as Record<
    ResourceAction<K>,
    boolean
  >;
  const grantable = grantableLevel(kind, facts);
  const manageable = manageableLevel(kind, facts);
  return {
    facts,
    level: levelName(kind, effectiveLevel(kind, facts)),
    isAdmin: facts.isOrgAdmin || facts.role === 'environment_admin',
    grantable: levelName(kind, grantable),
    manageable: levelName(kind, manageable),
    allowed,
  };
}

/**
 * Loads one resource with the actor's access in a single query: grants ⋈ closure (+ Everyone),
 * the environment role, the organization-admin flag and whether the actor is still active.
 * Returns null when the row does not exist, sits in another organization, or the actor is inactive.
 */
async function loadWithAccess<K extends ResourceKind>(
  tx: Queryable,
  actor: Actor,
  kind: K,
  id: string,
  lock = false,
): Promise<Loaded<K> | null> {
  if (!isId(id)) return null;
  const r = resources[kind];
  const table = r.table;
  const ref = r.ref;
  // Inside a write's transaction the grants the decision rests on are locked FOR SHARE: a revoke
  // racing the write waits for it, or, if it came first, the write sees the grant gone.
  const held = lock
    ? sql`(select max(h.level) from (select ${countedLevel(kind)} as level from grants g
        where g.resource_kind = ${kind} and g.resource_id = ${ref.id} and g.principal_id in ${principalsOf(actor)} for share of g) h)`
    : sql`(select max(${countedLevel(kind)}) from grants g
        where g.resource_kind = ${kind} and g.resource_id = ${ref.id} and g.principal_id in ${principalsOf(actor)})`;
  const [row] = await tx
    .select({
      ...r.columns,
      _level: sql<number | null>`${held}`,
      _role: sql<RoleName | null>`(select er.role from environment_roles er
        where er.environment_id = ${ref.environmentId} and er.user_id = ${actor.userId}::uuid)`,
      _isOrgAdmin: sql<boolean>`exists(select 1 from organization_admins oa
        where oa.organization_id = ${ref.organizationId} and oa.user_id = ${actor.userId}::uuid)`,
      _active: sql<boolean>`exists(select 1 from users u
        where u.id = ${actor.userId}::uuid and u.organization_id = ${ref.organizationId} and u.deactivated_at is null)`,
      _closed: r.isClosedSource,
    })
    .from(table)
    .where(and(eq(table.id, id), eq(table.organizationId, actor.organizationId)));
  if (!row || !row._active) return null;
  const { _level, _role, _isOrgAdmin, _closed, _active, ...resource } = row;
  void _active;
  const facts: AccessFacts = {
    level: _level == null ? null : Number(_level),
    role: _role ?? 'none',
    isOrgAdmin: Boolean(_isOrgAdmin),
    isClosedSource: Boolean(_closed),
  };
  return { ...(resource as unknown as ResourceRow<K>), access: accessFrom(kind, facts) };
}

export interface ResourceRef<K extends ResourceKind = ResourceKind> {
  kind: K;
  id: string;
}

/** Whether the actor may do `action` on the resource. Never throws for a missing row: that is a no. */
export async function can<K extends ResourceKind>(
  actor: Actor,
  action: ResourceAction<K>,
  ref: ResourceRef<K>,
  tx: Queryable = db,
): Promise<boolean> {
  const loaded = await loadWithAccess(tx, actor, ref.kind, ref.id);
  return loaded != null && loaded.access.allowed[action] === true;
}

/**
 * Loads the resource and checks `action`. Throws NOT_FOUND when the actor may not even see it
 * (or it does not exist, or sits in another organization), FORBIDDEN when they see it but may not act.
 */
export async function assert<K extends ResourceKind>(
  actor: Actor,
  action: ResourceAction<K>,
  ref: ResourceRef<K>,
  tx: Queryable = db,
): Promise<Loaded<K>> {
  // Given a transaction, the caller is about to write on the strength of this decision: lock its grants.
  const loaded = await loadWithAccess(tx, actor, ref.kind, ref.id, tx !== db);
  if (!loaded) throw notFound();
  const allowed = loaded.access.allowed as Record<string, boolean>;
  if (!allowed[`${ref.kind}:view`]) throw notFound();
  if (!allowed[action]) throw forbidden();
  return loaded;
}

/**
 * A SQL condition on the resource table: "the actor may do `action` on this row", for rows of one
 * environment. The same policy as `decide()`, expressed as a join: admin roles pass, otherwise a
 * grant ⋈ closure at the action's level, unless the role caps grants below it.
 */
export function allowedIn<K extends ResourceKind>(actor: Actor, kind: K, action: ResourceAction<K>, environmentId: string): SQL {
  const r = resources[kind];
  const env = actor.environments.find((e) => e.id === environmentId);
  const role: RoleName = env?.role ?? 'none';
  const rule = (resourcePolicy[kind] as Record<string, { level: string | null; admins: readonly string[]; needsDefinition?: boolean }>)[
    action
  ];
  // The organization and environment, and an actor still active in it (an uncorrelated check, evaluated once).
  const scope = sql`${r.ref.organizationId} = ${actor.organizationId}::uuid and ${r.ref.environmentId} = ${environmentId}::uuid
    and exists(select 1 from users au
      where au.id = ${actor.userId}::uuid and au.organization_id = ${actor.organizationId}::uuid and au.deactivated_at is null)`;
  if (!rule) return sql`false`;
  const source = rule.needsDefinition ? sql` and not ${r.isClosedSource}` : sql``;
  const isAdmin =
    (actor.isOrgAdmin && rule.admins.includes('org_admin')) || (role === 'environment_admin' && rule.admins.includes('environment_admin'));
  if (isAdmin) return sql`${scope}${source}`;
  if (rule.level == null) return sql`false`;
  const needed = levelValue(kind, rule.level as LevelName<K>);
  const cap = (policy.roleCaps[kind] as Record<RoleName, LevelName<K> | null>)[role];
  if (cap != null && levelValue(kind, cap) < needed) return sql`false`;
  // Written as IN over the grants a principal holds, so the planner can start from the
  // principal index (few grants) instead of probing every row of a large environment.
  return sql`${scope}${source} and ${r.ref.id} in (select g.resource_id from grants g
    where g.resource_kind = ${kind}
      and g.principal_id in ${principalsOf(actor)}
      and ${countedLevel(kind)} >= ${needed})`;
}

/**
 * The list filter for "what can I see" in one environment: the same grants ⋈ closure join as
 * `assert`, as a SQL condition. Admins of the environment (and organization admins) see everything in it.
 */
export function visibleTo<K extends ResourceKind>(actor: Actor, kind: K, environmentId: string): SQL {
  return allowedIn(actor, kind, `${kind}:view` as ResourceAction<K>, environmentId);
}

/** The actor's highest grant level on each row of a list, as a column expression (null: none). */
export function levelColumn<K extends ResourceKind>(actor: Actor, kind: K): SQL<number | null> {
  const r = resources[kind];
  return sql<number | null>`(select max(${countedLevel(kind)}) from grants g
    where g.resource_kind = ${kind} and g.resource_id = ${r.ref.id} and g.principal_id in ${principalsOf(actor)})`;
}

/** Turns a row's raw level and the actor's role into the same `Access` a single check gives. */
export function accessForListRow<K extends ResourceKind>(
  actor: Actor,
  kind: K,
  row: { environmentId: string; level: number | null; isClosedSource?: boolean },
): Access<K> {
  const role = actor.environments.find((e) => e.id === row.environmentId)?.role ?? 'none';
  return accessFrom(kind, {
    level: row.level == null ? null : Number(row.level),
    role,
    isOrgAdmin: actor.isOrgAdmin,
    isClosedSource: Boolean(row.isClosedSource),
  });
}

/**
 * Throws unless this access lets the actor give `principalKind` the level `target` (for a change,
 * `current` is the row's level now). Everyone gets only what `everyoneMax` allows; nobody hands
 * out more than they may grant; the owner's row is never changed.
 */
export function assertMayGrant<K extends ResourceKind>(
  kind: K,
  access: Access<K>,
  principalKind: 'user' | 'group' | 'everyone',
  target: LevelName<K>,
  current?: number,
): void {
  const grantable = access.grantable == null ? null : levelValue(kind, access.grantable);
  const manageable = access.manageable == null ? null : levelValue(kind, access.manageable);
  if (grantable == null) throw forbidden('You can see who has access, but you can’t share this.');
  if (!mayGrant(kind, grantable, principalKind, target, current, manageable)) {
    throw forbidden(
      principalKind === 'everyone'
        ? 'Everyone in the organization can only be given view access.'
        : current != null && current >= levelValue(kind, 'owner' as LevelName<K>)
          ? 'The owner’s access can’t be changed.'
          : 'You can’t give more access than you may share.',
    );
  }
}

/** Throws unless this access lets the actor remove a grant at `current` level. */
export function assertMayRevoke<K extends ResourceKind>(kind: K, access: Access<K>, current: number): void {
  const manageable = access.manageable == null ? null : levelValue(kind, access.manageable);
  if (!mayRevoke(kind, manageable, current)) {
    throw forbidden(current >= levelValue(kind, 'owner' as LevelName<K>) ? 'The owner can’t be removed.' : 'You can’t remove this access.');
  }
}

/**
 * Checks an environment action. An environment of another organization, or one the actor has
 * no access to, is NOT_FOUND; a known one whose role does not allow the action is FORBIDDEN.
 */
export function assertEnvironment(actor: Actor, action: EnvironmentAction, environmentId: string): ActorEnvironment {
  const env = actor.environments.find((e) => e.id === environmentId);
  if (!env) throw notFound('That environment doesn’t exist or you don’t have access to it.');
  if (!decideEnvironment(action, env.role, actor.isOrgAdmin, actor.kind)) {
    throw forbidden(
      action === 'environment:view'
        ? 'You don’t have a role in this environment.'
        : `Your role in ${env.name} (${env.role === 'none' ? 'no role' : env.role.replace('_', ' ')}) doesn’t allow that.`,
    );
  }
  return env;
}

/**
 * `assertEnvironment` against the roles as they are now, read on the caller's transaction: for
 * writes, so a role removed a moment ago is not honoured from the request's start-of-request snapshot.
 */
export async function assertEnvironmentNow(
  tx: Queryable,
  actor: Actor,
  action: EnvironmentAction,
  environmentId: string,
): Promise<ActorEnvironment> {
  const fresh = await loadActor(tx, actor.userId, actor.requestId);
  if (!fresh || fresh.organizationId !== actor.organizationId) throw notFound();
  return assertEnvironment(fresh, action, environmentId);
}

/** Whether an environment action is allowed; false for unknown environments. */
export function canInEnvironment(actor: Actor, action: EnvironmentAction, environmentId: string): boolean {
  const env = actor.environments.find((e) => e.id === environmentId);
  return env != null && decideEnvironment(action, env.role, actor.isOrgAdmin, actor.kind);
}

/** Whether an organization-wide action is allowed. */
export function canInOrganization(actor: Actor, action: OrganizationAction): boolean {
  return decideOrganization(action, actor);
}

/** Throws FORBIDDEN unless the organization-wide action is allowed. */
export function assertOrganization(actor: Actor, action: OrganizationAction): void {
  if (!decideOrganization(action, actor)) throw new AppError('FORBIDDEN');
}

export { policy };

/** What the Share panel may offer for one existing grant: whether it can be changed or removed, and to which levels. */
export interface ShareRowPermissions<K extends ResourceKind = ResourceKind> {
  canChange: boolean;
  canRemove: boolean;
  offered: LevelName<K>[];
}

/**
 * The Share panel's controls for one row, decided here so no component compares levels: a row may
 * be changed to the levels this actor may grant that kind of principal, and removed when its level
 * is within what the actor manages (never the owner's).
 */
export function shareRowPermissions<K extends ResourceKind>(
  kind: K,
  access: Access<K>,
  row: { principalKind: 'user' | 'group' | 'everyone'; level: number },
): ShareRowPermissions<K> {
  const grantable = access.grantable == null ? null : levelValue(kind, access.grantable);
  const manageable = access.manageable == null ? null : levelValue(kind, access.manageable);
  const offered = (policy.shareableLevels[kind] as readonly LevelName<K>[]).filter((target) =>
    mayGrant(kind, grantable, row.principalKind, target, row.level, manageable),
  );
  return { canChange: offered.length > 0, canRemove: mayRevoke(kind, manageable, row.level), offered };
}

/** The levels `Share` may hand a new principal of this kind. */
export function grantableLevelsFor<K extends ResourceKind>(
  kind: K,
  access: Access<K>,
  principalKind: 'user' | 'group' | 'everyone',
): LevelName<K>[] {
  const grantable = access.grantable == null ? null : levelValue(kind, access.grantable);
  return (policy.shareableLevels[kind] as readonly LevelName<K>[]).filter((target) => mayGrant(kind, grantable, principalKind, target));
}
