import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { connections, connectors, connectorVersions, type ConnectionParameter } from '@/db/schema';
import { recordAudit } from '@/lib/audit';
import { allowedIn, assert, assertEnvironmentNow, type Actor } from '@/lib/authz';
import type { ConnectionCredentials } from '@/lib/connectors/request';
import { AppError, notFound } from '@/lib/errors';
import { isObject } from '@/lib/json';
import { vault } from '@/lib/secrets';
import { grantOwner } from '@/lib/sharing/grants';
import { rowsOf } from '@/lib/sql';

/*
 * Connections: one person's values for one connector's connection parameters (DESIGN.md §3). The
 * values are sealed in the vault (owner row id + purpose as associated data) and only this module
 * opens them, to put them into a request server-side; no page, result, log or error carries them.
 */

const VALUES = 'connection.values';

/** The parameters of the version connections use: the latest released one, or an installed copy's own. */
async function parametersInUse(tx: Queryable, connectorId: string): Promise<ConnectionParameter[]> {
  const [connector] = await tx
    .select({
      latestVersion: connectors.latestVersion,
      installedFrom: connectors.installedFromConnectorId,
      own: connectors.connectionParameters,
    })
    .from(connectors)
    .where(eq(connectors.id, connectorId));
  if (!connector) throw notFound();
  if (connector.installedFrom) return connector.own;
  if (connector.latestVersion < 1) {
    throw new AppError(
      'INVALID_INPUT',
      'This connector has no released version yet: its owner releases one before connections can be made.',
    );
  }
  const [version] = await tx
    .select({ parameters: connectorVersions.connectionParameters })
    .from(connectorVersions)
    .where(and(eq(connectorVersions.connectorId, connectorId), eq(connectorVersions.version, connector.latestVersion)));
  return version?.parameters ?? [];
}

/**
 * Checks typed values against the connector's connection parameters: required ones present, `int`
 * whole numbers, `bool` yes/no, nothing the connector doesn't declare. Field errors by parameter name.
 */
export function checkParameterValues(parameters: ConnectionParameter[], given: Record<string, unknown>): Record<string, unknown> {
  const errors: Record<string, string[]> = {};
  const values: Record<string, unknown> = {};
  const known = new Set(parameters.map((p) => p.name));
  for (const key of Object.keys(given)) if (!known.has(key)) errors[key] = ['Not a connection parameter of this connector.'];
  for (const p of parameters) {
    if (p.type === 'oauthSetting') continue; // filled by the OAuth sign-in, never typed
    const raw = given[p.name];
    const empty = raw === undefined || raw === null || raw === '';
    if (empty) {
      if (p.required) errors[p.name] = [`${p.displayName || p.name} is required.`];
      continue;
    }
    if (p.type === 'int') {
      const n = typeof raw === 'number' ? raw : Number(raw);
      if (!Number.isInteger(n)) errors[p.name] = [`${p.displayName || p.name} must be a whole number.`];
      else values[p.name] = n;
    } else if (p.type === 'bool') {
      if (typeof raw === 'boolean') values[p.name] = raw;
      else if (raw === 'true' || raw === 'false') values[p.name] = raw === 'true';
      else errors[p.name] = [`${p.displayName || p.name} must be yes or no.`];
    } else {
      if (typeof raw !== 'string' || raw.length > 8_000) errors[p.name] = [`${p.displayName || p.name} isn’t a valid value.`];
      else values[p.name] = raw;
    }
  }
  if (Object.keys(errors).length) {
    throw new AppError('INVALID_INPUT', 'Some of the connection’s values aren’t valid.', { fieldErrors: errors });
  }
  return values;
}

/**
 * Creates the actor's own connection to a connector they may use (`connector:use`), in an
 * environment they have a role in (Basic Users included: a run-only user brings their own). The
 * creator is its owner; audited.
 */
export async function createConnection(
  tx: Queryable,
  actor: Actor,
  input: { connectorId: string; displayName: string; values: Record<string, unknown> },
): Promise<{ id: string }> {
  const connector = await assert(actor, 'connector:use', { kind: 'connector', id: input.connectorId }, tx);
  await assertEnvironmentNow(tx, actor, 'environment:view', connector.environmentId);
  const name = input.displayName.trim();
  if (!name)
    throw new AppError('INVALID_INPUT', 'Give the connection a name.', { fieldErrors: { displayName: ['Give the connection a name.'] } });
  const values = checkParameterValues(await parametersInUse(tx, connector.id), input.values);
  const id = randomUUID();
  await tx.insert(connections).values({
    id,
    organizationId: actor.organizationId,
    environmentId: connector.environmentId,
    connectorId: connector.id,
    createdBy: actor.userId,
    displayName: name.slice(0, 200),
    encryptedValues: await vault().sealJson(tx, values, { purpose: VALUES, id }),
  });
  await grantOwner(tx, actor, 'connection', id);
  await recordAudit(tx, actor, {
    action: 'connection.create',
    targetKind: 'connection',
    targetId: id,
    targetName: name,
    // Which parameters were filled, never their values.
    after: { connectorId: connector.id, connectorName: connector.name, parameters: Object.keys(values) },
  });
  return { id };
}

/**
 * The decrypted credentials of a connection the actor may use (`connection:use`), for a request
 * built server-side. NOT_FOUND when they may not see it; INVALID_INPUT when it belongs to another
 * connector than the one being called.
 */
export async function credentialsForUse(
  tx: Queryable,
  actor: Actor,
  input: { connectorId: string; connectionId: string },
): Promise<ConnectionCredentials> {
  const connection = await assert(actor, 'connection:use', { kind: 'connection', id: input.connectionId }, tx);
  if (connection.connectorId !== input.connectorId) {
    throw new AppError('INVALID_INPUT', `${connection.name} is a connection to another connector.`, {
      fieldErrors: { connectionId: ['Choose a connection to this connector.'] },
    });
  }
  const [row] = await tx.select({ sealed: connections.encryptedValues }).from(connections).where(eq(connections.id, connection.id));
  if (!row?.sealed) return { values: {} };
  const values = await vault().openJson(tx, row.sealed, { purpose: VALUES, id: connection.id });
  return { values: isObject(values) ? values : {} };
}

/** The connections of a connector the actor may use, for pickers (Test tab, flow editor): one query. */
export async function usableConnectionsOf(
  tx: Queryable,
  actor: Actor,
  connector: { id: string; environmentId: string },
): Promise<{ id: string; name: string; ownerName: string; isMine: boolean }[]> {
  const rows = rowsOf<{ id: string; name: string; owner_name: string; created_by: string }>(
    await tx.execute(sql`
      select connections.id, connections.display_name as name, u.name as owner_name, connections.created_by
      from connections join users u on u.id = connections.created_by
      where connections.connector_id = ${connector.id}::uuid
        and ${allowedIn(actor, 'connection', 'connection:use', connector.environmentId)}
      order by connections.created_by = ${actor.userId}::uuid desc, lower(connections.display_name), connections.id
      limit 200`),
  );
  return rows.map((r) => ({ id: r.id, name: r.name, ownerName: r.owner_name, isMine: r.created_by === actor.userId }));
}
