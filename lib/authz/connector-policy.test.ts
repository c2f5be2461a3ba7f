import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createConnectorRow,
  createEnvironment,
  createGroupRow,
  createOrganization,
  createUser,
  insertGrant,
  makeOrgAdmin,
  setRole,
  setupTestDatabase,
} from '@/db/testing';
import { connectors } from '@/db/schema';
import { systemActor } from '@/lib/audit';
import { addGroupToGroup, addUserToGroup } from '@/lib/directory/membership';
import { AppError } from '@/lib/errors';
import { changeAccess, grantAccess, revokeAccess } from '@/lib/sharing/grants';
import { loadActor, type Actor } from './actor';
import { allowedIn, assert, can } from './index';
import {
  connectorActions,
  everyoneMax,
  grantableByAdmin,
  grantableByLevel,
  levels,
  roleCaps,
  shareableLevels,
  type ConnectorAction,
  type ConnectorLevel,
  type RoleName,
  closedSourceGrantMax,
  grantableLevel,
  manageableLevel,
  mayRevoke,
} from './policy';

/*
 * The connector policy of DESIGN.md §3, tested from the policy table: every level × every action ×
 * every way of holding access, against the real database (grants ⋈ closure, roles, organizations).
 * The expected answer is computed from the table by `expected()` below, never written by hand.
 */

const t = setupTestDatabase();

const LEVELS = Object.keys(levels.connector) as ConnectorLevel[];
const ACTIONS = Object.keys(connectorActions) as ConnectorAction[];
const PATHS = [
  'direct',
  'group',
  'nested group',
  'everyone',
  'guest',
  'deactivated',
  'other organization',
  'basic user',
  'no role',
] as const;
type Path = (typeof PATHS)[number];

const value = (level: ConnectorLevel) => levels.connector[level];

/** How a path reaches the connector: the principal holding the grant and the holder's role. */
const roleOf = (path: Path): RoleName => (path === 'basic user' ? 'basic_user' : path === 'no role' ? 'none' : 'environment_maker');

/** The policy table's answer for a level held through a path. */
function expected(level: ConnectorLevel, path: Path, action: ConnectorAction, closedSource = false): boolean {
  if (path === 'deactivated' || path === 'other organization') return false;
  const rule = connectorActions[action];
  if (closedSource && 'needsDefinition' in rule && rule.needsDefinition) return false;
  let held: number = value(level);
  if (path === 'everyone') held = Math.min(held, value(everyoneMax.connector));
  const cap = roleCaps.connector[roleOf(path)];
  if (cap) held = Math.min(held, value(cap));
  return rule.level != null && held >= value(rule.level);
}

interface Case {
  level: ConnectorLevel;
  path: Path;
  actor: Actor;
  connectorId: string;
}

describe('connector access policy', () => {
  const cases: Case[] = [];
  const closedCases: Case[] = [];
  let orgId: string;
  let envId: string;
  let envAdmin: Actor;
  let orgAdmin: Actor;
  let noGrantMaker: Actor;
  let adminTargetId: string;
  let closedAdminTargetId: string;

  /** A Makerport actor for a user row, even a deactivated or foreign one (as a stale session would carry). */
  async function actorFor(
    user: { id: string; organizationId: string; name: string; email: string; kind: 'member' | 'guest' },
    orgIdForActor = user.organizationId,
  ): Promise<Actor> {
    const loaded = await loadActor(t.db, user.id);
    return (
      loaded ?? {
        userId: user.id,
        name: user.name,
        email: user.email,
        kind: user.kind,
        organizationId: orgIdForActor,
        organizationName: 'stale',
        organizationRegion: 'westeurope',
        features: {},
        isOrgAdmin: false,
        groupIds: [],
        environments: [],
        environment: null,
      }
    );
  }

  beforeAll(async () => {
    const org = await createOrganization(t.db, { closedSourceSharing: true });
    const other = await createOrganization(t.db);
    orgId = org.id;
    const env = await createEnvironment(t.db, org.id, { isDefault: true });
    envId = env.id;
    const owner = await createUser(t.db, org.id, { name: 'Owner' });
    await setRole(t.db, org.id, env.id, owner.id, 'environment_maker');
    const system = systemActor(org.id);

    for (const closedSource of [false, true]) {
      for (const level of LEVELS) {
        for (const path of PATHS) {
          if (closedSource && path !== 'direct' && path !== 'basic user') continue;
          const user =
            path === 'other organization'
              ? await createUser(t.db, other.id)
              : await createUser(t.db, org.id, { kind: path === 'guest' ? 'guest' : 'member', deactivated: path === 'deactivated' });
          if (path !== 'no role' && path !== 'other organization')
            await setRole(t.db, org.id, env.id, user.id, path === 'basic user' ? 'basic_user' : 'environment_maker');
          const connector = await createConnectorRow(t.db, {
            organizationId: org.id,
            environmentId: env.id,
            createdBy: owner.id,
            sourceKind: closedSource ? 'closed' : undefined,
          });
          let principal: { kind: 'user' | 'group' | 'everyone'; id: string } = { kind: 'user', id: user.id };
          if (path === 'group') {
            const group = await createGroupRow(t.db, org.id);
            await t.db.transaction((tx) => addUserToGroup(tx, system, { groupId: group.id, userId: user.id }));
            principal = { kind: 'group', id: group.id };
          } else if (path === 'nested group') {
            const outer = await createGroupRow(t.db, org.id);
            const inner = await createGroupRow(t.db, org.id);
            await t.db.transaction(async (tx) => {
              await addGroupToGroup(tx, system, { groupId: outer.id, childGroupId: inner.id });
              await addUserToGroup(tx, system, { groupId: inner.id, userId: user.id });
            });
            principal = { kind: 'group', id: outer.id };
          } else if (path === 'everyone') {
            // Everyone only ever receives Can view through the service; rows above it are written
            // here on purpose, to prove the decision itself never counts them higher.
            principal = { kind: 'everyone', id: org.id };
            // Keep this connector out of other users' reach: Everyone here is the whole org.
          }
          await insertGrant(t.db, {
            organizationId: org.id,
            resourceKind: 'connector',
            resourceId: connector.id,
            principalKind: principal.kind,
            principalId: principal.id,
            level: value(level),
          });
          const entry = {
            level,
            path,
            actor: await actorFor(user, path === 'other organization' ? other.id : org.id),
            connectorId: connector.id,
          };
          (closedSource ? closedCases : cases).push(entry);
        }
      }
    }

    const adminUser = await createUser(t.db, org.id);
    await setRole(t.db, org.id, env.id, adminUser.id, 'environment_admin');
    envAdmin = (await loadActor(t.db, adminUser.id))!;
    const orgAdminUser = await createUser(t.db, org.id);
    await makeOrgAdmin(t.db, org.id, orgAdminUser.id);
    orgAdmin = (await loadActor(t.db, orgAdminUser.id))!;
    const plainMaker = await createUser(t.db, org.id);
    await setRole(t.db, org.id, env.id, plainMaker.id, 'environment_maker');
    noGrantMaker = (await loadActor(t.db, plainMaker.id))!;
    adminTargetId = (await createConnectorRow(t.db, { organizationId: org.id, environmentId: env.id, createdBy: owner.id })).id;
    closedAdminTargetId = (
      await createConnectorRow(t.db, { organizationId: org.id, environmentId: env.id, createdBy: owner.id, sourceKind: 'closed' })
    ).id;
  });

  it('covers every level × action × path', () => {
    expect(cases).toHaveLength(LEVELS.length * PATHS.length);
  });

  for (const level of LEVELS) {
    for (const path of PATHS) {
      it(`${level} through ${path}: can() and assert() follow the table for every action`, async () => {
        const c = cases.find((x) => x.level === level && x.path === path)!;
        for (const action of ACTIONS) {
          const want = expected(level, path, action);
          expect(await can(c.actor, action, { kind: 'connector', id: c.connectorId }), `${action}`).toBe(want);
          const outcome = await assert(c.actor, action, { kind: 'connector', id: c.connectorId }).then(
            () => 'allowed',
            (error: AppError) => error.code,
          );
          const canView = expected(level, path, 'connector:view');
          expect(outcome, `${action} via assert`).toBe(want ? 'allowed' : canView ? 'FORBIDDEN' : 'NOT_FOUND');
        }
      });
    }
  }

  it('closed-source copies deny every action that reveals or changes the source, whatever the level', async () => {
    for (const c of closedCases) {
      for (const action of ACTIONS) {
        expect(await can(c.actor, action, { kind: 'connector', id: c.connectorId }), `${c.level} ${c.path} ${action}`).toBe(
          expected(c.level, c.path, action, true),
        );
      }
    }
  });

  it('environment and organization admins may do everything the table gives admins, without a grant', async () => {
    for (const action of ACTIONS) {
      const rule = connectorActions[action];
      expect(await can(envAdmin, action, { kind: 'connector', id: adminTargetId }), `env admin ${action}`).toBe(
        (rule.admins as readonly string[]).includes('environment_admin'),
      );
      expect(await can(orgAdmin, action, { kind: 'connector', id: adminTargetId }), `org admin ${action}`).toBe(
        (rule.admins as readonly string[]).includes('org_admin'),
      );
      const needsDefinition = 'needsDefinition' in rule && rule.needsDefinition;
      expect(await can(orgAdmin, action, { kind: 'connector', id: closedAdminTargetId }), `org admin closed ${action}`).toBe(
        (rule.admins as readonly string[]).includes('org_admin') && !needsDefinition,
      );
      expect(await can(noGrantMaker, action, { kind: 'connector', id: adminTargetId }), `maker without grant ${action}`).toBe(false);
    }
  });

  it('the list filter (allowedIn) agrees with can() for every actor and action', async () => {
    for (const c of [...cases, ...closedCases]) {
      for (const action of ACTIONS) {
        const rows = await t.db
          .select({ id: connectors.id })
          .from(connectors)
          .where(
            and(eq(connectors.environmentId, envId), eq(connectors.id, c.connectorId), allowedIn(c.actor, 'connector', action, envId)),
          );
        expect(rows.length === 1, `${c.level} ${c.path} ${action}`).toBe(
          await can(c.actor, action, { kind: 'connector', id: c.connectorId }),
        );
      }
    }
  });

  it('an id from another organization is not found, even for its organization admin', async () => {
    const other = await createOrganization(t.db);
    const otherEnv = await createEnvironment(t.db, other.id);
    const otherOwner = await createUser(t.db, other.id);
    const foreign = await createConnectorRow(t.db, { organizationId: other.id, environmentId: otherEnv.id, createdBy: otherOwner.id });
    await expect(assert(orgAdmin, 'connector:view', { kind: 'connector', id: foreign.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(assert(orgAdmin, 'connector:view', { kind: 'connector', id: 'not-a-uuid' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a check is one query', async () => {
    const c = cases.find((x) => x.path === 'nested group' && x.level === 'can_edit')!;
    let queries = 0;
    const counting = new Proxy(t.db, {
      get(target, property, receiver) {
        if (property === 'select' || property === 'execute') queries++;
        return Reflect.get(target, property, receiver);
      },
    });
    await assert(c.actor, 'connector:edit', { kind: 'connector', id: c.connectorId }, counting);
    expect(queries).toBe(1);
  });

  describe('who may grant what', () => {
    const TARGETS = shareableLevels.connector;
    const KINDS = ['user', 'group', 'everyone'] as const;

    function mayGrantExpected(holder: ConnectorLevel | 'admin', target: ConnectorLevel, kind: (typeof KINDS)[number]): boolean {
      const max = holder === 'admin' ? grantableByAdmin.connector : grantableByLevel.connector[holder];
      if (!max || value(target) > value(max)) return false;
      return kind !== 'everyone' || value(target) <= value(everyoneMax.connector);
    }

    for (const holder of [...LEVELS, 'admin'] as const) {
      it(`${holder === 'admin' ? 'an environment admin' : holder} may grant exactly what the table allows`, async () => {
        const granter = holder === 'admin' ? envAdmin : cases.find((x) => x.level === holder && x.path === 'direct')!.actor;
        const connectorId = holder === 'admin' ? adminTargetId : cases.find((x) => x.level === holder && x.path === 'direct')!.connectorId;
        const recipient = await createUser(t.db, orgId);
        const group = await createGroupRow(t.db, orgId);
        const principals = { user: recipient.id, group: group.id, everyone: orgId };
        for (const kind of KINDS) {
          for (const target of TARGETS) {
            const outcome = await t.db
              .transaction(async (tx) => {
                const loaded = await assert(granter, 'connector:share', { kind: 'connector', id: connectorId }, tx);
                await grantAccess(
                  tx,
                  granter,
                  { kind: 'connector', ...loaded },
                  { principalKind: kind, principalId: principals[kind], level: target },
                );
                throw new Error('rollback');
              })
              .catch((error: Error) => (error.message === 'rollback' ? 'granted' : (error as AppError).code));
            expect(outcome, `${kind} ${target}`).toBe(mayGrantExpected(holder, target, kind) ? 'granted' : 'FORBIDDEN');
          }
        }
      });
    }

    it('nobody can change or remove the owner’s grant, not even an admin', async () => {
      const owner = await createUser(t.db, orgId);
      await setRole(t.db, orgId, envId, owner.id, 'environment_maker');
      const ownerActor = (await loadActor(t.db, owner.id))!;
      const connector = await createConnectorRow(t.db, { organizationId: orgId, environmentId: envId, createdBy: owner.id });
      await insertGrant(t.db, {
        organizationId: orgId,
        resourceKind: 'connector',
        resourceId: connector.id,
        principalKind: 'user',
        principalId: owner.id,
        level: value('owner'),
      });
      for (const who of [envAdmin, orgAdmin, ownerActor]) {
        const loaded = await assert(who, 'connector:share', { kind: 'connector', id: connector.id });
        await expect(
          t.db.transaction((tx) => changeAccess(tx, who, { kind: 'connector', ...loaded }, { principalId: owner.id, level: 'can_view' })),
        ).rejects.toMatchObject({ code: 'FORBIDDEN' });
        await expect(
          t.db.transaction((tx) => revokeAccess(tx, who, { kind: 'connector', ...loaded }, { principalId: owner.id })),
        ).rejects.toMatchObject({
          code: 'FORBIDDEN',
        });
      }
    });
  });
});

describe('managing grants on a closed-source copy (generated from the table)', () => {
  const ROLES: RoleName[] = ['environment_admin', 'environment_maker', 'basic_user', 'none'];
  for (const level of [null, ...LEVELS] as const) {
    for (const role of ROLES) {
      for (const isOrgAdmin of [false, true]) {
        const facts = { level: level == null ? null : value(level), role, isOrgAdmin, isClosedSource: true };
        const open = { ...facts, isClosedSource: false };
        it(`${level ?? 'no grant'} as ${role}${isOrgAdmin ? ', organization admin' : ''}: grants capped at the closed-source maximum, management not`, () => {
          const authority = grantableLevel('connector', open);
          expect(manageableLevel('connector', facts)).toBe(authority);
          expect(grantableLevel('connector', facts)).toBe(
            authority == null ? null : Math.min(authority, value(closedSourceGrantMax.connector)),
          );
          // Whoever may manage a level may lower or remove a grant at it, even above what may be granted now.
          for (const current of LEVELS.filter((l) => l !== 'owner')) {
            const manageable = manageableLevel('connector', facts);
            expect(mayRevoke('connector', manageable, value(current))).toBe(manageable != null && value(current) <= manageable);
          }
        });
      }
    }
  }
});
