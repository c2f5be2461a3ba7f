import { and, eq } from 'drizzle-orm';
import { hashPassword } from '@/lib/auth/password';
import { recordAudit, systemActor } from '@/lib/audit';
import { addGroupToGroup, addUserToGroup } from '@/lib/directory/membership';
import type { Db, Queryable } from './client';
import { demoEnvironments, demoGroups, demoUsers, DEMO_PASSWORD } from './demo';
import { environmentRoles, environments, groups, organizationAdmins, organizations, users, type EnvironmentRole } from './schema';

async function ensureOrganization(tx: Queryable, name: string, region: string, features: Record<string, boolean>) {
  const inserted = await tx.insert(organizations).values({ name, region, features }).onConflictDoNothing().returning();
  if (inserted[0]) {
    await recordAudit(tx, systemActor(inserted[0].id), {
      action: 'organization.seed',
      targetKind: 'organization',
      targetId: inserted[0].id,
      targetName: name,
    });
    return inserted[0];
  }
  const [existing] = await tx.select().from(organizations).where(eq(organizations.name, name));
  return existing!;
}

async function ensureEnvironment(
  tx: Queryable,
  organizationId: string,
  input: { name: string; region: string; isDefault?: boolean; isSensitive?: boolean },
) {
  await tx
    .insert(environments)
    .values({
      organizationId,
      name: input.name,
      region: input.region,
      isDefault: input.isDefault ?? false,
      isSensitive: input.isSensitive ?? false,
    })
    .onConflictDoNothing();
  const [env] = await tx
    .select()
    .from(environments)
    .where(and(eq(environments.organizationId, organizationId), eq(environments.name, input.name)));
  return env!;
}

async function ensureUser(
  tx: Queryable,
  organizationId: string,
  input: { email: string; name: string; kind?: 'member' | 'guest'; deactivated?: boolean },
) {
  const [existing] = await tx.select().from(users).where(eq(users.email, input.email));
  if (existing) return existing;
  const [user] = await tx
    .insert(users)
    .values({
      organizationId,
      email: input.email,
      name: input.name,
      kind: input.kind ?? 'member',
      passwordHash: await hashPassword(DEMO_PASSWORD),
      deactivatedAt: input.deactivated ? new Date() : null,
    })
    .returning();
  return user!;
}

async function ensureGroup(tx: Queryable, organizationId: string, name: string, description: string) {
  await tx.insert(groups).values({ organizationId, name, description }).onConflictDoNothing();
  const [group] = await tx
    .select()
    .from(groups)
    .where(and(eq(groups.organizationId, organizationId), eq(groups.name, name)));
  return group!;
}

async function ensureRole(tx: Queryable, organizationId: string, environmentId: string, userId: string, role: EnvironmentRole) {
  await tx.insert(environmentRoles).values({ organizationId, environmentId, userId, role }).onConflictDoNothing();
}

/**
 * Seeds the demo organization (Contoso) and a second one (Fabrikam) so isolation is testable.
 * Idempotent: it adds what is missing and changes nothing that exists.
 */
export async function seedDemo(database: Db): Promise<void> {
  await database.transaction(async (tx) => {
    const contoso = await ensureOrganization(tx, 'Contoso', 'westeurope', { closedSourceSharing: true });
    const envs = [
      await ensureEnvironment(tx, contoso.id, { name: demoEnvironments.default, region: 'westeurope', isDefault: true }),
      await ensureEnvironment(tx, contoso.id, { name: demoEnvironments.production, region: 'westeurope', isSensitive: true }),
      await ensureEnvironment(tx, contoso.id, { name: demoEnvironments.development, region: 'northeurope' }),
    ];
    const admin = await ensureUser(tx, contoso.id, demoUsers.admin);
    const maker = await ensureUser(tx, contoso.id, demoUsers.maker);
    const maker2 = await ensureUser(tx, contoso.id, demoUsers.maker2);
    const basic = await ensureUser(tx, contoso.id, demoUsers.basic);
    const guest = await ensureUser(tx, contoso.id, { ...demoUsers.guest, kind: 'guest' });
    const former = await ensureUser(tx, contoso.id, { ...demoUsers.former, deactivated: true });

    await tx.insert(organizationAdmins).values({ organizationId: contoso.id, userId: admin.id }).onConflictDoNothing();
    const roles: [string, EnvironmentRole][] = [
      [admin.id, 'environment_admin'],
      [maker.id, 'environment_maker'],
      [maker2.id, 'environment_maker'],
      [basic.id, 'basic_user'],
      [guest.id, 'environment_maker'],
      [former.id, 'environment_maker'],
    ];
    for (const env of envs) for (const [userId, role] of roles) await ensureRole(tx, contoso.id, env.id, userId, role);

    const system = systemActor(contoso.id);
    const finance = await ensureGroup(tx, contoso.id, demoGroups.finance, 'Finance department');
    const analysts = await ensureGroup(tx, contoso.id, demoGroups.analysts, 'Reporting and analysis, part of Finance');
    await addUserToGroup(tx, system, { groupId: finance.id, userId: maker2.id });
    await addGroupToGroup(tx, system, { groupId: finance.id, childGroupId: analysts.id });
    await addUserToGroup(tx, system, { groupId: analysts.id, userId: basic.id });

    const fabrikam = await ensureOrganization(tx, 'Fabrikam', 'northeurope', {});
    const fabrikamEnv = await ensureEnvironment(tx, fabrikam.id, { name: 'Fabrikam (default)', region: 'northeurope', isDefault: true });
    const owner = await ensureUser(tx, fabrikam.id, demoUsers.fabrikam);
    await tx.insert(organizationAdmins).values({ organizationId: fabrikam.id, userId: owner.id }).onConflictDoNothing();
    await ensureRole(tx, fabrikam.id, fabrikamEnv.id, owner.id, 'environment_admin');
  });
}
