import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEnvironment, createOrganization, createUser, setRole, setupTestDatabase } from '@/db/testing';
import { auditLog, connections, connectors, connectorVersions, environmentRoles, flowConnections, flows, grants } from '@/db/schema';
import { assert, loadActor, type Actor } from '@/lib/authz';
import { listAccess, grantAccess, revokeAccess } from '@/lib/sharing/grants';
import { rowsOf } from '@/lib/sql';
import { editDefinition, readConnectorUpload } from './definition';
import { getDraftForEdit, listConnectors } from './queries';
import { createConnector, deleteConnector, deleteImpact, getDraft, releaseVersion, updateDraft } from './service';

const t = setupTestDatabase();
const weather = readFileSync(path.join(process.cwd(), 'e2e/fixtures/files/weather.openapi.yaml'));

describe('connector lifecycle', () => {
  let owner: Actor;
  let other: Actor;
  let orgId: string;
  let defaultEnvId: string;
  let devEnvId: string;

  beforeAll(async () => {
    const org = await createOrganization(t.db);
    orgId = org.id;
    defaultEnvId = (await createEnvironment(t.db, org.id, { isDefault: true })).id;
    devEnvId = (await createEnvironment(t.db, org.id)).id;
    const u1 = await createUser(t.db, org.id, { name: 'Olivia Owner' });
    const u2 = await createUser(t.db, org.id, { name: 'Oscar Other' });
    for (const env of [defaultEnvId, devEnvId]) await setRole(t.db, org.id, env, u1.id, 'environment_maker');
    owner = (await loadActor(t.db, u1.id))!;
    other = (await loadActor(t.db, u2.id))!;
  });

  // Names are unique per environment: each connector of a test gets its own unless one is given.
  let made = 0;
  async function newConnector(environmentId = defaultEnvId, name?: string) {
    made++;
    const definition = await readConnectorUpload({
      files: [{ name: 'weather.yaml', data: weather }],
      name: name ?? `Contoso Weather ${made}`,
    });
    return t.db.transaction((tx) => createConnector(tx, owner, { environmentId, definition }));
  }

  it('creates a connector owned by its creator, with the owner grant and an audit row in the same transaction', async () => {
    const { id } = await newConnector();
    const access = await listAccess(t.db, owner, 'connector', id);
    expect(access).toEqual([expect.objectContaining({ principalId: owner.userId, isOwner: true, levelName: 'owner' })]);
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'connector.create')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: owner.userId, targetName: expect.stringMatching(/^Contoso Weather \d+$/) });
  });

  it('releases v1, refuses a release without changes, and releases v2 after an edit; released versions never change', async () => {
    const { id } = await newConnector();
    const loaded = (tx: Parameters<Parameters<typeof t.db.transaction>[0]>[0]) =>
      assert(owner, 'connector:release', { kind: 'connector', id }, tx);
    expect(await t.db.transaction(async (tx) => releaseVersion(tx, owner, await loaded(tx)))).toEqual({ version: 1 });
    await expect(t.db.transaction(async (tx) => releaseVersion(tx, owner, await loaded(tx)))).rejects.toMatchObject({ code: 'CONFLICT' });
    const edited = await editDefinition(await getDraft(t.db, id), {
      name: 'Weather v2',
      description: 'Now with more weather',
      iconColor: '#123456',
    });
    await t.db.transaction(async (tx) => updateDraft(tx, owner, await loaded(tx), edited));
    expect(await t.db.transaction(async (tx) => releaseVersion(tx, owner, await loaded(tx)))).toEqual({ version: 2 });
    const versions = await t.db
      .select({ version: connectorVersions.version, name: connectorVersions.name })
      .from(connectorVersions)
      .where(eq(connectorVersions.connectorId, id));
    expect(versions.sort((a, b) => a.version - b.version)).toEqual([
      { version: 1, name: expect.stringMatching(/^Contoso Weather \d+$/) },
      { version: 2, name: 'Weather v2' },
    ]);
    await expect(t.db.execute(sql`update connector_versions set name = 'changed' where connector_id = ${id}::uuid`)).rejects.toThrow();
  });

  it('names are unique in an environment, whatever the case: a clear refusal naming the other; other environments may reuse it', async () => {
    await newConnector(defaultEnvId, 'Fabrikam Orders');
    await expect(newConnector(defaultEnvId, 'fabrikam ORDERS')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'There is already a connector named “Fabrikam Orders” in this environment, created by Olivia Owner. Choose another name.',
      fieldErrors: { name: [expect.stringContaining('Fabrikam Orders')] },
    });
    await expect(newConnector(devEnvId, 'Fabrikam Orders')).resolves.toBeTruthy();
    // Renaming onto a taken name is refused the same way.
    const { id } = await newConnector(defaultEnvId, 'Fabrikam Invoices');
    const renamed = await editDefinition(await getDraft(t.db, id), { name: 'FABRIKAM orders', description: '', iconColor: '#111111' });
    await expect(
      t.db.transaction(async (tx) => updateDraft(tx, owner, await assert(owner, 'connector:edit', { kind: 'connector', id }, tx), renamed)),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    // The database holds the rule too, for any writer.
    await expect(t.db.execute(sql`update connectors set name = 'Fabrikam orders' where id = ${id}::uuid`)).rejects.toThrow();
  });

  it('keeps the document’s keys in the order they were written (jsonb would sort them)', async () => {
    const text = JSON.stringify({
      swagger: '2.0',
      info: { version: '1.0', title: 'Ordered', description: 'z before a' },
      host: 'ordered.test',
      paths: {
        '/zeta': { get: { operationId: 'Zeta', responses: { '200': { description: 'ok' } } } },
        '/alpha': { get: { operationId: 'Alpha', responses: { '200': { description: 'ok' } } } },
      },
    });
    const definition = await readConnectorUpload({ files: [], pasted: text, name: 'Ordered keys' });
    const { id } = await t.db.transaction((tx) => createConnector(tx, owner, { environmentId: devEnvId, definition }));
    const draft = await getDraftForEdit(t.db, id);
    expect(Object.keys(draft!.document)).toEqual(['swagger', 'info', 'host', 'paths']);
    expect(Object.keys(draft!.document.info as object)).toEqual(['version', 'title', 'description']);
    expect(Object.keys(draft!.document.paths as object)).toEqual(['/zeta', '/alpha']);
  });

  it('refuses to save an edit made from a draft someone changed meanwhile', async () => {
    const { id } = await newConnector();
    const base = await getDraft(t.db, id);
    const mine = await editDefinition(base, { name: 'Mine', description: '', iconColor: '#111111' });
    const theirs = await editDefinition(base, { name: 'Theirs', description: '', iconColor: '#222222' });
    await t.db.transaction(async (tx) =>
      updateDraft(tx, owner, await assert(owner, 'connector:edit', { kind: 'connector', id }, tx), theirs, base.hash),
    );
    await expect(
      t.db.transaction(async (tx) =>
        updateDraft(tx, owner, await assert(owner, 'connector:edit', { kind: 'connector', id }, tx), mine, base.hash),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await getDraft(t.db, id)).name).toBe('Theirs');
  });

  it('lists connectors with keyset pagination and search, only those the actor may view', async () => {
    const envId = (await createEnvironment(t.db, orgId)).id;
    await setRole(t.db, orgId, envId, owner.userId, 'environment_maker');
    await setRole(t.db, orgId, envId, other.userId, 'environment_maker');
    const me = (await loadActor(t.db, owner.userId))!;
    const them = (await loadActor(t.db, other.userId))!;
    for (let i = 0; i < 30; i++) await newConnector(envId, `Station ${String(i).padStart(2, '0')}`);
    const first = await listConnectors(t.db, me, { environmentId: envId });
    expect(first.items).toHaveLength(25);
    expect(first.next).not.toBeNull();
    const second = await listConnectors(t.db, me, { environmentId: envId, after: first.next! });
    expect(second.items.map((c) => c.name)).toEqual(['Station 25', 'Station 26', 'Station 27', 'Station 28', 'Station 29']);
    expect(second.next).toBeNull();
    expect((await listConnectors(t.db, me, { environmentId: envId, search: 'tion 1' })).items).toHaveLength(10);
    expect((await listConnectors(t.db, them, { environmentId: envId })).items).toHaveLength(0);
    expect(first.items[0]!.access.level).toBe('owner');
  });

  it('sharing into the default environment makes a role-less user an Environment Maker there; elsewhere it adds no role', async () => {
    const inDefault = await newConnector(defaultEnvId);
    const inDev = await newConnector(devEnvId);
    for (const { id } of [inDefault, inDev]) {
      await t.db.transaction(async (tx) => {
        const loaded = await assert(owner, 'connector:share', { kind: 'connector', id }, tx);
        await grantAccess(
          tx,
          owner,
          { kind: 'connector', ...loaded },
          { principalKind: 'user', principalId: other.userId, level: 'can_view' },
        );
      });
    }
    const roles = await t.db.select().from(environmentRoles).where(eq(environmentRoles.userId, other.userId));
    expect(roles.filter((r) => [defaultEnvId, devEnvId].includes(r.environmentId)).map((r) => [r.environmentId, r.role])).toEqual([
      [defaultEnvId, 'environment_maker'],
    ]);
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'environment.role_set'), eq(auditLog.targetId, defaultEnvId)));
    expect(audit).toHaveLength(1);
  });

  it('a Basic User or a guest sharing into the default environment adds no role, and is told so', async () => {
    for (const sharerKind of ['basic_user', 'guest'] as const) {
      const sharerUser = await createUser(t.db, orgId, { name: `Sharer ${sharerKind}`, kind: sharerKind === 'guest' ? 'guest' : 'member' });
      await setRole(t.db, orgId, defaultEnvId, sharerUser.id, sharerKind === 'guest' ? 'environment_maker' : 'basic_user');
      const sharer = (await loadActor(t.db, sharerUser.id))!;
      const recipient = await createUser(t.db, orgId, { name: `Recipient of ${sharerKind}` });
      const { id } = await newConnector(defaultEnvId);
      await t.db.transaction(async (tx) => {
        const loaded = await assert(owner, 'connector:share', { kind: 'connector', id }, tx);
        await grantAccess(
          tx,
          owner,
          { kind: 'connector', ...loaded },
          { principalKind: 'user', principalId: sharer.userId, level: 'can_view_share' },
        );
      });
      const outcome = await t.db.transaction(async (tx) => {
        const loaded = await assert(sharer, 'connector:share', { kind: 'connector', id }, tx);
        return grantAccess(
          tx,
          sharer,
          { kind: 'connector', ...loaded },
          { principalKind: 'user', principalId: recipient.id, level: 'can_view' },
        );
      });
      expect(outcome.note).toMatch(new RegExp(`Recipient of ${sharerKind} has no role in`));
      // The share is made; the recipient gets no role and can still use what was shared.
      expect(await t.db.select().from(environmentRoles).where(eq(environmentRoles.userId, recipient.id))).toEqual([]);
      const recipientActor = (await loadActor(t.db, recipient.id))!;
      expect(await t.db.transaction((tx) => assert(recipientActor, 'connector:use', { kind: 'connector', id }, tx))).toMatchObject({ id });
      const roleAudit = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'environment.role_set'), eq(auditLog.actorId, sharer.userId)));
      expect(roleAudit).toEqual([]);
    }
  });

  it('a grant and its audit row commit or roll back together', async () => {
    const { id } = await newConnector();
    const count = async () =>
      rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from audit_log where target_id = ${id}::uuid`))[0]!.n;
    const before = await count();
    await expect(
      t.db.transaction(async (tx) => {
        const loaded = await assert(owner, 'connector:share', { kind: 'connector', id }, tx);
        await grantAccess(
          tx,
          owner,
          { kind: 'connector', ...loaded },
          { principalKind: 'everyone', principalId: orgId, level: 'can_view' },
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count()).toBe(before);
    expect((await listAccess(t.db, owner, 'connector', id)).map((r) => r.principalKind)).toEqual(['user']);
    await t.db.transaction(async (tx) => {
      const loaded = await assert(owner, 'connector:share', { kind: 'connector', id }, tx);
      await grantAccess(tx, owner, { kind: 'connector', ...loaded }, { principalKind: 'everyone', principalId: orgId, level: 'can_view' });
    });
    expect(await count()).toBe(before + 1);
    await t.db.transaction(async (tx) => {
      const loaded = await assert(owner, 'connector:share', { kind: 'connector', id }, tx);
      await revokeAccess(tx, owner, { kind: 'connector', ...loaded }, { principalId: orgId });
    });
    expect(await count()).toBe(before + 2);
  });

  it('refuses a principal from another organization as not found', async () => {
    const { id } = await newConnector();
    const foreignOrg = await createOrganization(t.db);
    const stranger = await createUser(t.db, foreignOrg.id);
    await expect(
      t.db.transaction(async (tx) => {
        const loaded = await assert(owner, 'connector:share', { kind: 'connector', id }, tx);
        await grantAccess(
          tx,
          owner,
          { kind: 'connector', ...loaded },
          { principalKind: 'user', principalId: stranger.id, level: 'can_view' },
        );
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deleting lists and removes its connections (and their grants); flows keep an empty slot', async () => {
    const { id } = await newConnector();
    const [connection] = await t.db
      .insert(connections)
      .values({
        organizationId: orgId,
        environmentId: defaultEnvId,
        connectorId: id,
        createdBy: other.userId,
        displayName: 'Weather (Oscar)',
      })
      .returning();
    await t.db.insert(grants).values({
      organizationId: orgId,
      resourceKind: 'connection',
      resourceId: connection!.id,
      principalKind: 'user',
      principalId: other.userId,
      level: 40,
    });
    const [flow] = await t.db
      .insert(flows)
      .values({
        organizationId: orgId,
        environmentId: defaultEnvId,
        createdBy: other.userId,
        name: 'Morning report',
        triggerKind: 'scheduled',
      })
      .returning();
    await t.db.insert(grants).values({
      organizationId: orgId,
      resourceKind: 'flow',
      resourceId: flow!.id,
      principalKind: 'user',
      principalId: other.userId,
      level: 40,
    });
    await t.db.insert(flowConnections).values({ flowId: flow!.id, slot: 'weather', connectionId: connection!.id });

    const impact = await deleteImpact(t.db, id);
    expect(impact.connections).toEqual([{ id: connection!.id, name: 'Weather (Oscar)', ownerName: 'Oscar Other' }]);
    expect(impact.flows).toEqual([expect.objectContaining({ id: flow!.id, name: 'Morning report', owners: ['Oscar Other'] })]);

    await t.db.transaction(async (tx) =>
      deleteConnector(tx, owner, await assert(owner, 'connector:delete', { kind: 'connector', id }, tx)),
    );
    expect(await t.db.select().from(connectors).where(eq(connectors.id, id))).toEqual([]);
    expect(await t.db.select().from(connections).where(eq(connections.id, connection!.id))).toEqual([]);
    expect(await t.db.select().from(grants).where(eq(grants.resourceId, connection!.id))).toEqual([]);
    expect(await t.db.select().from(grants).where(eq(grants.resourceId, id))).toEqual([]);
    const [slot] = await t.db.select().from(flowConnections).where(eq(flowConnections.flowId, flow!.id));
    expect(slot!.connectionId).toBeNull();
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'connector.delete')));
    expect(audit!.before).toMatchObject({ connectionsDeleted: [{ name: 'Weather (Oscar)' }], flowsAffected: [{ name: 'Morning report' }] });
  });

  it('the Share tab costs one query for the access decision and one for the access list', async () => {
    const { id } = await newConnector();
    let queries = 0;
    const counting = new Proxy(t.db, {
      get(target, property, receiver) {
        if (property === 'select' || property === 'execute') queries++;
        return Reflect.get(target, property, receiver);
      },
    });
    const loaded = await assert(owner, 'connector:view', { kind: 'connector', id }, counting);
    await listAccess(counting, owner, 'connector', loaded.id);
    expect(queries).toBe(2);
  });
});
