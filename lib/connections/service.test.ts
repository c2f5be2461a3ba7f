import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, connections } from '@/db/schema';
import { createEnvironment, createOrganization, createUser, makeOrgAdmin, setRole, setupTestDatabase } from '@/db/testing';
import { assert, loadActor, type Actor } from '@/lib/authz';
import { readConnectorUpload } from '@/lib/connectors/definition';
import { connectorFixtures } from '@/lib/connectors/request.cases';
import { createConnector, releaseVersion } from '@/lib/connectors/service';
import { grantAccess } from '@/lib/sharing/grants';
import { createConnection, credentialsForUse, usableConnectionsOf } from './service';

const t = setupTestDatabase();
const KEY = 'xk_live_connection_secret_42';

const apiProperties = {
  properties: {
    connectionParameters: {
      api_key: { type: 'securestring', uiDefinition: { displayName: 'API key', constraints: { required: 'true' } } },
      region: { type: 'string', uiDefinition: { displayName: 'Region', constraints: { required: 'false' } } },
      retries: { type: 'int', uiDefinition: { displayName: 'Retries', constraints: { required: 'false' } } },
    },
  },
};

describe('connections', () => {
  let owner: Actor;
  let colleague: Actor;
  let stranger: Actor;
  let basic: Actor;
  let admin: Actor;
  let connectorId: string;
  let environmentId: string;

  beforeAll(async () => {
    const org = await createOrganization(t.db);
    environmentId = (await createEnvironment(t.db, org.id, { isDefault: true })).id;
    const users = await Promise.all(
      ['Olivia Owner', 'Carl Colleague', 'Sam Stranger', 'Bea Basic', 'Ada Admin'].map((name) => createUser(t.db, org.id, { name })),
    );
    for (const [i, u] of users.entries()) await setRole(t.db, org.id, environmentId, u.id, i === 3 ? 'basic_user' : 'environment_maker');
    await makeOrgAdmin(t.db, org.id, users[4]!.id);
    [owner, colleague, stranger, basic, admin] = (await Promise.all(users.map((u) => loadActor(t.db, u.id)))).map((a) => a!) as [
      Actor,
      Actor,
      Actor,
      Actor,
      Actor,
    ];
    const definition = await readConnectorUpload({
      files: [
        { name: 'apiDefinition.swagger.json', data: Buffer.from(JSON.stringify(connectorFixtures.expenses.document)) },
        { name: 'apiProperties.json', data: Buffer.from(JSON.stringify(apiProperties)) },
      ],
    });
    connectorId = (await t.db.transaction((tx) => createConnector(tx, owner, { environmentId, definition }))).id;
    await t.db.transaction(async (tx) => {
      const loaded = await assert(owner, 'connector:share', { kind: 'connector', id: connectorId }, tx);
      await grantAccess(tx, owner, { kind: 'connector', ...loaded }, { principalKind: 'everyone', principalId: org.id, level: 'can_view' });
    });
  });

  const create = (actor: Actor, values: Record<string, unknown>, displayName = 'My expenses') =>
    t.db.transaction((tx) => createConnection(tx, actor, { connectorId, displayName, values }));

  it('needs a released version of the connector', async () => {
    await expect(create(owner, { api_key: KEY })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /no released version/ });
    await t.db.transaction(async (tx) =>
      releaseVersion(tx, owner, await assert(owner, 'connector:release', { kind: 'connector', id: connectorId }, tx)),
    );
  });

  it('checks the values against the connector’s connection parameters, field by field', async () => {
    await expect(create(owner, { region: 'eu', retries: 'three', colour: 'red' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      fieldErrors: { api_key: ['API key is required.'], retries: ['Retries must be a whole number.'], colour: [expect.any(String)] },
    });
  });

  it('anyone with a role creates their own, Basic Users included; values sealed, owner granted, audited without a secret', async () => {
    const { id } = await create(owner, { api_key: KEY, region: 'eu', retries: '3' });
    const [row] = await t.db.select().from(connections).where(eq(connections.id, id));
    expect(row!.encryptedValues).toBeTruthy();
    expect(Buffer.from(row!.encryptedValues!).includes(Buffer.from(KEY))).toBe(false);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'connection.create')));
    expect(JSON.stringify(audit)).not.toContain(KEY);
    expect(audit!.after).toMatchObject({ parameters: ['api_key', 'region', 'retries'] });
    await expect(create(basic, { api_key: 'basic-key-123' }, 'Bea’s expenses')).resolves.toBeTruthy();
  });

  it('credentials go to their owner and to people it is shared with, for use; never to others, not even an admin', async () => {
    const { id } = await create(owner, { api_key: KEY }, 'Shared expenses');
    expect(await t.db.transaction((tx) => credentialsForUse(tx, owner, { connectorId, connectionId: id }))).toEqual({
      values: { api_key: KEY },
    });
    await expect(t.db.transaction((tx) => credentialsForUse(tx, colleague, { connectorId, connectionId: id }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await t.db.transaction(async (tx) => {
      const loaded = await assert(owner, 'connection:share', { kind: 'connection', id }, tx);
      await grantAccess(
        tx,
        owner,
        { kind: 'connection', ...loaded },
        { principalKind: 'user', principalId: colleague.userId, level: 'can_use' },
      );
    });
    expect(await t.db.transaction((tx) => credentialsForUse(tx, colleague, { connectorId, connectionId: id }))).toEqual({
      values: { api_key: KEY },
    });
    await expect(t.db.transaction((tx) => credentialsForUse(tx, stranger, { connectorId, connectionId: id }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // An admin sees that it exists, and may delete it, but never uses it.
    await expect(t.db.transaction((tx) => credentialsForUse(tx, admin, { connectorId, connectionId: id }))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // A connection is for its own connector only.
    await expect(
      t.db.transaction((tx) => credentialsForUse(tx, owner, { connectorId: '00000000-0000-4000-8000-000000000000', connectionId: id })),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('pickers list the connections the person may use, their own first: one query', async () => {
    const mine = (await usableConnectionsOf(t.db, colleague, { id: connectorId, environmentId })).map((c) => c.name);
    expect(mine).toEqual(['Shared expenses']);
    const owners = await usableConnectionsOf(t.db, owner, { id: connectorId, environmentId });
    expect(owners.every((c) => c.isMine)).toBe(true);
    expect(owners.map((c) => c.name)).not.toContain('Bea’s expenses');
    expect(await usableConnectionsOf(t.db, admin, { id: connectorId, environmentId })).toEqual([]);
  });
});
