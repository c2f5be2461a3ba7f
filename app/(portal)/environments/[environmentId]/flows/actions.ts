'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { db, type Tx } from '@/db/client';
import { defineAction } from '@/lib/action';
import { assert, assertEnvironment, assertEnvironmentNow, policy, type Actor, type Loaded } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { createFlow, deleteFlow, saveFlowDocument, turnOff, turnOn } from '@/lib/flows/service';

/*
 * Flow server actions. Each is a public endpoint: defineAction authenticates and parses; each body
 * authorizes through lib/authz (`flow:*` rows), then changes data in one transaction with its audit row.
 */

const revalidateFlowPages = () => revalidatePath('/environments/[environmentId]', 'layout');

/** One transaction: the flow loaded with `action` checked on it, then `work` on the same transaction. */
function onFlow<T>(
  actor: Actor,
  action: policy.FlowAction,
  flowId: string,
  work: (tx: Tx, flow: Loaded<'flow'>) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => work(tx, await assert(actor, action, { kind: 'flow', id: flowId }, tx)));
}
const id = z.uuid();

/** Creates a flow with an empty document of the chosen trigger; the creator owns it. */
export const createFlowAction = defineAction({
  schema: z.object({
    environmentId: id,
    name: z.string().trim().min(1, 'Enter a flow name.').max(200),
    trigger: z.enum(['instant', 'scheduled', 'automated']),
  }),
  async run(actor, input) {
    const env = assertEnvironment(actor, 'environment:create', input.environmentId);
    const created = await db.transaction(async (tx) => {
      await assertEnvironmentNow(tx, actor, 'environment:create', env.id);
      return createFlow(tx, actor, { environmentId: env.id, name: input.name, triggerKind: input.trigger });
    });
    revalidateFlowPages();
    return { id: created.id };
  },
});

/** Saves the editor's or Code view's document; returns the findings (the flow is saved either way). */
export const saveFlowAction = defineAction({
  schema: z.object({
    flowId: id,
    name: z.string().max(200).optional(),
    document: z.string().max(2 * 1024 * 1024),
  }),
  async run(actor, input) {
    let document: unknown;
    try {
      document = JSON.parse(input.document);
    } catch {
      throw new AppError('INVALID_INPUT', 'The code is not valid JSON.');
    }
    // Seam: the connector lookup (the environment's released custom connectors the owner may use) comes with the editor's step pickers.
    const result = await onFlow(actor, 'flow:edit', input.flowId, (tx, flow) =>
      saveFlowDocument(tx, actor, flow, { name: input.name, document }),
    );
    revalidateFlowPages();
    return result;
  },
});

/** Turns a flow on, or refuses with the reasons it can't run. */
export const turnOnFlowAction = defineAction({
  schema: z.object({ flowId: id }),
  async run(actor, input) {
    await onFlow(actor, 'flow:manage', input.flowId, (tx, flow) => turnOn(tx, actor, flow));
    revalidateFlowPages();
    return {};
  },
});

/** Turns a flow off. */
export const turnOffFlowAction = defineAction({
  schema: z.object({ flowId: id }),
  async run(actor, input) {
    await onFlow(actor, 'flow:manage', input.flowId, (tx, flow) => turnOff(tx, actor, flow));
    revalidateFlowPages();
    return {};
  },
});

/** Deletes a flow after the name was typed to confirm. */
export const deleteFlowAction = defineAction({
  schema: z.object({ flowId: id, confirmName: z.string().max(200) }),
  async run(actor, input) {
    await onFlow(actor, 'flow:delete', input.flowId, async (tx, flow) => {
      if (input.confirmName.trim() !== flow.name) throw new AppError('INVALID_INPUT', 'Type the flow’s name exactly to confirm.');
      await deleteFlow(tx, actor, flow);
    });
    revalidateFlowPages();
    return {};
  },
});
