import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createEnvironment, createGroupRow, createOrganization, createUser, makeOrgAdmin, setRole, setupTestDatabase } from '@/db/testing';
import { systemActor } from '@/lib/audit';
import { addGroupToGroup, addUserToGroup } from '@/lib/directory/membership';
import { loadActor } from './actor';

const t = setupTestDatabase();

describe('loadActor', () => {
  it('returns the user, nested groups, environment roles and the remembered environment in one query', async () => {
    const org = await createOrganization(t.db, { closedSourceSharing: true });
    const envDefault = await createEnvironment(t.db, org.id, { name: 'Default', isDefault: true });
    const envProd = await createEnvironment(t.db, org.id, { name: 'Prod', isSensitive: true });
    await createEnvironment(t.db, org.id, { name: 'No role here' });
    const user = await createUser(t.db, org.id, { kind: 'guest' });
    await setRole(t.db, org.id, envDefault.id, user.id, 'environment_maker');
    await setRole(t.db, org.id, envProd.id, user.id, 'basic_user');
    const outer = await createGroupRow(t.db, org.id);
    const inner = await createGroupRow(t.db, org.id);
    await t.db.transaction(async (tx) => {
      await addGroupToGroup(tx, systemActor(org.id), { groupId: outer.id, childGroupId: inner.id });
      await addUserToGroup(tx, systemActor(org.id), { groupId: inner.id, userId: user.id });
    });

    let queries = 0;
    const counting = new Proxy(t.db, {
      get(target, property, receiver) {
        if (property === 'execute') queries++;
        return Reflect.get(target, property, receiver);
      },
    });
    const actor = await loadActor(counting, user.id, 'req-1');
    expect(queries).toBe(1);
    expect(actor).toMatchObject({
      userId: user.id,
      kind: 'guest',
      organizationId: org.id,
      features: { closedSourceSharing: true },
      isOrgAdmin: false,
      requestId: 'req-1',
    });
    expect(actor!.groupIds.sort()).toEqual([outer.id, inner.id].sort());
    expect(actor!.environments.map((e) => [e.name, e.role])).toEqual([
      ['Default', 'environment_maker'],
      ['Prod', 'basic_user'],
    ]);
    expect(actor!.environment?.name).toBe('Default');

    await t.db.execute(sql`update users set current_environment_id = ${envProd.id}::uuid where id = ${user.id}::uuid`);
    expect((await loadActor(t.db, user.id))!.environment?.name).toBe('Prod');
  });

  it('shows organization admins every environment, with their own role or none', async () => {
    const org = await createOrganization(t.db);
    await createEnvironment(t.db, org.id, { name: 'A', isDefault: true });
    await createEnvironment(t.db, org.id, { name: 'B' });
    const admin = await createUser(t.db, org.id);
    await makeOrgAdmin(t.db, org.id, admin.id);
    const actor = await loadActor(t.db, admin.id);
    expect(actor!.isOrgAdmin).toBe(true);
    expect(actor!.environments.map((e) => [e.name, e.role])).toEqual([
      ['A', 'none'],
      ['B', 'none'],
    ]);
  });

  it('returns null for a deactivated user and for an unknown id', async () => {
    const org = await createOrganization(t.db);
    const gone = await createUser(t.db, org.id, { deactivated: true });
    expect(await loadActor(t.db, gone.id)).toBeNull();
    expect(await loadActor(t.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('never lists another organization’s environments', async () => {
    const mine = await createOrganization(t.db);
    const theirs = await createOrganization(t.db);
    const theirEnv = await createEnvironment(t.db, theirs.id, { isDefault: true });
    const user = await createUser(t.db, mine.id);
    // Even a role row pointing across organizations (which no service writes) does not leak it.
    await setRole(t.db, theirs.id, theirEnv.id, user.id, 'environment_admin');
    const actor = await loadActor(t.db, user.id);
    expect(actor!.environments).toEqual([]);
    expect(actor!.environment).toBeNull();
  });
});
