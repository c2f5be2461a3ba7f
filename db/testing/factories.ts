import { randomBytes } from 'node:crypto';
import type { Queryable } from '../client';
import { environmentRoles, environments, groups, organizationAdmins, organizations, users, type EnvironmentRole } from '../schema';

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
  const [group] = await tx.insert(groups).values({ organizationId, name: name ?? `Group ${suffix()}` }).returning();
  return group!;
}
