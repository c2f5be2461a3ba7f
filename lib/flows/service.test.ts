import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEnvironment, createOrganization, createUser, setRole, setupTestDatabase } from '@/db/testing';
import { auditLog, flowConnections, flows, grants } from '@/db/schema';
import { assert, loadActor, type Actor } from '@/lib/authz';
import { listMyFlows, type FlowCursor } from './queries';
import { createFlow, deleteFlow, emptyDocument, saveFlowDocument, turnOff, turnOn } from './service';

const t = setupTestDatabase();
type Tx = Parameters<Parameters<typeof t.db.transaction>[0]>[0];

/** An instant flow calling one connector operation through slot `shared_contoso-echo`, with an input `text`. */
function connectorFlow(slot = 'shared_contoso-echo'): Record<string, unknown> {
  const doc = emptyDocument('instant') as { definition: Record<string, unknown> };
  return {
    definition: {
      ...doc.definition,
      triggers: {
        manual: {
          type: 'Request',
          kind: 'Button',
          inputs: { schema: { type: 'object', properties: { text: { title: 'text', type: 'string' } }, required: ['text'] } },
        },
      },
      actions: {
        Post_a_message: {
          type: 'OpenApiConnection',
          runAfter: {},
          inputs: {
            host: { connectionName: slot, operationId: 'PostMessage', apiId: `/providers/Microsoft.PowerApps/apis/${slot}` },
            parameters: { 'body/text': "Hello @{triggerBody()?['text']}" },
          },
        },
      },
    },
    connectionReferences: {
      [slot]: { runtimeSource: 'embedded', api: { name: slot }, connection: { connectionReferenceLogicalName: '' } },
    },
  };
}

describe('flow lifecycle', () => {
  let maker: Actor;
  let envId: string;

  beforeAll(async () => {
    const org = await createOrganization(t.db);
    envId = (await createEnvironment(t.db, org.id, { isDefault: true })).id;
    const u = await createUser(t.db, org.id, { name: 'Megan Maker' });
    await setRole(t.db, org.id, envId, u.id, 'environment_maker');
    maker = (await loadActor(t.db, u.id))!;
  });

  const create = (name = 'My flow', triggerKind: 'instant' | 'scheduled' | 'automated' = 'instant') =>
    t.db.transaction((tx) => createFlow(tx, maker, { environmentId: envId, name, triggerKind }));
  const load = (tx: Tx, id: string, action: 'flow:edit' | 'flow:manage' | 'flow:delete') => assert(maker, action, { kind: 'flow', id }, tx);

  it('creates a flow off, owned by its creator, audited; its starting document validates for each trigger kind', async () => {
    for (const kind of ['instant', 'scheduled', 'automated'] as const) {
      const { id } = await create(`Flow ${kind}`, kind);
      const [row] = await t.db.select().from(flows).where(eq(flows.id, id));
      expect(row).toMatchObject({ state: 'off', triggerKind: kind, createdBy: maker.userId, findings: [] });
      const owner = await t.db
        .select()
        .from(grants)
        .where(and(eq(grants.resourceKind, 'flow'), eq(grants.resourceId, id)));
      expect(owner).toHaveLength(1);
      const audit = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'flow.create')));
      expect(audit).toHaveLength(1);
    }
  });

  it('saves a document with findings (kept, with pointers), and keeps slots in step: new ones added, unused ones kept', async () => {
    const { id } = await create();
    const broken = connectorFlow();
    const definition = broken.definition as { actions: Record<string, { inputs: Record<string, unknown> }> };
    definition.actions.Post_a_message!.inputs.parameters = { 'body/text': "@{triggerBody()?['missing'" };
    const saved = await t.db.transaction(async (tx) => saveFlowDocument(tx, maker, await load(tx, id, 'flow:edit'), { document: broken }));
    expect(saved.findings.length).toBeGreaterThan(0);
    expect(saved.findings[0]!.pointer).toMatch(/^\/definition\/actions\/Post_a_message/);
    const [row] = await t.db.select().from(flows).where(eq(flows.id, id));
    expect(row!.findings).toEqual(saved.findings);

    await t.db.transaction(async (tx) =>
      saveFlowDocument(tx, maker, await load(tx, id, 'flow:edit'), { document: connectorFlow('shared_other') }),
    );
    const slots = await t.db.select().from(flowConnections).where(eq(flowConnections.flowId, id));
    expect(slots.map((s) => s.slot).sort()).toEqual(['shared_contoso-echo', 'shared_other']);
    expect(
      await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'flow.update'))),
    ).toHaveLength(2);
  });

  it('refuses to turn on with the reasons (a slot without a connection), then turns on and off a flow without steps', async () => {
    const { id } = await create();
    await t.db.transaction(async (tx) => saveFlowDocument(tx, maker, await load(tx, id, 'flow:edit'), { document: connectorFlow() }));
    await expect(t.db.transaction(async (tx) => turnOn(tx, maker, await load(tx, id, 'flow:manage')))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining("'shared_contoso-echo' has no connection"),
    });
    const plain = await create('Plain');
    await t.db.transaction(async (tx) => turnOn(tx, maker, await load(tx, plain.id, 'flow:manage')));
    expect((await t.db.select().from(flows).where(eq(flows.id, plain.id)))[0]!.state).toBe('on');
    await t.db.transaction(async (tx) => turnOff(tx, maker, await load(tx, plain.id, 'flow:manage')));
    expect((await t.db.select().from(flows).where(eq(flows.id, plain.id)))[0]!.state).toBe('off');
  });

  it('deletes a flow with its slots and grants, audited', async () => {
    const { id } = await create('Doomed');
    await t.db.transaction(async (tx) => saveFlowDocument(tx, maker, await load(tx, id, 'flow:edit'), { document: connectorFlow() }));
    await t.db.transaction(async (tx) => deleteFlow(tx, maker, await load(tx, id, 'flow:delete')));
    expect(await t.db.select().from(flows).where(eq(flows.id, id))).toEqual([]);
    expect(await t.db.select().from(flowConnections).where(eq(flowConnections.flowId, id))).toEqual([]);
    expect(await t.db.select().from(grants).where(eq(grants.resourceId, id))).toEqual([]);
    expect(
      await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'flow.delete'))),
    ).toHaveLength(1);
  });
});

describe('My flows', () => {
  it("lists only the actor's own flows in the environment, newest first, keyset-paginated without gaps or repeats", async () => {
    const org = await createOrganization(t.db);
    const envId = (await createEnvironment(t.db, org.id, { isDefault: true })).id;
    const otherEnvId = (await createEnvironment(t.db, org.id)).id;
    const [u1, u2] = [await createUser(t.db, org.id), await createUser(t.db, org.id)];
    for (const u of [u1, u2]) for (const e of [envId, otherEnvId]) await setRole(t.db, org.id, e, u.id, 'environment_maker');
    const me = (await loadActor(t.db, u1.id))!;
    const someoneElse = (await loadActor(t.db, u2.id))!;
    const mine: string[] = [];
    for (let i = 0; i < 5; i++)
      mine.push(
        (await t.db.transaction((tx) => createFlow(tx, me, { environmentId: envId, name: `Mine ${i}`, triggerKind: 'instant' }))).id,
      );
    await t.db.transaction((tx) => createFlow(tx, someoneElse, { environmentId: envId, name: 'Theirs', triggerKind: 'instant' }));
    await t.db.transaction((tx) => createFlow(tx, me, { environmentId: otherEnvId, name: 'Elsewhere', triggerKind: 'instant' }));

    const seen: string[] = [];
    let after: FlowCursor | undefined;
    do {
      const page = await listMyFlows(t.db, me, envId, { after, limit: 2 });
      seen.push(...page.items.map((i) => i.id));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual([...mine].reverse());
  });
});
