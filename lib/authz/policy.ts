/**
 * The permission policy of DESIGN.md §3 as data. Nothing outside lib/authz compares levels or
 * role names: code asks `can()`/`assert()`, tests enumerate this table.
 */

import type { ResourceKind } from '@/db/schema';

export type { ResourceKind };

/** Ordered integer levels, as stored in `grants.level`. Each level includes the ones below it. */
export const levels = {
  connector: { can_view: 10, can_view_share: 20, can_edit: 30, owner: 40 },
  connection: { can_use: 10, can_use_share: 20, owner: 40 },
  flow: { run_only: 10, owner: 40 },
} as const satisfies Record<ResourceKind, Record<string, number>>;

export type LevelName<K extends ResourceKind = ResourceKind> = keyof (typeof levels)[K] & string;
export type ConnectorLevel = LevelName<'connector'>;

/** Roles as the policy sees them: the environment role of the resource's environment, or none. */
export type EnvironmentRoleName = 'environment_admin' | 'environment_maker' | 'basic_user';
export type RoleName = EnvironmentRoleName | 'none';
/** Who may act whatever their grants: an organization admin, or an admin of the resource's environment. */
export type AdminRole = 'org_admin' | 'environment_admin';

interface ActionRule<K extends ResourceKind> {
  /** The lowest grant level that allows the action; null when only admins may. */
  readonly level: LevelName<K> | null;
  /** Admin roles that allow the action whatever the grants. */
  readonly admins: readonly AdminRole[];
  /**
   * The action reveals or changes the connector's document, so it is denied on a
   * closed-source installed copy to everyone (DESIGN.md §3, closed source).
   */
  readonly needsDefinition?: boolean;
}

const ADMINS = ['org_admin', 'environment_admin'] as const;

export const connectorActions = {
  /** See it in lists and open its page: name, owner, properties, operation names. */
  'connector:view': { level: 'can_view', admins: ADMINS },
  /** Create connections from it and use it in flows. */
  'connector:use': { level: 'can_view', admins: ADMINS },
  /** Read the API document: host, paths, schemas, policies, script. */
  'connector:view-definition': { level: 'can_view', admins: ADMINS, needsDefinition: true },
  /** Add, change or remove grants (up to `grantableLevel`). */
  'connector:share': { level: 'can_view_share', admins: ADMINS },
  /** Change the draft definition and properties. */
  'connector:edit': { level: 'can_edit', admins: ADMINS, needsDefinition: true },
  /** Freeze the draft as the next version. */
  'connector:release': { level: 'can_edit', admins: ADMINS, needsDefinition: true },
  /** Download the Power Platform package. */
  'connector:download': { level: 'can_edit', admins: ADMINS, needsDefinition: true },
  /** Delete it and every connection made from it. */
  'connector:delete': { level: 'owner', admins: ADMINS },
  /** Share a released version with other environments: the owner's or an organization admin's act. */
  'connector:share-environments': { level: 'owner', admins: ['org_admin'], needsDefinition: true },
  /** Move an installed copy to the newer version its source shares. */
  'connector:update-installed': { level: 'owner', admins: ADMINS },
} as const satisfies Record<string, ActionRule<'connector'>>;

export type ConnectorAction = keyof typeof connectorActions;

/**
 * Flows (DESIGN.md §3): owners do everything with a flow; run-only users may open its run page and
 * run it, nothing else. Environment and organization admins govern every flow of their scope.
 */
export const flowActions = {
  /** Open the flow at all: its name, description and trigger inputs (a run-only user's run page). */
  'flow:view': { level: 'run_only', admins: ADMINS },
  /** Start a run. */
  'flow:run': { level: 'run_only', admins: ADMINS },
  /** The definition, its connections, owners and every run. */
  'flow:view-details': { level: 'owner', admins: ADMINS },
  /** Change the definition (editor, Code view) and a step's connection to one of the actor's own. */
  'flow:edit': { level: 'owner', admins: ADMINS },
  /** Turn on and off, cancel runs, regenerate the HTTP URL. */
  'flow:manage': { level: 'owner', admins: ADMINS },
  /** Delete it with its runs. */
  'flow:delete': { level: 'owner', admins: ADMINS },
} as const satisfies Record<string, ActionRule<'flow'>>;

export type FlowAction = keyof typeof flowActions;

/**
 * Connections (DESIGN.md §3): a person's own credentials. Its owner alone changes them; those it is
 * shared with use it in their own flows (and pass it on at Can use + share). Admins govern which
 * connections exist (they see and delete them) but never use, test or share someone's credentials.
 */
export const connectionActions = {
  /** See it in lists and open its page: name, connector, owner, status; never a secret. */
  'connection:view': { level: 'can_use', admins: ADMINS },
  /** Bind it to a flow's slot and run with it; the Test tab calls with it. */
  'connection:use': { level: 'can_use', admins: [] },
  /** Test it with its stored credentials. */
  'connection:test': { level: 'can_use', admins: [] },
  /** Add, change or remove grants (up to `grantableLevel`). */
  'connection:share': { level: 'can_use_share', admins: [] },
  /** Change its credentials, or test new ones: the owner's alone. */
  'connection:edit-credentials': { level: 'owner', admins: [] },
  /** Delete it (flows using it keep an empty slot). */
  'connection:delete': { level: 'owner', admins: ADMINS },
} as const satisfies Record<string, ActionRule<'connection'>>;

export type ConnectionAction = keyof typeof connectionActions;

export const resourcePolicy = {
  connector: connectorActions,
  connection: connectionActions,
  flow: flowActions,
} as const;

// Every kind that holds grants has policy rows: one name, ResourceKind, from the schema to the Share panel.
resourcePolicy satisfies Record<ResourceKind, unknown>;
export type ResourceAction<K extends ResourceKind = ResourceKind> = keyof (typeof resourcePolicy)[K] & string;

/**
 * The highest level a grant counts at under a role (null: no cap). Basic Users use and pass on
 * what they were given but change nothing (creating and changing definitions is making);
 * a user with no role in the environment may only use (DESIGN.md §1: "use/run only").
 */
export const roleCaps = {
  connector: { environment_admin: null, environment_maker: null, basic_user: 'can_view_share', none: 'can_view' },
  // A connection is its owner's credentials whatever their role; Basic Users and people without a role use theirs too.
  connection: { environment_admin: null, environment_maker: null, basic_user: null, none: null },
  // Owners keep owning whatever their role (DESIGN.md §1: someone added as an owner without a role still works the flow).
  flow: { environment_admin: null, environment_maker: null, basic_user: null, none: null },
} as const satisfies { [K in ResourceKind]: Record<RoleName, LevelName<K> | null> };

/** The highest level a holder may hand to someone else. Owners and editors grant up to Can edit. */
export const grantableByLevel = {
  connector: { can_view: null, can_view_share: 'can_view_share', can_edit: 'can_edit', owner: 'can_edit' },
  connection: { can_use: null, can_use_share: 'can_use_share', owner: 'can_use_share' },
  flow: { run_only: null, owner: 'owner' },
} as const satisfies { [K in ResourceKind]: Record<LevelName<K>, LevelName<K> | null> };

/** What admins (who may share anything) may grant. */
// Connections: admins may not share someone's credentials (connection:share names no admin), so this never applies.
export const grantableByAdmin = { connector: 'can_edit', connection: 'can_use', flow: 'owner' } as const satisfies {
  [K in ResourceKind]: LevelName<K>;
};

/** The most the principal Everyone may receive: Everyone only ever views a connector. */
export const everyoneMax = { connector: 'can_view', connection: 'can_use', flow: 'run_only' } as const satisfies {
  [K in ResourceKind]: LevelName<K>;
};

/** On a closed-source installed copy, sharing inside the environment lets others use it, nothing more. */
export const closedSourceGrantMax = { connector: 'can_view', connection: 'owner', flow: 'owner' } as const satisfies {
  [K in ResourceKind]: LevelName<K>;
};

/** Levels that `Share` may hand out at all (the owner level is the creator's alone). */
export const shareableLevels = {
  connector: ['can_view', 'can_view_share', 'can_edit'],
  connection: ['can_use', 'can_use_share'],
  flow: ['run_only', 'owner'],
} as const satisfies { [K in ResourceKind]: readonly LevelName<K>[] };

/** Environment-scoped actions and the roles that allow them (organization admins always may). */
export const environmentActions = {
  /** Work in the environment: see it in the switcher and what is shared there. */
  'environment:view': ['environment_admin', 'environment_maker', 'basic_user'],
  /** Create connectors, connections, flows and solutions. */
  'environment:create': ['environment_admin', 'environment_maker'],
  /** Install a connector version shared with the environment. */
  'environment:install-connector': ['environment_admin', 'environment_maker'],
  /**
   * Bring people in by sharing: someone shared with who holds no role in the default environment
   * becomes an Environment Maker there (DESIGN.md §1). A Basic User's share adds no role.
   */
  'environment:add-makers-by-sharing': ['environment_admin', 'environment_maker'],
} as const satisfies Record<string, readonly EnvironmentRoleName[]>;

export type EnvironmentAction = keyof typeof environmentActions;

/** Environment actions a guest never has, whatever their role: a guest does not bring people into an environment. */
export const environmentActionsDeniedToGuests: readonly EnvironmentAction[] = ['environment:add-makers-by-sharing'];

/** Organization-scoped actions. */
export const organizationActions = {
  /** Open the admin center. */
  'organization:admin': { admin: true, members: false, guests: false },
  /** Search the directory for people and groups to share with. */
  'directory:search': { admin: true, members: true, guests: true },
  /** Find people and groups by name or prefix; without it, people are found by exact email only. */
  'directory:browse': { admin: true, members: true, guests: false },
} as const satisfies Record<string, { admin: boolean; members: boolean; guests: boolean }>;

export type OrganizationAction = keyof typeof organizationActions;

/** Display names of levels, as the Share panel shows them (DESIGN.md §6). */
export const levelLabels = {
  connector: { can_view: 'Can view', can_view_share: 'Can view + share', can_edit: 'Can edit', owner: 'Owner' },
  connection: { can_use: 'Can use', can_use_share: 'Can use + share', owner: 'Owner' },
  flow: { run_only: 'Run only', owner: 'Owner' },
} as const satisfies { [K in ResourceKind]: Record<LevelName<K>, string> };

/** What each level allows, in one line each: the Share panel's legend. */
export const levelHelp = {
  connector: {
    can_view: 'use it in connections and flows',
    can_view_share: 'also share it with others',
    can_edit: 'also change, release and download it',
    owner: 'everything, including deleting it',
  },
  connection: {
    can_use: 'use it in their own flows',
    can_use_share: 'also share it with others',
    owner: 'everything, including its credentials',
  },
  flow: { run_only: 'run it, nothing else', owner: 'everything: edit, run, share and delete it' },
} as const satisfies { [K in ResourceKind]: Record<LevelName<K>, string> };

/** Whether a stored grant level is the owner's (the creator's row, which Share never changes). */
export function isOwnerLevel<K extends ResourceKind>(kind: K, value: number): boolean {
  return value >= levelValue(kind, 'owner' as LevelName<K>);
}

export const roleLabels: Record<RoleName, string> = {
  environment_admin: 'Environment Admin',
  environment_maker: 'Environment Maker',
  basic_user: 'Basic User',
  none: 'No role',
};

/* ---------- pure decisions over the table ---------- */

/** The facts one access query returns about an actor and one resource. */
export interface AccessFacts {
  /** The highest grant level any of the actor's principals holds on the resource, or null. */
  level: number | null;
  /** The actor's role in the resource's environment. */
  role: RoleName;
  isOrgAdmin: boolean;
  /** The resource is a closed-source installed copy. */
  isClosedSource: boolean;
}

export function levelValue<K extends ResourceKind>(kind: K, name: LevelName<K>): number {
  return (levels[kind] as Record<string, number>)[name]!;
}

/** The level name for a stored integer (the highest defined level not above it), or null. */
export function levelName<K extends ResourceKind>(kind: K, value: number | null): LevelName<K> | null {
  if (value == null) return null;
  let best: LevelName<K> | null = null;
  for (const [name, v] of Object.entries(levels[kind]) as [LevelName<K>, number][]) {
    if (v <= value && (best == null || v > levelValue(kind, best))) best = name;
  }
  return best;
}

function isAdminFor(rule: { admins: readonly AdminRole[] }, facts: AccessFacts): boolean {
  return (
    (facts.isOrgAdmin && rule.admins.includes('org_admin')) ||
    (facts.role === 'environment_admin' && rule.admins.includes('environment_admin'))
  );
}

/** The grant level that counts after the role cap, or null. */
export function effectiveLevel<K extends ResourceKind>(kind: K, facts: AccessFacts): number | null {
  if (facts.level == null) return null;
  const cap = (roleCaps[kind] as Record<RoleName, LevelName<K> | null>)[facts.role];
  return cap == null ? facts.level : Math.min(facts.level, levelValue(kind, cap));
}

/** Whether the policy allows `action`; unknown actions are denied. */
export function decide<K extends ResourceKind>(kind: K, action: string, facts: AccessFacts): boolean {
  const rule = (resourcePolicy[kind] as unknown as Record<string, ActionRule<K>>)[action];
  if (!rule) return false;
  if (rule.needsDefinition && facts.isClosedSource) return false;
  if (isAdminFor(rule, facts)) return true;
  if (rule.level == null) return false;
  const level = effectiveLevel(kind, facts);
  return level != null && level >= levelValue(kind, rule.level);
}

/**
 * The highest level of grant this actor may manage (change or remove), or null when they may not
 * share: their sharing authority before any cap on what may be handed out. A closed-source copy
 * caps what is granted, never who may manage the grants already there.
 */
export function manageableLevel<K extends ResourceKind>(kind: K, facts: AccessFacts): number | null {
  const shareAction = `${kind}:share`;
  if (!decide(kind, shareAction, facts)) return null;
  const rule = (resourcePolicy[kind] as unknown as Record<string, ActionRule<K>>)[shareAction]!;
  let max: number | null = null;
  if (isAdminFor(rule, facts)) max = levelValue(kind, grantableByAdmin[kind] as unknown as LevelName<K>);
  const level = effectiveLevel(kind, facts);
  if (level != null) {
    const byLevel = (grantableByLevel[kind] as Record<string, LevelName<K> | null>)[levelName(kind, level)!];
    if (byLevel != null) max = Math.max(max ?? 0, levelValue(kind, byLevel));
  }
  return max;
}

/** The highest level this actor may grant on the resource, or null when they may not share (closed-source copies capped). */
export function grantableLevel<K extends ResourceKind>(kind: K, facts: AccessFacts): number | null {
  const max = manageableLevel(kind, facts);
  if (max != null && facts.isClosedSource) return Math.min(max, closedSourceMax(kind));
  return max;
}

/** The highest level a grant on a closed-source copy may hold. */
export function closedSourceMax<K extends ResourceKind>(kind: K): number {
  return levelValue(kind, closedSourceGrantMax[kind] as unknown as LevelName<K>);
}

/**
 * Whether an actor whose grantable maximum is `grantable` may give `principalKind` the level
 * `target` (and, when changing or removing a row, whether that row's `current` level is theirs to touch).
 */
export function mayGrant<K extends ResourceKind>(
  kind: K,
  grantable: number | null,
  principalKind: 'user' | 'group' | 'everyone',
  target: LevelName<K>,
  current?: number,
  manageable: number | null = grantable,
): boolean {
  if (grantable == null) return false;
  if (!(shareableLevels[kind] as readonly string[]).includes(target)) return false;
  const value = levelValue(kind, target);
  if (value > grantable) return false;
  if (principalKind === 'everyone' && value > levelValue(kind, everyoneMax[kind] as unknown as LevelName<K>)) return false;
  if (current != null && (current >= levelValue(kind, 'owner' as LevelName<K>) || manageable == null || current > manageable)) return false;
  return true;
}

/** Whether an actor who may manage grants up to `manageable` may remove one at `current` level. The owner's row is never removable. */
export function mayRevoke<K extends ResourceKind>(kind: K, manageable: number | null, current: number): boolean {
  if (manageable == null) return false;
  return current < levelValue(kind, 'owner' as LevelName<K>) && current <= manageable;
}

/** Whether a role in an environment allows an environment action. */
export function decideEnvironment(action: string, role: RoleName, isOrgAdmin: boolean, kind: 'member' | 'guest' = 'member'): boolean {
  const allowed = (environmentActions as Record<string, readonly EnvironmentRoleName[]>)[action];
  if (!allowed) return false;
  if (kind === 'guest' && (environmentActionsDeniedToGuests as readonly string[]).includes(action)) return false;
  if (isOrgAdmin) return true;
  return role !== 'none' && allowed.includes(role);
}

/** Whether an organization action is allowed. */
export function decideOrganization(action: string, who: { isOrgAdmin: boolean; kind: 'member' | 'guest' }): boolean {
  const rule = (organizationActions as Record<string, { admin: boolean; members: boolean; guests: boolean }>)[action];
  if (!rule) return false;
  if (who.isOrgAdmin && rule.admin) return true;
  return who.kind === 'guest' ? rule.guests : rule.members;
}
