import 'server-only';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { flowConnections, flows, type FlowFinding } from '@/db/schema';
import { recordAudit } from '@/lib/audit';
import type { Actor, Loaded } from '@/lib/authz';
import { AppError, notFound } from '@/lib/errors';
import { deleteGrantsOf, grantOwner } from '@/lib/sharing/grants';
import { isRecord, readFlowDocument, validateFlow, type ConnectorLookup } from './definition';

/*
 * Flow lifecycle: create, save the document, turn on and off, delete. Callers authorize first
 * (lib/authz, `flow:*` rows) and pass the transaction; each change writes its audit row on it.
 */

export type FlowTriggerKind = 'instant' | 'scheduled' | 'automated';

const SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

/** The document a new flow starts from: Power Automate's shape with one trigger of the chosen kind. */
export function emptyDocument(kind: FlowTriggerKind): Record<string, unknown> {
  const triggers =
    kind === 'instant'
      ? { manual: { type: 'Request', kind: 'Button', inputs: { schema: { type: 'object', properties: {}, required: [] } } } }
      : kind === 'automated'
        ? { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } }
        : { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } };
  return {
    definition: {
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: { $connections: { defaultValue: {}, type: 'Object' } },
      triggers,
      actions: {},
    },
    connectionReferences: {},
  };
}

/** Creates a flow in an environment, owned by the actor (who must hold `environment:create`). */
export async function createFlow(
  tx: Queryable,
  actor: Actor,
  input: { environmentId: string; name: string; triggerKind: FlowTriggerKind },
): Promise<{ id: string }> {
  const document = emptyDocument(input.triggerKind);
  const [row] = await tx
    .insert(flows)
    .values({
      organizationId: actor.organizationId,
      environmentId: input.environmentId,
      createdBy: actor.userId,
      name: input.name,
      triggerKind: input.triggerKind,
      document,
      findings: toStored(validateFlow(document)),
    })
    .returning({ id: flows.id });
  await grantOwner(tx, actor, 'flow', row!.id);
  await recordAudit(tx, actor, {
    action: 'flow.create',
    targetKind: 'flow',
    targetId: row!.id,
    targetName: input.name,
    after: { environmentId: input.environmentId, triggerKind: input.triggerKind },
  });
  return row!;
}

const toStored = (findings: { pointer: string; code: string; message: string }[]): FlowFinding[] =>
  findings.map(({ pointer, code, message }) => ({ pointer, code, message }));

/**
 * Saves a flow's document as the editor or Code view sent it. Findings are stored, not refused:
 * a flow with findings can be saved and reopened, never turned on. The connection slots follow
 * `connectionReferences`: new slots are added; slots no longer referenced are kept ("Other").
 * A saved flow with findings is turned off.
 */
export async function saveFlowDocument(
  tx: Queryable,
  actor: Actor,
  flow: Loaded<'flow'>,
  input: { name?: string; document: unknown; connectors?: ConnectorLookup },
): Promise<{ findings: FlowFinding[] }> {
  const read = readFlowDocument(input.document);
  if (!read.document) return { findings: toStored(read.findings) };
  const findings = toStored(validateFlow(input.document, { connectors: input.connectors }));
  const [before] = await tx.select({ name: flows.name, state: flows.state }).from(flows).where(eq(flows.id, flow.id)).for('update');
  if (!before) throw notFound();
  const name = input.name?.trim() || before.name;
  const state = findings.length > 0 ? 'off' : before.state;
  await tx
    .update(flows)
    .set({ name, document: read.document as unknown as Record<string, unknown>, findings, state, updatedAt: new Date() })
    .where(eq(flows.id, flow.id));
  const slots = Object.entries(read.document.connectionReferences ?? {}).map(([slot, ref]) => ({
    flowId: flow.id,
    slot,
    runtimeSource: (isRecord(ref) && ref.runtimeSource === 'invoker' ? 'invoker' : 'embedded') as 'invoker' | 'embedded',
  }));
  if (slots.length > 0) {
    // New slots arrive unbound; existing slots keep their connection. Binding is a separate, authorized act.
    await tx
      .insert(flowConnections)
      .values(slots)
      .onConflictDoUpdate({ target: [flowConnections.flowId, flowConnections.slot], set: { runtimeSource: sql`excluded.runtime_source` } });
  }
  await recordAudit(tx, actor, {
    action: 'flow.update',
    targetKind: 'flow',
    targetId: flow.id,
    targetName: name,
    before: { name: before.name, state: before.state },
    after: { name, state, findings: findings.length, slots: slots.map((s) => s.slot) },
  });
  return { findings };
}

/** Lists the slots a flow keeps that its document no longer references ("Other connections"). */
export async function otherSlots(tx: Queryable, flowId: string, used: string[]): Promise<string[]> {
  const rows = await tx
    .select({ slot: flowConnections.slot })
    .from(flowConnections)
    .where(
      used.length ? and(eq(flowConnections.flowId, flowId), notInArray(flowConnections.slot, used)) : eq(flowConnections.flowId, flowId),
    );
  return rows.map((r) => r.slot);
}

/** Turns a flow on, or refuses with every reason it can't run (findings, slots without a connection). */
export async function turnOn(tx: Queryable, actor: Actor, flow: Loaded<'flow'>): Promise<void> {
  const [row] = await tx.select().from(flows).where(eq(flows.id, flow.id)).for('update');
  if (!row) throw notFound();
  const read = readFlowDocument(row.document);
  const used = Object.keys(read.document?.connectionReferences ?? {});
  const bound = used.length
    ? await tx
        .select({ slot: flowConnections.slot, connectionId: flowConnections.connectionId })
        .from(flowConnections)
        .where(and(eq(flowConnections.flowId, flow.id), inArray(flowConnections.slot, used)))
    : [];
  const reasons = [
    ...row.findings.map((f) => `${f.pointer}: ${f.message}`),
    ...used
      .filter((slot) => !bound.some((b) => b.slot === slot && b.connectionId))
      .map((slot) => `The connection slot '${slot}' has no connection.`),
  ];
  if (reasons.length > 0) throw new AppError('CONFLICT', `This flow can't be turned on: ${reasons.join(' ')}`);
  if (row.state === 'on') return;
  await tx.update(flows).set({ state: 'on', updatedAt: new Date() }).where(eq(flows.id, flow.id));
  await recordAudit(tx, actor, { action: 'flow.turn_on', targetKind: 'flow', targetId: flow.id, targetName: row.name });
}

/** Turns a flow off: it no longer runs from its schedule or URL. */
export async function turnOff(tx: Queryable, actor: Actor, flow: Loaded<'flow'>): Promise<void> {
  const [row] = await tx
    .update(flows)
    .set({ state: 'off', nextRunAt: null, updatedAt: new Date() })
    .where(eq(flows.id, flow.id))
    .returning({ name: flows.name });
  if (!row) throw notFound();
  await recordAudit(tx, actor, { action: 'flow.turn_off', targetKind: 'flow', targetId: flow.id, targetName: row.name });
}

/** Deletes a flow with its runs, slots (cascade) and grants. */
export async function deleteFlow(tx: Queryable, actor: Actor, flow: Loaded<'flow'>): Promise<void> {
  const [row] = await tx.delete(flows).where(eq(flows.id, flow.id)).returning({ name: flows.name, environmentId: flows.environmentId });
  if (!row) throw notFound();
  await deleteGrantsOf(tx, 'flow', [flow.id]);
  await recordAudit(tx, actor, {
    action: 'flow.delete',
    targetKind: 'flow',
    targetId: flow.id,
    targetName: row.name,
    before: { name: row.name, environmentId: row.environmentId },
  });
}
