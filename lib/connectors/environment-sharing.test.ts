import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, connectors } from '@/db/schema';
import { changeAccess, grantAccess, listAccess, revokeAccess } from '@/lib/sharing/grants';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEnvironment, createOrganization, createUser, makeOrgAdmin, setRole, setupTestDatabase } from '@/db/testing';
import { assert, can, loadActor, type Actor } from '@/lib/authz';
import { readConnectorUpload } from './definition';
import {
  installShared,
  listIncomingShares,
  listOutgoingShares,
  shareWithEnvironments,
  stopSharingWithEnvironments,
  updateInstalled,
} from './environment-sharing';
import { getConnectorView, installedSourceDeleted, listOperations, listShareableConnectors } from './queries';
import { createConnector, deleteConnector, deleteImpact, getDraft, releaseVersion, updateDraft } from './service';
import { editDefinition } from './definition';

const t = setupTestDatabase();
const taskFiles = ['apiDefinition.swagger.json', 'apiProperties.json', 'icon.png', 'script.csx'].map((name) => ({
  name,
  data: readFileSync(path.join(process.cwd(), 'e2e/fixtures/files/contoso-tasks', name)),
}));

type Tx = Parameters<Parameters<typeof t.db.transaction>[0]>[0];

describe('sharing released versions with other environments', () => {
  let owner: Actor;
  let recipient: Actor;
  let bystander: Actor;
  let orgId: string;
  let home: string; // westeurope, default
  let prod: string; // westeurope
  let dev: string; // northeurope
  let connectorId: string;

  const share = (actor: Actor, input: Parameters<typeof shareWithEnvironments>[3]) =>
    t.db.transaction(async (tx: Tx) =>
      shareWithEnvironments(
        tx,
        actor,
        await assert(actor, 'connector:share-environments', { kind: 'connector', id: connectorId }, tx),
        input,
      ),
    );

  beforeAll(async () => {
    const org = await createOrganization(t.db, { closedSourceSharing: true, region: 'westeurope' });
    orgId = org.id;
    home = (await createEnvironment(t.db, org.id, { name: 'Home', region: 'westeurope', isDefault: true })).id;
    prod = (await createEnvironment(t.db, org.id, { name: 'Prod', region: 'westeurope' })).id;
    dev = (await createEnvironment(t.db, org.id, { name: 'Dev', region: 'northeurope' })).id;
    const u1 = await createUser(t.db, org.id, { name: 'Owner' });
    const u2 = await createUser(t.db, org.id, { name: 'Recipient' });
    const u3 = await createUser(t.db, org.id, { name: 'Bystander' });
    for (const env of [home, prod, dev]) {
      await setRole(t.db, org.id, env, u1.id, 'environment_maker');
      await setRole(t.db, org.id, env, u2.id, 'environment_maker');
      await setRole(t.db, org.id, env, u3.id, 'basic_user');
    }
    owner = (await loadActor(t.db, u1.id))!;
    recipient = (await loadActor(t.db, u2.id))!;
    bystander = (await loadActor(t.db, u3.id))!;
    const definition = await readConnectorUpload({ files: taskFiles });
    connectorId = (await t.db.transaction((tx) => createConnector(tx, owner, { environmentId: home, definition }))).id;
  });

  it('refuses to share before a version is released', async () => {
    await expect(share(owner, { version: 1, sourceKind: 'open', allEnvironments: true, environmentIds: [] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await t.db.transaction(async (tx) =>
      releaseVersion(tx, owner, await assert(owner, 'connector:release', { kind: 'connector', id: connectorId }, tx)),
    );
    expect((await listShareableConnectors(t.db, owner, home)).map((c) => c.id)).toEqual([connectorId]);
    expect(await listShareableConnectors(t.db, recipient, home)).toEqual([]);
  });

  it('only the owner or an organization admin may share with environments', async () => {
    expect(await can(recipient, 'connector:share-environments', { kind: 'connector', id: connectorId })).toBe(false);
    const envAdminUser = await createUser(t.db, orgId);
    await setRole(t.db, orgId, home, envAdminUser.id, 'environment_admin');
    expect(
      await can((await loadActor(t.db, envAdminUser.id))!, 'connector:share-environments', { kind: 'connector', id: connectorId }),
    ).toBe(false);
    const orgAdminUser = await createUser(t.db, orgId);
    await makeOrgAdmin(t.db, orgId, orgAdminUser.id);
    expect(
      await can((await loadActor(t.db, orgAdminUser.id))!, 'connector:share-environments', { kind: 'connector', id: connectorId }),
    ).toBe(true);
  });

  it('closed source reaches only the connector’s region', async () => {
    await expect(share(owner, { version: 1, sourceKind: 'closed', allEnvironments: false, environmentIds: [dev] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('northeurope'),
    });
    await share(owner, { version: 1, sourceKind: 'closed', allEnvironments: true, environmentIds: [] });
    expect((await listIncomingShares(t.db, recipient, prod)).map((s) => s.connectorName)).toEqual(['Contoso Tasks']);
    expect(await listIncomingShares(t.db, recipient, dev)).toEqual([]);
    expect(await listIncomingShares(t.db, recipient, home)).toEqual([]);
    expect((await listOutgoingShares(t.db, owner, home))[0]).toMatchObject({ version: 1, sourceKind: 'closed', allEnvironments: true });
  });

  it('needs the organization’s flag for closed source', async () => {
    const flagless = { ...owner, features: { closedSourceSharing: false } };
    await expect(share(flagless, { version: 1, sourceKind: 'closed', allEnvironments: true, environmentIds: [] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('installs a closed-source copy whose definition reaches the recipient in no view, and which they cannot download, edit or re-share', async () => {
    const [offer] = await listIncomingShares(t.db, recipient, prod);
    const { id } = await t.db.transaction((tx) => installShared(tx, recipient, { shareId: offer!.shareId, environmentId: prod }));
    const installed = await assert(recipient, 'connector:view', { kind: 'connector', id });
    expect(installed).toMatchObject({ sourceKind: 'closed', installedVersion: 1 });
    expect(installed.access.level).toBe('owner');
    for (const action of [
      'connector:view-definition',
      'connector:download',
      'connector:edit',
      'connector:release',
      'connector:share-environments',
    ] as const) {
      expect(await can(recipient, action, { kind: 'connector', id }), action).toBe(false);
    }
    expect(await can(recipient, 'connector:use', { kind: 'connector', id })).toBe(true);
    const view = await getConnectorView(t.db, installed);
    expect(view.showsDefinition).toBe(false);
    expect(view.source).toBeNull();
    const operations = await listOperations(t.db, installed);
    expect(operations.items.map((o) => o.operationId)).toEqual(['ListTasks', 'CreateTask', 'WhenTaskDone']);
    expect(operations.total).toBe(3);
    const everything = JSON.stringify({ installed, view, operations });
    for (const secret of [
      'tasks.contoso.test',
      '/v2',
      '/tasks',
      '/hooks/task-done',
      'policyTemplateInstances',
      'ScriptBase',
      'login.contoso.test',
      '"method"',
      '"path"',
      'ListStatuses',
      'dynamic values',
    ]) {
      expect(everything, secret).not.toContain(secret);
    }
    // Inside the environment a closed copy may be passed on for use only.
    expect(installed.access.grantable).toBe('can_view');
    await expect(
      t.db.transaction((tx) => installShared(tx, recipient, { shareId: offer!.shareId, environmentId: prod })),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a Basic User cannot install', async () => {
    // Installing is an environment act, checked by the action through assertEnvironment; the role decides.
    const { canInEnvironment } = await import('@/lib/authz');
    expect(canInEnvironment(bystander, 'environment:install-connector', prod)).toBe(false);
    expect(canInEnvironment(recipient, 'environment:install-connector', prod)).toBe(true);
  });

  it('offers Update when a newer version is shared, and updates the copy', async () => {
    await t.db.transaction(async (tx) => {
      const loaded = await assert(owner, 'connector:edit', { kind: 'connector', id: connectorId }, tx);
      const next = await editDefinition(await getDraft(tx, connectorId), {
        name: 'Contoso Tasks',
        description: 'Tasks, v2',
        iconColor: '#5c2d91',
      });
      await updateDraft(tx, owner, loaded, next);
      await releaseVersion(tx, owner, loaded);
    });
    await share(owner, { version: 2, sourceKind: 'closed', allEnvironments: false, environmentIds: [prod] });
    const [offer] = await listIncomingShares(t.db, recipient, prod);
    expect(offer).toMatchObject({ version: 2, installed: { version: 1 } });
    const installed = await t.db.transaction(async (tx) =>
      assert(recipient, 'connector:update-installed', { kind: 'connector', id: offer!.installed!.connectorId }, tx),
    );
    expect(await t.db.transaction((tx) => updateInstalled(tx, recipient, installed))).toEqual({ version: 2 });
    const after = await assert(recipient, 'connector:view', { kind: 'connector', id: installed.id });
    expect(after).toMatchObject({ installedVersion: 2, description: 'Tasks, v2' });
  });

  it('open source copies show the definition and may be edited by their owner', async () => {
    await share(owner, { version: 2, sourceKind: 'open', allEnvironments: false, environmentIds: [dev] });
    const [offer] = await listIncomingShares(t.db, recipient, dev);
    expect(offer).toMatchObject({ sourceKind: 'open', version: 2 });
    const { id } = await t.db.transaction((tx) => installShared(tx, recipient, { shareId: offer!.shareId, environmentId: dev }));
    const installed = await assert(recipient, 'connector:view-definition', { kind: 'connector', id });
    expect((await getConnectorView(t.db, installed)).source?.host).toBe('tasks.contoso.test');
    expect(await can(recipient, 'connector:edit', { kind: 'connector', id })).toBe(true);
  });

  it('closed-source offers stop when the organization loses the feature', async () => {
    const flagless = { ...recipient, features: {} };
    await t.db.execute(sql`update organizations set features = '{}'::jsonb where id = ${orgId}::uuid`);
    expect((await listIncomingShares(t.db, flagless, prod)).filter((s) => s.sourceKind === 'closed')).toEqual([]);
    expect((await listIncomingShares(t.db, flagless, dev)).map((s) => s.sourceKind)).toEqual(['open']);
    await t.db.execute(sql`update organizations set features = '{"closedSourceSharing": true}'::jsonb where id = ${orgId}::uuid`);
  });

  it('stopping the share removes the offer and keeps installed copies', async () => {
    await t.db.transaction(async (tx) =>
      stopSharingWithEnvironments(
        tx,
        owner,
        await assert(owner, 'connector:share-environments', { kind: 'connector', id: connectorId }, tx),
      ),
    );
    expect(await listIncomingShares(t.db, recipient, dev)).toEqual([]);
    expect(await listOutgoingShares(t.db, owner, home)).toEqual([]);
  });
  it('when a copy turns closed, grants above Can view are lowered in the same transaction with audit rows; any left stay manageable', async () => {
    const stage = (await createEnvironment(t.db, orgId, { name: 'Stage', region: 'westeurope' })).id;
    await setRole(t.db, orgId, stage, recipient.userId, 'environment_maker');
    const editorUser = await createUser(t.db, orgId, { name: 'Eddie Editor' });
    await setRole(t.db, orgId, stage, editorUser.id, 'environment_maker');
    await share(owner, { version: 2, sourceKind: 'open', allEnvironments: false, environmentIds: [stage] });
    const [offer] = await listIncomingShares(t.db, recipient, stage);
    const { id } = await t.db.transaction((tx) => installShared(tx, recipient, { shareId: offer!.shareId, environmentId: stage }));
    await t.db.transaction(async (tx) => {
      const loaded = await assert(recipient, 'connector:share', { kind: 'connector', id }, tx);
      await grantAccess(
        tx,
        recipient,
        { kind: 'connector', ...loaded },
        { principalKind: 'user', principalId: editorUser.id, level: 'can_edit' },
      );
    });

    // v3 comes closed: updating the copy lowers Eddie's Can edit to Can view, audited, in the update's transaction.
    await t.db.transaction(async (tx) => {
      const loaded = await assert(owner, 'connector:edit', { kind: 'connector', id: connectorId }, tx);
      await updateDraft(
        tx,
        owner,
        loaded,
        await editDefinition(await getDraft(tx, connectorId), { name: 'Contoso Tasks', description: 'Tasks, v3', iconColor: '#5c2d91' }),
      );
      await releaseVersion(tx, owner, loaded);
    });
    await share(owner, { version: 3, sourceKind: 'closed', allEnvironments: false, environmentIds: [stage] });
    await t.db.transaction(async (tx) =>
      updateInstalled(tx, recipient, await assert(recipient, 'connector:update-installed', { kind: 'connector', id }, tx)),
    );
    const levelOf = async (principalId: string) =>
      (await listAccess(t.db, recipient, 'connector', id)).find((r) => r.principalId === principalId)?.levelName;
    expect(await levelOf(editorUser.id)).toBe('can_view');
    const [lowered] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'connector.grant_change')));
    expect(lowered).toMatchObject({
      actorId: recipient.userId,
      before: expect.objectContaining({ principalId: editorUser.id, level: 'can_edit' }),
      after: expect.objectContaining({ principalId: editorUser.id, level: 'can_view', reason: 'v3 is closed source' }),
    });

    // A grant above the closed-source maximum (written before this rule) can still be lowered and removed by the copy's owner and an admin.
    const envAdminUser = await createUser(t.db, orgId);
    await setRole(t.db, orgId, stage, envAdminUser.id, 'environment_admin');
    const envAdmin = (await loadActor(t.db, envAdminUser.id))!;
    for (const who of [recipient, envAdmin]) {
      await t.db.execute(sql`update grants set level = 30 where resource_id = ${id}::uuid and principal_id = ${editorUser.id}::uuid`);
      expect(await levelOf(editorUser.id)).toBe('can_edit');
      await t.db.transaction(async (tx) => {
        const loaded = await assert(who, 'connector:share', { kind: 'connector', id }, tx);
        // Raising to Can edit stays refused on a closed copy; lowering works.
        await expect(
          grantAccess(
            tx,
            who,
            { kind: 'connector', ...loaded },
            { principalKind: 'user', principalId: editorUser.id, level: 'can_view_share' },
          ),
        ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      });
      await t.db.transaction(async (tx) => {
        const loaded = await assert(who, 'connector:share', { kind: 'connector', id }, tx);
        await changeAccess(tx, who, { kind: 'connector', ...loaded }, { principalId: editorUser.id, level: 'can_view' });
      });
      expect(await levelOf(editorUser.id)).toBe('can_view');
      await t.db.execute(sql`update grants set level = 30 where resource_id = ${id}::uuid and principal_id = ${editorUser.id}::uuid`);
      await t.db.transaction(async (tx) => {
        const loaded = await assert(who, 'connector:share', { kind: 'connector', id }, tx);
        await revokeAccess(tx, who, { kind: 'connector', ...loaded }, { principalId: editorUser.id });
      });
      expect(await levelOf(editorUser.id)).toBeUndefined();
      await t.db.transaction(async (tx) => {
        const loaded = await assert(who, 'connector:share', { kind: 'connector', id }, tx);
        await grantAccess(
          tx,
          who,
          { kind: 'connector', ...loaded },
          { principalKind: 'user', principalId: editorUser.id, level: 'can_view' },
        );
      });
    }
  });
  it('an installed copy whose name is taken in the environment gets a visible suffix', async () => {
    const annex = (await createEnvironment(t.db, orgId, { name: 'Annex', region: 'westeurope' })).id;
    await setRole(t.db, orgId, annex, recipient.userId, 'environment_maker');
    const recipientHere = (await loadActor(t.db, recipient.userId))!;
    const own = await readConnectorUpload({ files: taskFiles, name: 'Contoso Tasks' });
    await t.db.transaction((tx) => createConnector(tx, recipientHere, { environmentId: annex, definition: own }));
    await share(owner, { version: 3, sourceKind: 'open', allEnvironments: false, environmentIds: [annex] });
    const [offer] = await listIncomingShares(t.db, recipientHere, annex);
    const { id } = await t.db.transaction((tx) => installShared(tx, recipientHere, { shareId: offer!.shareId, environmentId: annex }));
    expect(await assert(recipientHere, 'connector:view', { kind: 'connector', id })).toMatchObject({ name: 'Contoso Tasks (from Home)' });
  });

  it('delete says everything it affects: access, the environment share, installed copies; the copies keep working, told their source is gone', async () => {
    await t.db.transaction(async (tx) => {
      const loaded = await assert(owner, 'connector:share', { kind: 'connector', id: connectorId }, tx);
      await grantAccess(
        tx,
        owner,
        { kind: 'connector', ...loaded },
        { principalKind: 'user', principalId: bystander.userId, level: 'can_view' },
      );
    });
    const impact = await deleteImpact(t.db, connectorId);
    expect(impact.access).toEqual([{ name: 'Bystander', kind: 'user', levelLabel: 'Can view' }]);
    expect(impact.share).toEqual({ version: 3, allEnvironments: false, environmentNames: ['Annex'] });
    expect(impact.installedCopies).toBe(4);
    const copies = await t.db.select({ id: connectors.id }).from(connectors).where(eq(connectors.installedFromConnectorId, connectorId));
    await t.db.transaction(async (tx) =>
      deleteConnector(tx, owner, await assert(owner, 'connector:delete', { kind: 'connector', id: connectorId }, tx)),
    );
    expect(await listOutgoingShares(t.db, owner, home)).toEqual([]);
    for (const copy of copies) {
      expect(await assert(recipient, 'connector:view', { kind: 'connector', id: copy.id })).toMatchObject({
        installedFromConnectorId: connectorId,
      });
    }
    expect(await installedSourceDeleted(t.db, connectorId)).toBe(true);
  });
});
