import { beforeAll, describe, expect, it } from 'vitest';
import {
  createConnectorRow,
  createEnvironment,
  createFlowRow,
  createGroupRow,
  createOrganization,
  createUser,
  insertGrant,
  makeOrgAdmin,
  setRole,
  setupTestDatabase,
} from '@/db/testing';
import { systemActor } from '@/lib/audit';
import { addGroupToGroup, addUserToGroup } from '@/lib/directory/membership';
import { AppError } from '@/lib/errors';
import { loadActor, type Actor } from './actor';
import { assert, can } from './index';
import { connections } from '@/db/schema';
import type { Queryable } from '@/db/client';
import { everyoneMax, levels, resourcePolicy, roleCaps, type ResourceAction, type RoleName } from './policy';

/*
 * The flow and connection policies of DESIGN.md §3, tested from the policy table: every level ×
 * every action × every way of holding access, against the real database. Expected answers come
 * from the table, never by hand. (Connectors have their own generator: closed-source copies.)
 */

const t = setupTestDatabase();

type Kind = 'flow' | 'connection';

/** A row of each kind, made by its creator, for the grants under test to point at. */
const rowMakers: Record<
  Kind,
  (tx: Queryable, input: { organizationId: string; environmentId: string; createdBy: string }) => Promise<string>
> = {
  flow: async (tx, input) => (await createFlowRow(tx, input)).id,
  connection: async (tx, input) => {
    const connector = await createConnectorRow(tx, input);
    const [row] = await tx
      .insert(connections)
      .values({ ...input, connectorId: connector.id, displayName: `Connection ${connector.name}` })
      .returning({ id: connections.id });
    return row!.id;
  },
};

for (const kind of ['flow', 'connection'] as const) describePolicy(kind);

function describePolicy(kind: Kind) {
  // Level and action names of this kind, as plain strings: the table is read, not typed, here.
  type FlowLevel = string;
  type FlowAction = string;
  const flowActions = resourcePolicy[kind] as unknown as Record<FlowAction, { level: FlowLevel | null; admins: readonly string[] }>;
  const LEVELS = Object.keys(levels[kind]) as FlowLevel[];
  const ACTIONS = Object.keys(flowActions) as FlowAction[];
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

  const value = (level: FlowLevel) => (levels[kind] as Record<string, number>)[level]!;
  const roleOf = (path: Path): RoleName => (path === 'basic user' ? 'basic_user' : path === 'no role' ? 'none' : 'environment_maker');

  function expected(level: FlowLevel, path: Path, action: FlowAction): boolean {
    if (path === 'deactivated' || path === 'other organization') return false;
    const rule = flowActions[action]!;
    let held: number = value(level);
    if (path === 'everyone') held = Math.min(held, value(everyoneMax[kind] as string));
    const cap = (roleCaps[kind] as Record<RoleName, FlowLevel | null>)[roleOf(path)];
    if (cap) held = Math.min(held, value(cap));
    return rule.level != null && held >= value(rule.level);
  }

  describe(`${kind} access policy`, () => {
    const cases: { level: FlowLevel; path: Path; actor: Actor; flowId: string }[] = [];
    let envAdmin: Actor;
    let orgAdmin: Actor;
    let bystander: Actor;
    let adminTargetId: string;

    async function actorFor(
      user: { id: string; name: string; email: string; kind: 'member' | 'guest' },
      organizationId: string,
    ): Promise<Actor> {
      return (
        (await loadActor(t.db, user.id)) ?? {
          ...{ userId: user.id, name: user.name, email: user.email, kind: user.kind, organizationId },
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
      const org = await createOrganization(t.db);
      const other = await createOrganization(t.db);
      const env = await createEnvironment(t.db, org.id, { isDefault: true });
      const creator = await createUser(t.db, org.id, { name: 'Creator' });
      await setRole(t.db, org.id, env.id, creator.id, 'environment_maker');
      const system = systemActor(org.id);
      for (const level of LEVELS) {
        for (const path of PATHS) {
          const user =
            path === 'other organization'
              ? await createUser(t.db, other.id)
              : await createUser(t.db, org.id, { kind: path === 'guest' ? 'guest' : 'member', deactivated: path === 'deactivated' });
          if (path !== 'no role' && path !== 'other organization') {
            await setRole(t.db, org.id, env.id, user.id, path === 'basic user' ? 'basic_user' : 'environment_maker');
          }
          const resourceId = await rowMakers[kind](t.db, { organizationId: org.id, environmentId: env.id, createdBy: creator.id });
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
            // Written above what Everyone may hold on purpose: the decision never counts it higher.
            principal = { kind: 'everyone', id: org.id };
          }
          await insertGrant(t.db, {
            organizationId: org.id,
            resourceKind: kind,
            resourceId,
            principalKind: principal.kind,
            principalId: principal.id,
            level: value(level),
          });
          cases.push({ level, path, actor: await actorFor(user, path === 'other organization' ? other.id : org.id), flowId: resourceId });
        }
      }
      const adminUser = await createUser(t.db, org.id);
      await setRole(t.db, org.id, env.id, adminUser.id, 'environment_admin');
      envAdmin = (await loadActor(t.db, adminUser.id))!;
      const orgAdminUser = await createUser(t.db, org.id);
      await makeOrgAdmin(t.db, org.id, orgAdminUser.id);
      orgAdmin = (await loadActor(t.db, orgAdminUser.id))!;
      const plain = await createUser(t.db, org.id);
      await setRole(t.db, org.id, env.id, plain.id, 'environment_maker');
      bystander = (await loadActor(t.db, plain.id))!;
      adminTargetId = await rowMakers[kind](t.db, { organizationId: org.id, environmentId: env.id, createdBy: creator.id });
    });

    it('covers every level × path', () => {
      expect(cases).toHaveLength(LEVELS.length * PATHS.length);
    });

    for (const level of LEVELS) {
      for (const path of PATHS) {
        it(`${level} through ${path}: can() and assert() follow the table for every action`, async () => {
          const c = cases.find((x) => x.level === level && x.path === path)!;
          for (const action of ACTIONS) {
            const want = expected(level, path, action);
            expect(await can(c.actor, action as ResourceAction<Kind>, { kind, id: c.flowId }), action).toBe(want);
            const outcome = await assert(c.actor, action as ResourceAction<Kind>, { kind, id: c.flowId }).then(
              () => 'allowed',
              (error: AppError) => error.code,
            );
            expect(outcome, `${action} via assert`).toBe(
              want ? 'allowed' : expected(level, path, `${kind}:view`) ? 'FORBIDDEN' : 'NOT_FOUND',
            );
          }
        });
      }
    }

    it('environment and organization admins may do what the table gives admins; a maker without a grant nothing', async () => {
      for (const action of ACTIONS) {
        const admins = flowActions[action]!.admins;
        expect(await can(envAdmin, action as ResourceAction<Kind>, { kind, id: adminTargetId }), `env admin ${action}`).toBe(
          admins.includes('environment_admin'),
        );
        expect(await can(orgAdmin, action as ResourceAction<Kind>, { kind, id: adminTargetId }), `org admin ${action}`).toBe(
          admins.includes('org_admin'),
        );
        expect(await can(bystander, action as ResourceAction<Kind>, { kind, id: adminTargetId }), `bystander ${action}`).toBe(false);
      }
    });
  });
}
