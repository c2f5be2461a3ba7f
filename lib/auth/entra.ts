import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/db/client';
import { authAccounts, organizations, users } from '@/db/schema';
import { recordAudit, systemActor } from '@/lib/audit';
import { log } from '@/lib/log';
import type { EntraSettings } from './entra-settings';

/*
 * Who an Entra ID sign-in is. Microsoft documents `email` (and `preferred_username`, `upn`) as
 * changeable by users or admins, so they never identify anyone here: a linked user is found by the
 * tenant id and object id (`tid` + `oid`), which never change and are never reused. The address
 * only serves once, to link a first sign-in to an existing, active user of the tenant's
 * organization, and only when Microsoft vouches for it: the `xms_edov` optional claim (the address's
 * domain is verified by its owner) or `verified_primary_email`. A user linked once is never linked
 * to another Entra account, so someone who later sets their address to theirs cannot take it over.
 */

export const ENTRA_PROVIDER = 'microsoft-entra-id';

export interface EntraIdentity {
  tenantId: string;
  objectId: string;
  /** Lower-case; null unless Microsoft vouches for it. */
  verifiedEmail: string | null;
}

const guid = z.uuid().transform((v) => v.toLowerCase());
const email = z.email().transform((v) => v.trim().toLowerCase());
const isTrue = (value: unknown) => value === true || value === 1 || value === 'true' || value === '1';

/** The identity in an Entra ID token's validated claims, or null without a `tid` and `oid`. */
export function entraIdentity(claims: Record<string, unknown>): EntraIdentity | null {
  const tenantId = guid.safeParse(claims.tid);
  const objectId = guid.safeParse(claims.oid);
  if (!tenantId.success || !objectId.success) return null;
  const primary = [claims.verified_primary_email].flat().map((v) => email.safeParse(v));
  const vouched = isTrue(claims.xms_edov) ? email.safeParse(claims.email) : undefined;
  const verifiedEmail = [vouched, ...primary].find((r) => r?.success)?.data ?? null;
  return { tenantId: tenantId.data, objectId: objectId.data, verifiedEmail };
}

export type EntraSignIn =
  | { ok: true; userId: string; linked: boolean }
  | {
      ok: false;
      reason:
        'wrong_tenant' | 'no_organization' | 'other_organization' | 'deactivated' | 'unverified_email' | 'no_such_user' | 'already_linked';
    };

/**
 * Finds the Makerport user of an Entra sign-in, linking a first sign-in (with an audit row) to the
 * active user of the tenant's organization with the same verified address. Never throws for a
 * refusal: it says why, for the log; the person is only told they are not let in.
 */
export async function signInWithEntra(
  db: Queryable,
  settings: Pick<EntraSettings, 'tenantId' | 'organizationName'>,
  identity: EntraIdentity,
): Promise<EntraSignIn> {
  if (identity.tenantId !== settings.tenantId) return { ok: false, reason: 'wrong_tenant' };
  const providerAccountId = `${identity.tenantId}:${identity.objectId}`;
  return db.transaction(async (tx) => {
    const [organization] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.name, settings.organizationName));
    if (!organization) {
      log.error({ organization: settings.organizationName }, 'AUTH_MICROSOFT_ENTRA_ID_ORG names no organization');
      return { ok: false, reason: 'no_organization' } as const;
    }
    const [linked] = await tx
      .select({ userId: users.id, deactivatedAt: users.deactivatedAt, organizationId: users.organizationId })
      .from(authAccounts)
      .innerJoin(users, eq(users.id, authAccounts.userId))
      .where(and(eq(authAccounts.provider, ENTRA_PROVIDER), eq(authAccounts.providerAccountId, providerAccountId)));
    if (linked) {
      // Linked once, this account is that user for good: never re-linked by address.
      if (linked.organizationId !== organization.id) return { ok: false, reason: 'other_organization' } as const;
      if (linked.deactivatedAt) return { ok: false, reason: 'deactivated' } as const;
      return { ok: true, userId: linked.userId, linked: false } as const;
    }
    if (!identity.verifiedEmail) return { ok: false, reason: 'unverified_email' } as const;
    const [user] = await tx
      .select({ id: users.id, name: users.name, deactivatedAt: users.deactivatedAt })
      .from(users)
      .where(and(eq(users.email, identity.verifiedEmail), eq(users.organizationId, organization.id)))
      .for('update');
    if (!user || user.deactivatedAt) return { ok: false, reason: 'no_such_user' } as const;
    const [existing] = await tx
      .select({ providerAccountId: authAccounts.providerAccountId })
      .from(authAccounts)
      .where(and(eq(authAccounts.provider, ENTRA_PROVIDER), eq(authAccounts.userId, user.id)));
    // The same account signing in twice at once waited on the lock above: the first one linked it.
    if (existing?.providerAccountId === providerAccountId) return { ok: true, userId: user.id, linked: false } as const;
    if (existing) return { ok: false, reason: 'already_linked' } as const;
    await tx.insert(authAccounts).values({ provider: ENTRA_PROVIDER, providerAccountId, userId: user.id });
    await recordAudit(tx, systemActor(organization.id), {
      action: 'user.link_identity',
      targetKind: 'user',
      targetId: user.id,
      targetName: user.name,
      after: { provider: ENTRA_PROVIDER, tenantId: identity.tenantId, objectId: identity.objectId },
    });
    return { ok: true, userId: user.id, linked: true } as const;
  });
}
