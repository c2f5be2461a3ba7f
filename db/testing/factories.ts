import { randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '../client';
import {
  connectors,
  environmentRoles,
  environments,
  flows,
  grants,
  groups,
  organizationAdmins,
  organizations,
  users,
  type EnvironmentRole,
} from '../schema';

/*
 * Small factories: each test seeds exactly the rows it needs. Group membership goes through
 * lib/directory/membership.ts (never raw inserts) so the closure stays right.
 */

const suffix = () => randomBytes(4).toString('hex');

export async function createOrganization(tx: Queryable, input: { name?: string; region?: string; closedSourceSharing?: boolean } = {}) {
  const [org] = await tx
    .insert(organizations)
    .values({
      name: input.name ?? `Org ${suffix()}`,
      region: input.region ?? 'westeurope',
      features: { closedSourceSharing: input.closedSourceSharing ?? false },
    })
    .returning();
  return org!;
}

export async function createEnvironment(
  tx: Queryable,
  organizationId: string,
  input: { name?: string; region?: string; isDefault?: boolean; isSensitive?: boolean } = {},
) {
  const [env] = await tx
    .insert(environments)
    .values({
      organizationId,
      name: input.name ?? `Env ${suffix()}`,
      region: input.region ?? 'westeurope',
      isDefault: input.isDefault ?? false,
      isSensitive: input.isSensitive ?? false,
    })
    .returning();
  return env!;
}

export async function createUser(
  tx: Queryable,
  organizationId: string,
  input: { name?: string; email?: string; kind?: 'member' | 'guest'; deactivated?: boolean; passwordHash?: string } = {},
) {
  const s = suffix();
  const [user] = await tx
    .insert(users)
    .values({
      organizationId,
      name: input.name ?? `User ${s}`,
      email: input.email ?? `user-${s}@example.test`,
      kind: input.kind ?? 'member',
      deactivatedAt: input.deactivated ? new Date() : null,
      passwordHash: input.passwordHash ?? null,
    })
    .returning();
  return user!;
}

export async function setRole(tx: Queryable, organizationId: string, environmentId: string, userId: string, role: EnvironmentRole) {
  await tx
    .insert(environmentRoles)
    .values({ organizationId, environmentId, userId, role })
    .onConflictDoUpdate({ target: [environmentRoles.environmentId, environmentRoles.userId], set: { role } });
}

export async function makeOrgAdmin(tx: Queryable, organizationId: string, userId: string) {
  await tx.insert(organizationAdmins).values({ organizationId, userId }).onConflictDoNothing();
}

export async function createGroupRow(tx: Queryable, organizationId: string, name?: string) {
  const [group] = await tx
    .insert(groups)
    .values({ organizationId, name: name ?? `Group ${suffix()}` })
    .returning();
  return group!;
}

/** A connector row with a minimal definition, for access tests (services build real ones from documents). */
export async function createConnectorRow(
  tx: Queryable,
  input: {
    organizationId: string;
    environmentId: string;
    createdBy: string;
    name?: string;
    sourceKind?: 'open' | 'closed';
    latestVersion?: number;
  },
) {
  const [row] = await tx
    .insert(connectors)
    .values({
      organizationId: input.organizationId,
      environmentId: input.environmentId,
      createdBy: input.createdBy,
      name: input.name ?? `Connector ${suffix()}`,
      specFormat: 'openapi-3.0',
      document: { openapi: '3.0.3', info: { title: input.name ?? 'Connector', version: '1' }, paths: {} },
      hash: suffix(),
      sourceKind: input.sourceKind ?? null,
      installedFromConnectorId: input.sourceKind ? randomUUID() : null,
      installedVersion: input.sourceKind ? 1 : null,
      latestVersion: input.latestVersion ?? 0,
    })
    .returning();
  return row!;
}

/** A flow row with an empty instant definition, for access tests (services build real ones). */
export async function createFlowRow(
  tx: Queryable,
  input: {
    organizationId: string;
    environmentId: string;
    createdBy: string;
    name?: string;
    triggerKind?: 'instant' | 'automated' | 'scheduled';
  },
) {
  const [row] = await tx
    .insert(flows)
    .values({
      organizationId: input.organizationId,
      environmentId: input.environmentId,
      createdBy: input.createdBy,
      name: input.name ?? `Flow ${suffix()}`,
      triggerKind: input.triggerKind ?? 'instant',
      document: { definition: { triggers: {}, actions: {} }, connectionReferences: {} },
    })
    .returning();
  return row!;
}

/** A grant row written directly (tests of the decision itself, including rows no service would write). */
export async function insertGrant(
  tx: Queryable,
  input: {
    organizationId: string;
    resourceKind: 'connector' | 'connection' | 'flow';
    resourceId: string;
    principalKind: 'user' | 'group' | 'everyone';
    principalId: string;
    level: number;
  },
) {
  await tx.insert(grants).values(input);
}
