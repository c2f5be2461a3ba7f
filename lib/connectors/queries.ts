import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import {
  connectors,
  connectorVersions,
  users,
  type ConnectionParameter,
  type ConnectorAuthKind,
  type ConnectorOperation,
  type ConnectorWarning,
} from '@/db/schema';
import { accessForListRow, allowedIn, levelColumn, visibleTo, type Access, type Actor, type Loaded } from '@/lib/authz';
import { jsonValue, rowsOf } from '@/lib/sql';

/*
 * Connector reads for pages. Lists are one query (the authz filter joined in, keyset pagination);
 * the page's definition view never selects what the actor may not see.
 */

export const CONNECTORS_PAGE_SIZE = 25;

export interface ConnectorListItem {
  id: string;
  name: string;
  description: string;
  iconColor: string;
  hasIcon: boolean;
  ownerName: string;
  latestVersion: number;
  installedVersion: number | null;
  sourceKind: 'open' | 'closed' | null;
  updatedAt: Date;
  access: Access<'connector'>;
}

export type ConnectorSort = 'name' | 'modified';
export type ConnectorFilter = 'all' | 'mine' | 'shared';

/** Keyset cursor: the last row's sort key (its name, or its modification time as ISO text) and id. */
export interface ListCursor {
  key: string;
  id: string;
}

/**
 * Connectors the actor may view in one environment, in one query (the authz filter joined in,
 * keyset pagination on the sort key and id). `search` matches name or description; `filter`
 * narrows to the actor's own or to those shared with them (a grant to one of their principals).
 */
export async function listConnectors(
  tx: Queryable,
  actor: Actor,
  input: { environmentId: string; search?: string; sort?: ConnectorSort; filter?: ConnectorFilter; after?: ListCursor },
): Promise<{ items: ConnectorListItem[]; next: ListCursor | null }> {
  const search = input.search?.trim().toLowerCase();
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const sort = input.sort ?? 'name';
  const after = input.after;
  const afterCondition = !after
    ? undefined
    : sort === 'name'
      ? sql`(lower(${connectors.name}), ${connectors.id}) > (${after.key.toLowerCase()}, ${after.id}::uuid)`
      : sql`(${connectors.updatedAt}, ${connectors.id}) < (${after.key}::timestamptz, ${after.id}::uuid)`;
  const filterCondition =
    input.filter === 'mine'
      ? eq(connectors.createdBy, actor.userId)
      : input.filter === 'shared'
        ? and(sql`${connectors.createdBy} <> ${actor.userId}::uuid`, sql`${levelColumn(actor, 'connector')} is not null`)
        : undefined;
  const rows = await tx
    .select({
      id: connectors.id,
      name: connectors.name,
      description: connectors.description,
      iconColor: connectors.iconColor,
      hasIcon: sql<boolean>`${connectors.icon} is not null`,
      ownerName: users.name,
      latestVersion: connectors.latestVersion,
      installedVersion: connectors.installedVersion,
      sourceKind: connectors.sourceKind,
      updatedAt: connectors.updatedAt,
      updatedAtText: sql<string>`to_char(${connectors.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      environmentId: connectors.environmentId,
      level: levelColumn(actor, 'connector'),
    })
    .from(connectors)
    .innerJoin(users, eq(users.id, connectors.createdBy))
    .where(
      and(
        eq(connectors.environmentId, input.environmentId),
        visibleTo(actor, 'connector', input.environmentId),
        pattern ? sql`(lower(${connectors.name}) like ${pattern} or lower(${connectors.description}) like ${pattern})` : undefined,
        filterCondition,
        afterCondition,
      ),
    )
    .orderBy(...(sort === 'name' ? [sql`lower(${connectors.name})`, connectors.id] : [desc(connectors.updatedAt), desc(connectors.id)]))
    .limit(CONNECTORS_PAGE_SIZE + 1);
  const items = rows.slice(0, CONNECTORS_PAGE_SIZE).map(({ level, environmentId, updatedAtText: _u, ...row }) => ({
    ...row,
    access: accessForListRow(actor, 'connector', { environmentId, level, isClosedSource: row.sourceKind === 'closed' }),
  }));
  const last = rows[CONNECTORS_PAGE_SIZE - 1];
  return {
    items,
    next: rows.length > CONNECTORS_PAGE_SIZE && last ? { key: sort === 'name' ? last.name : last.updatedAtText, id: last.id } : null,
  };
}

/** One operation as a closed-source recipient may see it: what it does and what they fill in. */
export type PublicOperation = Pick<ConnectorOperation, 'operationId' | 'summary' | 'isTrigger' | 'deprecated'> & {
  parameters: { name: string; required: boolean; type: string; summary: string }[];
};

/** One operation as a row of the Definition tab: method and path only for those who may see the document. */
export type OperationRow = PublicOperation & { method?: string; path?: string };

export const OPERATIONS_PAGE_SIZE = 50;

/**
 * One page of a connector's operations, filtered and paged inside the database: a connector with
 * thousands of operations sends only the rows shown. Keyset on the operation's position in the
 * definition. For a closed-source copy the SQL itself projects only what a recipient may see
 * (name, summary, the parameters they fill in), skips internal operations, and never matches on paths.
 */
export async function listOperations(
  tx: Queryable,
  connector: Loaded<'connector'>,
  input: { filter?: string; after?: number } = {},
): Promise<{ items: OperationRow[]; total: number; matched: number; next: number | null }> {
  const showsDefinition = connector.access.allowed['connector:view-definition'];
  const filter = input.filter?.trim().toLowerCase().slice(0, 100);
  const pattern = filter ? `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const visible = showsDefinition ? sql`true` : sql`coalesce(e.value->>'visibility', '') <> 'internal'`;
  const matches = !pattern
    ? sql`true`
    : showsDefinition
      ? sql`(lower(e.value->>'summary') like ${pattern} or lower(e.value->>'operationId') like ${pattern} or lower(e.value->>'path') like ${pattern})`
      : sql`(lower(e.value->>'summary') like ${pattern} or lower(e.value->>'operationId') like ${pattern})`;
  const publicParameters = sql`coalesce((select jsonb_agg(jsonb_build_object('name', p->'name', 'required', p->'required', 'type', p->'type', 'summary', p->'summary'))
      from jsonb_array_elements(e.value->'parameters') p
      where p->>'in' <> 'header' or coalesce((p->>'required')::boolean, false)), '[]'::jsonb)`;
  const projection = showsDefinition
    ? sql`jsonb_build_object('operationId', e.value->'operationId', 'summary', e.value->'summary', 'isTrigger', e.value->'isTrigger',
        'deprecated', e.value->'deprecated', 'parameters', ${publicParameters}, 'method', e.value->'method', 'path', e.value->'path')`
    : sql`jsonb_build_object('operationId', e.value->'operationId', 'summary', e.value->'summary', 'isTrigger', e.value->'isTrigger',
        'deprecated', e.value->'deprecated', 'parameters', ${publicParameters})`;
  // One query: the page (keyset on the position), plus how many there are and how many match.
  const rows = rowsOf<{ n: number | string; op: OperationRow | string; total: number | string; matched: number | string }>(
    await tx.execute(sql`
      with ops as (
        select e.n, e.value from connectors c, jsonb_array_elements(c.operations) with ordinality e(value, n)
        where c.id = ${connector.id}::uuid and ${visible}),
      matching as (select e.n, e.value from ops e where ${matches})
      select e.n, ${projection} as op, (select count(*) from ops) as total, (select count(*) from matching) as matched
      from matching e
      where e.n > ${input.after ?? 0}
      order by e.n
      limit ${OPERATIONS_PAGE_SIZE + 1}`),
  );
  const page = rows.slice(0, OPERATIONS_PAGE_SIZE);
  const parse = (op: OperationRow | string): OperationRow => {
    const value = jsonValue<OperationRow & { isTrigger?: boolean | null; deprecated?: boolean | null }>(op);
    return { ...value, isTrigger: value.isTrigger ?? undefined, deprecated: value.deprecated ?? undefined };
  };
  return {
    items: page.map((r) => parse(r.op)),
    // No row on this page: count separately (a filter that matches nothing, or a page past the end).
    total: rows[0] ? Number(rows[0].total) : await countOperations(tx, connector.id, showsDefinition),
    matched: Number(rows[0]?.matched ?? 0),
    next: rows.length > OPERATIONS_PAGE_SIZE ? Number(page.at(-1)!.n) : null,
  };
}

async function countOperations(tx: Queryable, connectorId: string, showsDefinition: boolean): Promise<number> {
  const visible = showsDefinition ? sql`true` : sql`coalesce(e.value->>'visibility', '') <> 'internal'`;
  const [row] = rowsOf<{ total: number | string }>(
    await tx.execute(sql`select count(*) as total from connectors c, jsonb_array_elements(c.operations) e(value)
      where c.id = ${connectorId}::uuid and ${visible}`),
  );
  return Number(row?.total ?? 0);
}

export interface ConnectorView {
  /** False for a closed-source copy: nothing below that describes the source is filled in. */
  showsDefinition: boolean;
  authKind: ConnectorAuthKind;
  connectionParameters: Pick<ConnectionParameter, 'name' | 'displayName' | 'type' | 'isSecret' | 'required' | 'description'>[];
  source: null | {
    host: string;
    basePath: string;
    specFormat: string;
    warnings: ConnectorWarning[];
    hasScript: boolean;
    documentBytes: number;
  };
}

/**
 * The Definition tab's properties (operations come a page at a time from `listOperations`). For a
 * closed-source copy it selects only the authentication kind and the connection parameters people
 * fill in — never host, paths, schemas, policies or script — so none of it can reach the page.
 */
export async function getConnectorView(tx: Queryable, connector: Loaded<'connector'>): Promise<ConnectorView> {
  const showsDefinition = connector.access.allowed['connector:view-definition'];
  if (!showsDefinition) {
    const [row] = await tx
      .select({ authKind: connectors.authKind, connectionParameters: connectors.connectionParameters })
      .from(connectors)
      .where(eq(connectors.id, connector.id));
    return {
      showsDefinition: false,
      authKind: row!.authKind,
      connectionParameters: row!.connectionParameters.map(({ name, displayName, type, isSecret, required, description }) => ({
        name,
        displayName,
        type,
        isSecret,
        required,
        description,
      })),
      source: null,
    };
  }
  const [row] = await tx
    .select({
      authKind: connectors.authKind,
      connectionParameters: connectors.connectionParameters,
      host: connectors.host,
      basePath: connectors.basePath,
      specFormat: connectors.specFormat,
      warnings: connectors.warnings,
      hasScript: sql<boolean>`${connectors.script} is not null`,
      documentBytes: sql<number>`octet_length(${connectors.document}::text)`,
    })
    .from(connectors)
    .where(eq(connectors.id, connector.id));
  return {
    showsDefinition: true,
    authKind: row!.authKind,
    connectionParameters: row!.connectionParameters,
    source: {
      host: row!.host,
      basePath: row!.basePath,
      specFormat: row!.specFormat,
      warnings: row!.warnings,
      hasScript: row!.hasScript,
      documentBytes: Number(row!.documentBytes),
    },
  };
}

export interface VersionItem {
  version: number;
  name: string;
  releaseNotes: string;
  releasedAt: Date;
  releasedByName: string;
  operationCount: number;
}

/** Released versions, newest first. */
export async function listVersions(tx: Queryable, connectorId: string): Promise<VersionItem[]> {
  return tx
    .select({
      version: connectorVersions.version,
      name: connectorVersions.name,
      releaseNotes: connectorVersions.releaseNotes,
      releasedAt: connectorVersions.releasedAt,
      releasedByName: users.name,
      operationCount: sql<number>`jsonb_array_length(${connectorVersions.operations})::int`,
    })
    .from(connectorVersions)
    .innerJoin(users, eq(users.id, connectorVersions.releasedBy))
    .where(eq(connectorVersions.connectorId, connectorId))
    .orderBy(desc(connectorVersions.version));
}

/** The draft's fields the edit form shows (only for those who may edit). */
export async function getDraftForEdit(tx: Queryable, connectorId: string) {
  const [row] = await tx
    .select({
      name: connectors.name,
      description: connectors.description,
      iconColor: connectors.iconColor,
      document: connectors.document,
      specFormat: connectors.specFormat,
      // The edit form sends it back: saving over a draft someone changed since is a CONFLICT.
      hash: connectors.hash,
    })
    .from(connectors)
    .where(eq(connectors.id, connectorId));
  return row ?? null;
}

/** Whether the draft differs from the latest released version. */
export async function draftHasChanges(tx: Queryable, connectorId: string): Promise<boolean> {
  const result = await tx.execute(sql`
    select c.latest_version = 0 or c.hash is distinct from v.hash as changed
    from connectors c
    left join connector_versions v on v.connector_id = c.id and v.version = c.latest_version
    where c.id = ${connectorId}::uuid`);
  return Boolean(rowsOf<{ changed: boolean }>(result)[0]?.changed);
}

/** Released connectors of one environment that the actor may share with other environments (owner or organization admin). */
export async function listShareableConnectors(tx: Queryable, actor: Actor, environmentId: string) {
  return tx
    .select({ id: connectors.id, name: connectors.name, latestVersion: connectors.latestVersion })
    .from(connectors)
    .where(
      and(
        eq(connectors.environmentId, environmentId),
        sql`${connectors.latestVersion} > 0`,
        allowedIn(actor, 'connector', 'connector:share-environments', environmentId),
      ),
    )
    .orderBy(sql`lower(${connectors.name})`, connectors.id)
    .limit(500);
}

/** One released version's definition, for its read-only page, its download and the comparison with the draft. One query. */
export async function getVersion(tx: Queryable, connectorId: string, version: number) {
  const [row] = await tx
    .select({ version: connectorVersions, releasedByName: users.name })
    .from(connectorVersions)
    .innerJoin(users, eq(users.id, connectorVersions.releasedBy))
    .where(and(eq(connectorVersions.connectorId, connectorId), eq(connectorVersions.version, version)));
  return row ? { ...row.version, releasedByName: row.releasedByName } : null;
}

/** Whether the connector an installed copy came from no longer exists (it keeps working, without updates). */
export async function installedSourceDeleted(tx: Queryable, sourceConnectorId: string): Promise<boolean> {
  const [row] = await tx.select({ id: connectors.id }).from(connectors).where(eq(connectors.id, sourceConnectorId));
  return !row;
}
