import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { connections, connectors, connectorVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit';
import { policy, type Actor, type Loaded } from '@/lib/authz';
import { AppError, notFound } from '@/lib/errors';
import { deleteGrantsOf, grantOwner } from '@/lib/sharing/grants';
import { jsonValue, rowsOf } from '@/lib/sql';
import type { ConnectorDefinition } from './definition';

/*
 * Connector lifecycle: create, edit the draft, release versions, delete. Callers authorize first
 * (lib/authz) and pass the transaction; each change writes its audit row on it.
 */

/** The definition columns, as stored on a connector (the draft) and on a version. */
export function definitionColumns(d: ConnectorDefinition) {
  return {
    name: d.name,
    description: d.description,
    iconColor: d.iconColor,
    icon: d.icon,
    iconType: d.iconType,
    host: d.host,
    basePath: d.basePath,
    authKind: d.authKind,
    authConfig: d.authConfig,
    connectionParameters: d.connectionParameters,
    specFormat: d.specFormat,
    document: d.document,
    properties: d.properties,
    script: d.script,
    operations: d.operations,
    warnings: d.warnings,
    hash: d.hash,
  };
}

const summary = (d: Pick<ConnectorDefinition, 'name' | 'specFormat' | 'operations' | 'hash'>) => ({
  name: d.name,
  specFormat: d.specFormat,
  operations: d.operations.length,
  hash: d.hash,
});

/** The connector of this environment already called `name` (any case), other than `exceptId`. */
async function sameName(tx: Queryable, environmentId: string, name: string, exceptId?: string) {
  const [row] = rowsOf<{ id: string; name: string; owner: string | null }>(
    await tx.execute(sql`
      select c.id, c.name, u.name as owner from connectors c left join users u on u.id = c.created_by
      where c.environment_id = ${environmentId}::uuid and lower(c.name) = lower(${name})
        ${exceptId ? sql`and c.id <> ${exceptId}::uuid` : sql``}
      limit 1`),
  );
  return row ?? null;
}

/** Refuses a name another connector of the environment has (names are unique per environment, any case). */
export async function assertNameFree(tx: Queryable, environmentId: string, name: string, exceptId?: string): Promise<void> {
  const existing = await sameName(tx, environmentId, name, exceptId);
  if (!existing) return;
  const message = `There is already a connector named “${existing.name}” in this environment${existing.owner ? `, created by ${existing.owner}` : ''}. Choose another name.`;
  throw new AppError('CONFLICT', message, { fieldErrors: { name: [message] } });
}

/** `name`, or `name (from <environment>)`, `name (2)`, … : the first no other connector of the environment has. */
export async function freeName(tx: Queryable, environmentId: string, name: string, suffix: string, exceptId?: string): Promise<string> {
  if (!(await sameName(tx, environmentId, name, exceptId))) return name;
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? `${name} (${suffix})` : `${name} (${suffix} ${n})`;
    if (!(await sameName(tx, environmentId, candidate, exceptId))) return candidate;
  }
  throw new AppError('CONFLICT', `Too many connectors are named “${name}” in this environment.`);
}

/** Creates a connector in an environment, owned by the actor. */
export async function createConnector(
  tx: Queryable,
  actor: Actor,
  input: { environmentId: string; definition: ConnectorDefinition },
): Promise<{ id: string }> {
  await assertNameFree(tx, input.environmentId, input.definition.name);
  const [row] = await tx
    .insert(connectors)
    .values({
      organizationId: actor.organizationId,
      environmentId: input.environmentId,
      createdBy: actor.userId,
      ...definitionColumns(input.definition),
    })
    .returning({ id: connectors.id });
  await grantOwner(tx, actor, 'connector', row!.id);
  await recordAudit(tx, actor, {
    action: 'connector.create',
    targetKind: 'connector',
    targetId: row!.id,
    targetName: input.definition.name,
    after: { ...summary(input.definition), environmentId: input.environmentId },
  });
  return row!;
}

/** Loads a connector's full draft definition (server-side only: never hand it to a closed-source recipient). */
export async function getDraft(tx: Queryable, connectorId: string): Promise<ConnectorDefinition> {
  const [row] = await tx.select().from(connectors).where(eq(connectors.id, connectorId));
  if (!row) throw notFound();
  return { ...row, specFormat: row.specFormat as ConnectorDefinition['specFormat'] };
}

/**
 * Replaces the draft definition. Released versions are untouched. `baseHash` is the draft the
 * edit was made from: if someone changed it meanwhile, CONFLICT rather than silently undoing them.
 */
export async function updateDraft(
  tx: Queryable,
  actor: Actor,
  connector: Loaded<'connector'>,
  definition: ConnectorDefinition,
  baseHash?: string,
): Promise<void> {
  const [before] = await tx
    .select({ hash: connectors.hash, name: connectors.name })
    .from(connectors)
    .where(eq(connectors.id, connector.id))
    .for('update');
  if (!before) throw notFound();
  if (baseHash && before.hash !== baseHash && before.hash !== definition.hash) {
    throw new AppError('CONFLICT', 'Someone saved a newer draft of this connector while you were editing, so yours was not saved over it.');
  }
  if (before.hash === definition.hash) return;
  if (definition.name.toLowerCase() !== before.name.toLowerCase())
    await assertNameFree(tx, connector.environmentId, definition.name, connector.id);
  await tx.update(connectors).set(definitionColumns(definition)).where(eq(connectors.id, connector.id));
  await recordAudit(tx, actor, {
    action: 'connector.update',
    targetKind: 'connector',
    targetId: connector.id,
    targetName: definition.name,
    before: { name: before.name, hash: before.hash },
    after: summary(definition),
  });
}

/** Freezes the draft as the next version (v1, v2, …), with optional release notes. CONFLICT when nothing changed since the last one. */
export async function releaseVersion(
  tx: Queryable,
  actor: Actor,
  connector: Loaded<'connector'>,
  input: { releaseNotes?: string } = {},
): Promise<{ version: number }> {
  const [draft] = await tx.select().from(connectors).where(eq(connectors.id, connector.id)).for('update');
  if (!draft) throw notFound();
  if (draft.latestVersion > 0) {
    const [latest] = await tx
      .select({ hash: connectorVersions.hash })
      .from(connectorVersions)
      .where(and(eq(connectorVersions.connectorId, draft.id), eq(connectorVersions.version, draft.latestVersion)));
    if (latest?.hash === draft.hash) throw new AppError('CONFLICT', `The draft has no changes since v${draft.latestVersion}.`);
  }
  const version = draft.latestVersion + 1;
  const {
    id: _id,
    environmentId: _e,
    createdBy: _c,
    latestVersion: _l,
    installedFromConnectorId: _i,
    installedVersion: _v,
    sourceKind: _s,
    createdAt: _ca,
    updatedAt: _u,
    ...definition
  } = draft;
  const releaseNotes = (input.releaseNotes ?? '').trim();
  await tx.insert(connectorVersions).values({ ...definition, connectorId: draft.id, version, releaseNotes, releasedBy: actor.userId });
  await tx.update(connectors).set({ latestVersion: version }).where(eq(connectors.id, draft.id));
  await recordAudit(tx, actor, {
    action: 'connector.release',
    targetKind: 'connector',
    targetId: draft.id,
    targetName: draft.name,
    after: { version, hash: draft.hash, operations: draft.operations.length, ...(releaseNotes ? { releaseNotes } : {}) },
  });
  return { version };
}

export interface DeleteImpact {
  connections: { id: string; name: string; ownerName: string }[];
  flows: { id: string; name: string; owners: string[]; environmentName: string }[];
  /** People and groups (and Everyone) with access besides the owner, with the level's label. */
  access: { name: string; kind: 'user' | 'group' | 'everyone'; levelLabel: string }[];
  /** The environment share this deletion stops: which version, with which environments. */
  share: { version: number; allEnvironments: boolean; environmentNames: string[] } | null;
  /** Copies installed in other environments: they keep working as they are, without updates. */
  installedCopies: number;
}

/** What deleting the connector takes with it or stops: connections, the flows using them, access, the environment share, installed copies. Four queries. */
export async function deleteImpact(tx: Queryable, connectorId: string): Promise<DeleteImpact> {
  const connectionRows = rowsOf<{ id: string; name: string; owner_name: string }>(
    await tx.execute(sql`
      select c.id, c.display_name as name, u.name as owner_name
      from connections c join users u on u.id = c.created_by
      where c.connector_id = ${connectorId}::uuid
      order by lower(c.display_name), c.id`),
  );
  const flowRows = rowsOf<{ id: string; name: string; owners: string[] | string; environment_name: string }>(
    await tx.execute(sql`
      select f.id, f.name, e.name as environment_name,
             coalesce((select json_agg(coalesce(u.name, gr.name) order by g.level desc)
                       from grants g
                       left join users u on g.principal_kind = 'user' and u.id = g.principal_id
                       left join groups gr on g.principal_kind = 'group' and gr.id = g.principal_id
                       where g.resource_kind = 'flow' and g.resource_id = f.id and g.level >= 40), '[]'::json) as owners
      from flows f join environments e on e.id = f.environment_id
      where exists (select 1 from flow_connections fc join connections c on c.id = fc.connection_id
                    where fc.flow_id = f.id and c.connector_id = ${connectorId}::uuid)
      order by lower(f.name), f.id`),
  );
  const accessRows = rowsOf<{ name: string; kind: 'user' | 'group' | 'everyone'; level: number }>(
    await tx.execute(sql`
      select case g.principal_kind when 'user' then u.name when 'group' then gr.name else 'Everyone' end as name,
             g.principal_kind as kind, g.level
      from grants g
      left join users u on g.principal_kind = 'user' and u.id = g.principal_id
      left join groups gr on g.principal_kind = 'group' and gr.id = g.principal_id
      where g.resource_kind = 'connector' and g.resource_id = ${connectorId}::uuid and g.level < ${policy.levelValue('connector', 'owner')}
      order by g.level desc, lower(coalesce(u.name, gr.name, 'Everyone'))`),
  );
  const [shared] = rowsOf<{ version: number; all_environments: boolean; environment_names: string[] | string; installs: number }>(
    await tx.execute(sql`
      select s.version, s.all_environments,
             coalesce((select json_agg(e.name order by lower(e.name)) from connector_environment_share_targets t
                       join environments e on e.id = t.environment_id where t.share_id = s.id), '[]'::json) as environment_names,
             (select count(*)::int from connectors i where i.installed_from_connector_id = ${connectorId}::uuid) as installs
      from (select ${connectorId}::uuid as connector_id) c
      left join connector_environment_shares s on s.connector_id = c.connector_id`),
  );
  return {
    access: accessRows.map((r) => ({
      name: r.name,
      kind: r.kind,
      levelLabel: policy.levelLabels.connector[policy.levelName('connector', Number(r.level)) ?? 'can_view'],
    })),
    share:
      shared?.version != null
        ? {
            version: Number(shared.version),
            allEnvironments: shared.all_environments,
            environmentNames: jsonValue<string[]>(shared.environment_names),
          }
        : null,
    installedCopies: Number(shared?.installs ?? 0),
    connections: connectionRows.map((r) => ({ id: r.id, name: r.name, ownerName: r.owner_name })),
    flows: flowRows.map((r) => ({
      id: r.id,
      name: r.name,
      environmentName: r.environment_name,
      owners: jsonValue<string[]>(r.owners),
    })),
  };
}

/**
 * Deletes a connector and, with it, every connection made from it (their grants too); flows that
 * used those connections keep their slots, now empty, and fail until an owner picks a connection.
 */
export async function deleteConnector(tx: Queryable, actor: Actor, connector: Loaded<'connector'>): Promise<DeleteImpact> {
  const impact = await deleteImpact(tx, connector.id);
  const connectionIds = (await tx.select({ id: connections.id }).from(connections).where(eq(connections.connectorId, connector.id))).map(
    (r) => r.id,
  );
  await deleteGrantsOf(tx, 'connection', connectionIds);
  await deleteGrantsOf(tx, 'connector', [connector.id]);
  await tx.delete(connectors).where(eq(connectors.id, connector.id));
  await recordAudit(tx, actor, {
    action: 'connector.delete',
    targetKind: 'connector',
    targetId: connector.id,
    targetName: connector.name,
    before: {
      environmentId: connector.environmentId,
      latestVersion: connector.latestVersion,
      connectionsDeleted: impact.connections.map((c) => ({ id: c.id, name: c.name })),
      flowsAffected: impact.flows.map((f) => ({ id: f.id, name: f.name })),
      access: impact.access,
      shareStopped: impact.share,
      installedCopies: impact.installedCopies,
    },
  });
  return impact;
}
