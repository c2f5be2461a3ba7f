'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { db, type Tx } from '@/db/client';
import { defineAction } from '@/lib/action';
import { assert, assertEnvironment, assertEnvironmentNow, policy, type Actor, type Loaded } from '@/lib/authz';
import {
  getShare,
  installShared,
  shareWithEnvironments,
  stopSharingWithEnvironments,
  updateInstalled,
} from '@/lib/connectors/environment-sharing';
import { deleteConnector, deleteImpact, getDraft, releaseVersion } from '@/lib/connectors/service';
import { AppError } from '@/lib/errors';
import { toSwagger2 } from '@/lib/connectors/swagger2';
import { changeAccess, grantAccess, revokeAccess } from '@/lib/sharing/grants';

/*
 * Connector server actions. Each is a public endpoint: defineAction authenticates and parses;
 * each body authorizes through lib/authz, then changes data in one transaction with its audit row.
 */

/** Connector pages are rendered per request; this drops the client's cached copies of every page of the environment. */
const revalidateConnectorPages = () => revalidatePath('/environments/[environmentId]', 'layout');

const connectorRef = (connectorId: string) => ({ kind: 'connector' as const, id: connectorId });

/** One transaction: the connector loaded with `action` checked on it, then `work` on the same transaction. */
function onConnector<T>(
  actor: Actor,
  action: policy.ConnectorAction,
  connectorId: string,
  work: (tx: Tx, connector: Loaded<'connector'>) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => work(tx, await assert(actor, action, connectorRef(connectorId), tx)));
}
const id = z.uuid();
const shareLevel = z.enum(policy.shareableLevels.connector);

/**
 * Releases the draft as the next version. When an older version is shared with other environments,
 * the result says so (and whether this actor may move the share), so the dialog can offer to.
 */
export const releaseVersionAction = defineAction({
  schema: z.object({ connectorId: id, releaseNotes: z.string().max(4000).optional().default('') }),
  async run(actor, { connectorId, releaseNotes }) {
    const result = await onConnector(actor, 'connector:release', connectorId, async (tx, connector) => {
      const released = await releaseVersion(tx, actor, connector, { releaseNotes });
      const share = await getShare(tx, connector.id);
      return { ...released, share, canUpdateShare: connector.access.allowed['connector:share-environments'] };
    });
    revalidateConnectorPages();
    return result;
  },
});

/** What deleting would take with it, for the confirmation dialog. */
export const deleteImpactAction = defineAction({
  schema: z.object({ connectorId: id }),
  async run(actor, { connectorId }) {
    const connector = await assert(actor, 'connector:delete', connectorRef(connectorId));
    return deleteImpact(db, connector.id);
  },
});

export const deleteConnectorAction = defineAction({
  schema: z.object({ connectorId: id, confirmName: z.string().max(300) }),
  async run(actor, { connectorId, confirmName }) {
    await onConnector(actor, 'connector:delete', connectorId, async (tx, connector) => {
      if (confirmName.trim() !== connector.name) {
        throw new AppError('INVALID_INPUT', 'Type the connector’s name exactly to confirm.', {
          fieldErrors: { confirmName: ['The name doesn’t match.'] },
        });
      }
      await deleteConnector(tx, actor, connector);
    });
    revalidateConnectorPages();
    return { deleted: true };
  },
});

const principalKind = z.enum(['user', 'group', 'everyone']);

export const shareConnectorAction = defineAction({
  schema: z.object({ connectorId: id, principalKind, principalId: id, level: shareLevel }),
  async run(actor, input) {
    const outcome = await onConnector(actor, 'connector:share', input.connectorId, (tx, connector) =>
      grantAccess(tx, actor, { kind: 'connector', ...connector }, input),
    );
    revalidateConnectorPages();
    return { shared: true, note: outcome.note };
  },
});

export const changeConnectorAccessAction = defineAction({
  schema: z.object({ connectorId: id, principalId: id, level: shareLevel }),
  async run(actor, input) {
    await onConnector(actor, 'connector:share', input.connectorId, (tx, connector) =>
      changeAccess(tx, actor, { kind: 'connector', ...connector }, input),
    );
    revalidateConnectorPages();
    return { changed: true };
  },
});

export const removeConnectorAccessAction = defineAction({
  schema: z.object({ connectorId: id, principalId: id }),
  async run(actor, input) {
    await onConnector(actor, 'connector:share', input.connectorId, (tx, connector) =>
      revokeAccess(tx, actor, { kind: 'connector', ...connector }, input),
    );
    revalidateConnectorPages();
    return { removed: true };
  },
});

export const shareWithEnvironmentsAction = defineAction({
  schema: z.object({
    connectorId: id,
    version: z.coerce.number().int().positive(),
    sourceKind: z.enum(['open', 'closed']),
    allEnvironments: z.boolean(),
    environmentIds: z.array(id).max(500).default([]),
  }),
  async run(actor, input) {
    await onConnector(actor, 'connector:share-environments', input.connectorId, (tx, connector) =>
      shareWithEnvironments(tx, actor, connector, input),
    );
    revalidateConnectorPages();
    return { shared: true };
  },
});

export const stopSharingAction = defineAction({
  schema: z.object({ connectorId: id }),
  async run(actor, { connectorId }) {
    await onConnector(actor, 'connector:share-environments', connectorId, (tx, connector) =>
      stopSharingWithEnvironments(tx, actor, connector),
    );
    revalidateConnectorPages();
    return { stopped: true };
  },
});

export const installConnectorAction = defineAction({
  schema: z.object({ shareId: id, environmentId: id }),
  async run(actor, input) {
    const env = assertEnvironment(actor, 'environment:install-connector', input.environmentId);
    const installed = await db.transaction(async (tx) => {
      await assertEnvironmentNow(tx, actor, 'environment:install-connector', env.id);
      return installShared(tx, actor, { shareId: input.shareId, environmentId: env.id });
    });
    revalidateConnectorPages();
    return installed;
  },
});

export const updateInstalledAction = defineAction({
  schema: z.object({ connectorId: id }),
  async run(actor, { connectorId }) {
    const result = await onConnector(actor, 'connector:update-installed', connectorId, async (tx, installed) => {
      await assertEnvironmentNow(tx, actor, 'environment:install-connector', installed.environmentId);
      return updateInstalled(tx, actor, installed);
    });
    revalidateConnectorPages();
    return result;
  },
});

/**
 * Before a download: whether the package's definition will be converted to Swagger 2.0 (all Power
 * Platform reads) and what that loses, or why Power Platform would refuse it, for the dialog to say.
 */
export const downloadCheckAction = defineAction({
  schema: z.object({ connectorId: id }),
  async run(actor, { connectorId }) {
    const connector = await assert(actor, 'connector:download', connectorRef(connectorId));
    const draft = await getDraft(db, connector.id);
    const { converted, losses, problems } = await toSwagger2(draft.document);
    return { specFormat: draft.specFormat, converted, losses, problems };
  },
});
