import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { connectorEnvironmentShares, connectorEnvironmentShareTargets, connectors, connectorVersions, environments } from '@/db/schema';
import { recordAudit } from '@/lib/audit';
import { allowedIn, policy, type Actor, type Loaded } from '@/lib/authz';
import { AppError, notFound } from '@/lib/errors';
import { grantOwner, lowerGrantsTo } from '@/lib/sharing/grants';
import { freeName } from './service';
import { jsonValue, rowsOf } from '@/lib/sql';

/*
 * Sharing released versions with other environments of the organization (seed 001): open source
 * (recipients get the definition and may change their copy) or closed source (they install and use
 * it; the document never reaches them). Closed source needs the organization's flag and reaches
 * only environments in the connector's region.
 */

export type SourceKind = 'open' | 'closed';

/** Why closed source is not available for this connector, or null when it is. */
export function closedSourceUnavailableReason(actor: Actor): string | null {
  if (!actor.features.closedSourceSharing) return 'Closed-source sharing isn’t turned on for your organization.';
  return null;
}

export interface EnvironmentChoice {
  id: string;
  name: string;
  region: string;
  /** Null when a closed-source share may reach it; otherwise why not. */
  closedSourceBlockedReason: string | null;
}

/** The environments a connector in `sourceEnvironmentId` can be shared with, and which closed source may reach. */
export async function shareTargets(
  tx: Queryable,
  actor: Actor,
  sourceEnvironmentId: string,
): Promise<{ sourceRegion: string; targets: EnvironmentChoice[] }> {
  const rows = await tx
    .select({ id: environments.id, name: environments.name, region: environments.region })
    .from(environments)
    .where(eq(environments.organizationId, actor.organizationId))
    .orderBy(sql`${environments.isDefault} desc`, sql`lower(${environments.name})`);
  const source = rows.find((r) => r.id === sourceEnvironmentId);
  if (!source) throw notFound();
  return {
    sourceRegion: source.region,
    targets: rows
      .filter((r) => r.id !== sourceEnvironmentId)
      .map((r) => ({
        ...r,
        closedSourceBlockedReason:
          r.region === source.region ? null : `In ${r.region}; closed source stays in ${source.region}, the connector’s region.`,
      })),
  };
}

/**
 * Shares (or re-shares) a released version. Replaces the connector's previous share: a newer
 * version offers `Update` to environments that installed an older one.
 */
export async function shareWithEnvironments(
  tx: Queryable,
  actor: Actor,
  connector: Loaded<'connector'>,
  input: { version: number; sourceKind: SourceKind; allEnvironments: boolean; environmentIds: string[] },
): Promise<void> {
  const [version] = await tx
    .select({ id: connectorVersions.id, version: connectorVersions.version })
    .from(connectorVersions)
    .where(and(eq(connectorVersions.connectorId, connector.id), eq(connectorVersions.version, input.version)));
  if (!version)
    throw new AppError('INVALID_INPUT', `v${input.version} isn’t a released version of ${connector.name}. Release a version first.`);
  if (input.sourceKind === 'closed') {
    const reason = closedSourceUnavailableReason(actor);
    if (reason) throw new AppError('FORBIDDEN', reason);
  }
  const { targets } = await shareTargets(tx, actor, connector.environmentId);
  const chosen = input.allEnvironments ? [] : [...new Set(input.environmentIds)];
  if (!input.allEnvironments) {
    if (chosen.length === 0) throw new AppError('INVALID_INPUT', 'Choose at least one environment, or all environments.');
    for (const id of chosen) {
      const target = targets.find((t) => t.id === id);
      if (!target) throw new AppError('INVALID_INPUT', 'One of the chosen environments doesn’t exist, or is the connector’s own.');
      if (input.sourceKind === 'closed' && target.closedSourceBlockedReason) {
        throw new AppError('INVALID_INPUT', `${target.name} can’t receive closed source: ${target.closedSourceBlockedReason}`);
      }
    }
  }
  const [before] = await tx
    .select()
    .from(connectorEnvironmentShares)
    .where(eq(connectorEnvironmentShares.connectorId, connector.id))
    .for('update');
  const values = {
    versionId: version.id,
    version: version.version,
    sourceKind: input.sourceKind,
    allEnvironments: input.allEnvironments,
    sharedBy: actor.userId,
  };
  let shareId: string;
  if (before) {
    await tx.update(connectorEnvironmentShares).set(values).where(eq(connectorEnvironmentShares.id, before.id));
    await tx.delete(connectorEnvironmentShareTargets).where(eq(connectorEnvironmentShareTargets.shareId, before.id));
    shareId = before.id;
  } else {
    const [row] = await tx
      .insert(connectorEnvironmentShares)
      .values({ ...values, organizationId: actor.organizationId, connectorId: connector.id })
      .returning({ id: connectorEnvironmentShares.id });
    shareId = row!.id;
  }
  if (chosen.length > 0)
    await tx.insert(connectorEnvironmentShareTargets).values(chosen.map((environmentId) => ({ shareId, environmentId })));
  await recordAudit(tx, actor, {
    action: 'connector.share_environments',
    targetKind: 'connector',
    targetId: connector.id,
    targetName: connector.name,
    before: before ? { version: before.version, sourceKind: before.sourceKind, allEnvironments: before.allEnvironments } : null,
    after: { version: version.version, sourceKind: input.sourceKind, allEnvironments: input.allEnvironments, environmentIds: chosen },
  });
}

/** Stops offering the connector to other environments. Copies already installed stay. */
export async function stopSharingWithEnvironments(tx: Queryable, actor: Actor, connector: Loaded<'connector'>): Promise<void> {
  const removed = await tx
    .delete(connectorEnvironmentShares)
    .where(eq(connectorEnvironmentShares.connectorId, connector.id))
    .returning({ version: connectorEnvironmentShares.version, sourceKind: connectorEnvironmentShares.sourceKind });
  if (removed.length === 0) throw notFound('This connector isn’t shared with other environments.');
  await recordAudit(tx, actor, {
    action: 'connector.unshare_environments',
    targetKind: 'connector',
    targetId: connector.id,
    targetName: connector.name,
    before: removed[0],
  });
}

export interface ConnectorShare {
  version: number;
  sourceKind: SourceKind;
  allEnvironments: boolean;
  environmentIds: string[];
  environmentNames: string[];
}

/** How one connector is shared with other environments now (which version, where), or null. One query. */
export async function getShare(tx: Queryable, connectorId: string): Promise<ConnectorShare | null> {
  const [row] = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      select s.version, s.source_kind, s.all_environments,
             coalesce((select json_agg(json_build_object('id', e.id, 'name', e.name) order by lower(e.name))
                       from connector_environment_share_targets t join environments e on e.id = t.environment_id
                       where t.share_id = s.id), '[]'::json) as targets
      from connector_environment_shares s where s.connector_id = ${connectorId}::uuid`),
  );
  if (!row) return null;
  const targets = jsonValue<{ id: string; name: string }[]>(row.targets);
  return {
    version: Number(row.version),
    sourceKind: row.source_kind as SourceKind,
    allEnvironments: Boolean(row.all_environments),
    environmentIds: targets.map((t) => t.id),
    environmentNames: targets.map((t) => t.name),
  };
}

export interface OutgoingShare {
  connectorId: string;
  connectorName: string;
  version: number;
  latestVersion: number;
  sourceKind: SourceKind;
  allEnvironments: boolean;
  environmentNames: string[];
  sharedByName: string;
  updatedAt: Date;
  installs: number;
}

/** Shares of connectors from `environmentId` that the actor manages (owner, or any for organization admins). One query. */
export async function listOutgoingShares(tx: Queryable, actor: Actor, environmentId: string): Promise<OutgoingShare[]> {
  const result = await tx.execute(sql`
    select s.connector_id, connectors.name as connector_name, s.version, connectors.latest_version, s.source_kind, s.all_environments,
           u.name as shared_by_name, s.updated_at,
           coalesce((select json_agg(e.name order by lower(e.name)) from connector_environment_share_targets t
                     join environments e on e.id = t.environment_id where t.share_id = s.id), '[]'::json) as environment_names,
           (select count(*)::int from connectors i where i.installed_from_connector_id = connectors.id) as installs
    from connector_environment_shares s
    -- Unaliased: the authz filter names "connectors".
    join connectors on connectors.id = s.connector_id
    join users u on u.id = s.shared_by
    where s.organization_id = ${actor.organizationId}::uuid and connectors.environment_id = ${environmentId}::uuid
      and ${allowedIn(actor, 'connector', 'connector:share-environments', environmentId)}
    order by lower(connectors.name)`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    connectorId: r.connector_id as string,
    connectorName: r.connector_name as string,
    version: Number(r.version),
    latestVersion: Number(r.latest_version),
    sourceKind: r.source_kind as SourceKind,
    allEnvironments: Boolean(r.all_environments),
    environmentNames: jsonValue<string[]>(r.environment_names),
    sharedByName: r.shared_by_name as string,
    updatedAt: new Date(r.updated_at as string),
    installs: Number(r.installs),
  }));
}

export interface IncomingShare {
  shareId: string;
  connectorName: string;
  description: string;
  iconColor: string;
  sourceEnvironmentName: string;
  version: number;
  sourceKind: SourceKind;
  sharedByName: string;
  installed: null | { connectorId: string; version: number };
}

/**
 * What other environments share with `environmentId`: closed source only from the same region.
 * Shows the shared version's name and description only. One query.
 */
export async function listIncomingShares(tx: Queryable, actor: Actor, environmentId: string): Promise<IncomingShare[]> {
  const result = await tx.execute(sql`
    select s.id as share_id, v.name as connector_name, v.description, v.icon_color, se.name as source_environment_name,
           s.version, s.source_kind, u.name as shared_by_name,
           i.id as installed_id, i.installed_version
    from connector_environment_shares s
    join connectors c on c.id = s.connector_id
    join connector_versions v on v.id = s.version_id
    join environments se on se.id = c.environment_id
    join environments te on te.id = ${environmentId}::uuid and te.organization_id = s.organization_id
    join users u on u.id = s.shared_by
    join organizations o on o.id = s.organization_id
    left join connectors i on i.environment_id = te.id and i.installed_from_connector_id = c.id
    where s.organization_id = ${actor.organizationId}::uuid
      and c.environment_id <> te.id
      and (s.all_environments or exists (select 1 from connector_environment_share_targets t where t.share_id = s.id and t.environment_id = te.id))
      -- Closed source: same region, and only while the organization still has the feature.
      and (s.source_kind = 'open' or (se.region = te.region and coalesce((o.features ->> 'closedSourceSharing')::boolean, false)))
    order by lower(v.name)`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    shareId: r.share_id as string,
    connectorName: r.connector_name as string,
    description: r.description as string,
    iconColor: r.icon_color as string,
    sourceEnvironmentName: r.source_environment_name as string,
    version: Number(r.version),
    sourceKind: r.source_kind as SourceKind,
    sharedByName: r.shared_by_name as string,
    installed: r.installed_id ? { connectorId: r.installed_id as string, version: Number(r.installed_version) } : null,
  }));
}

/** Loads a share as offered to `environmentId`, or NOT_FOUND when it is not offered there. */
async function offeredShare(tx: Queryable, actor: Actor, shareId: string, environmentId: string) {
  const offers = await listIncomingShares(tx, actor, environmentId);
  const offer = offers.find((o) => o.shareId === shareId);
  if (!offer) throw notFound('That connector isn’t shared with this environment (any more).');
  const [share] = await tx.select().from(connectorEnvironmentShares).where(eq(connectorEnvironmentShares.id, shareId));
  const [version] = await tx.select().from(connectorVersions).where(eq(connectorVersions.id, share!.versionId));
  return { offer, share: share!, version: version! };
}

/** The definition columns of a version, for a copy. */
function copyOf(version: typeof connectorVersions.$inferSelect) {
  const { id: _id, organizationId: _o, connectorId: _c, version: _v, releasedBy: _r, releasedAt: _a, ...definition } = version;
  return definition;
}

/** Installs the shared version in `environmentId` as a copy owned by the actor. */
export async function installShared(
  tx: Queryable,
  actor: Actor,
  input: { shareId: string; environmentId: string },
): Promise<{ id: string }> {
  const { offer, share, version } = await offeredShare(tx, actor, input.shareId, input.environmentId);
  if (offer.installed) throw new AppError('CONFLICT', `${offer.connectorName} is already installed here.`);
  const [row] = await tx
    .insert(connectors)
    .values({
      ...copyOf(version),
      // Names are unique in an environment: a copy that would collide says where it comes from.
      name: await freeName(tx, input.environmentId, version.name, `from ${offer.sourceEnvironmentName}`),
      organizationId: actor.organizationId,
      environmentId: input.environmentId,
      createdBy: actor.userId,
      latestVersion: 0,
      installedFromConnectorId: share.connectorId,
      installedVersion: share.version,
      sourceKind: share.sourceKind,
    })
    .returning({ id: connectors.id });
  await grantOwner(tx, actor, 'connector', row!.id);
  await recordAudit(tx, actor, {
    action: 'connector.install',
    targetKind: 'connector',
    targetId: row!.id,
    targetName: version.name,
    after: { fromConnectorId: share.connectorId, version: share.version, sourceKind: share.sourceKind, environmentId: input.environmentId },
  });
  return row!;
}

/** Moves an installed copy to the version its source now shares. */
export async function updateInstalled(tx: Queryable, actor: Actor, installed: Loaded<'connector'>): Promise<{ version: number }> {
  if (!installed.installedFromConnectorId) throw new AppError('INVALID_INPUT', 'This connector wasn’t installed from another environment.');
  const offers = await listIncomingShares(tx, actor, installed.environmentId);
  const offer = offers.find((o) => o.installed?.connectorId === installed.id);
  if (!offer) throw notFound('Its source no longer shares it with this environment.');
  if (offer.version <= (installed.installedVersion ?? 0))
    throw new AppError('CONFLICT', `Already on v${installed.installedVersion}, the newest shared version.`);
  const { share, version } = await offeredShare(tx, actor, offer.shareId, installed.environmentId);
  await tx
    .update(connectors)
    .set({
      ...copyOf(version),
      name: await freeName(tx, installed.environmentId, version.name, `from ${offer.sourceEnvironmentName}`, installed.id),
      installedVersion: share.version,
      sourceKind: share.sourceKind,
    })
    .where(eq(connectors.id, installed.id));
  await recordAudit(tx, actor, {
    action: 'connector.update_installed',
    targetKind: 'connector',
    targetId: installed.id,
    targetName: version.name,
    before: { version: installed.installedVersion },
    after: { version: share.version, sourceKind: share.sourceKind },
  });
  if (share.sourceKind === 'closed') {
    // A closed copy's grants hold no more than the closed-source maximum: lowered now, in this transaction, each audited.
    await lowerGrantsTo(
      tx,
      actor,
      { kind: 'connector', id: installed.id, name: version.name },
      policy.closedSourceGrantMax.connector,
      `v${share.version} is closed source`,
    );
  }
  return { version: share.version };
}
