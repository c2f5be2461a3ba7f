import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, authAccounts, users } from '@/db/schema';
import { createOrganization, createUser, setupTestDatabase } from '@/db/testing';
import { ENTRA_PROVIDER, entraIdentity, signInWithEntra, type EntraIdentity } from './entra';
import { entraSettingsFromEnv } from './entra-settings';

const t = setupTestDatabase();

const tenantId = randomUUID();
let settings: { tenantId: string; organizationName: string };
let orgId: string;
let otherOrgId: string;

beforeAll(async () => {
  const org = await createOrganization(t.db);
  orgId = org.id;
  otherOrgId = (await createOrganization(t.db)).id;
  settings = { tenantId, organizationName: org.name };
});

const identity = (verifiedEmail: string | null, objectId = randomUUID()): EntraIdentity => ({ tenantId, objectId, verifiedEmail });

describe('entraIdentity (the claims that count)', () => {
  const tid = randomUUID();
  const oid = randomUUID();

  it('is tid + oid; without either there is no identity', () => {
    expect(entraIdentity({ tid, oid })).toEqual({ tenantId: tid, objectId: oid, verifiedEmail: null });
    expect(entraIdentity({ tid, sub: 'x', email: 'a@b.test', xms_edov: true })).toBeNull();
    expect(entraIdentity({ oid })).toBeNull();
    expect(entraIdentity({ tid: 'common', oid })).toBeNull();
  });

  it('takes the email only when Microsoft vouches for its domain (xms_edov) or it is verified_primary_email', () => {
    expect(entraIdentity({ tid, oid, email: 'Lee@Example.test' })?.verifiedEmail).toBeNull();
    expect(entraIdentity({ tid, oid, email: 'lee@example.test', xms_edov: false })?.verifiedEmail).toBeNull();
    expect(entraIdentity({ tid, oid, preferred_username: 'lee@example.test', upn: 'lee@example.test' })?.verifiedEmail).toBeNull();
    expect(entraIdentity({ tid, oid, email: 'Lee@Example.test', xms_edov: true })?.verifiedEmail).toBe('lee@example.test');
    expect(entraIdentity({ tid, oid, email: 'lee@example.test', xms_edov: '1' })?.verifiedEmail).toBe('lee@example.test');
    expect(entraIdentity({ tid, oid, verified_primary_email: ['Lee@Example.test'] })?.verifiedEmail).toBe('lee@example.test');
  });
});

describe('entraSettingsFromEnv (one tenant, one organization)', () => {
  const base = {
    AUTH_MICROSOFT_ENTRA_ID_ID: 'client',
    AUTH_MICROSOFT_ENTRA_ID_SECRET: 'secret',
    AUTH_MICROSOFT_ENTRA_ID_ISSUER: 'https://login.microsoftonline.com/72F988BF-86F1-41AF-91AB-2D7CD011DB47/v2.0',
    AUTH_MICROSOFT_ENTRA_ID_ORG: 'Contoso',
  };

  it('reads the tenant from a tenant-specific issuer', () => {
    expect(entraSettingsFromEnv(base)).toMatchObject({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', organizationName: 'Contoso' });
  });

  it('is off without an organization, or with a multi-tenant issuer', () => {
    expect(entraSettingsFromEnv({ ...base, AUTH_MICROSOFT_ENTRA_ID_ORG: '' })).toBeNull();
    for (const tenant of ['common', 'organizations', 'consumers']) {
      expect(
        entraSettingsFromEnv({ ...base, AUTH_MICROSOFT_ENTRA_ID_ISSUER: `https://login.microsoftonline.com/${tenant}/v2.0` }),
      ).toBeNull();
    }
  });
});

describe('signInWithEntra (linking)', () => {
  it('links a first sign-in to the active user of the organization with that verified address, with an audit row', async () => {
    const lee = await createUser(t.db, orgId, { email: 'lee@entra.test', name: 'Lee Gu' });
    const who = identity('lee@entra.test');
    expect(await signInWithEntra(t.db, settings, who)).toEqual({ ok: true, userId: lee.id, linked: true });
    const [link] = await t.db.select().from(authAccounts).where(eq(authAccounts.userId, lee.id));
    expect(link).toMatchObject({ provider: ENTRA_PROVIDER, providerAccountId: `${tenantId}:${who.objectId}` });
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, lee.id), eq(auditLog.action, 'user.link_identity')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ organizationId: orgId, targetName: 'Lee Gu' });
  });

  it('from then on identifies the user by tid + oid, whatever address the token carries', async () => {
    const pat = await createUser(t.db, orgId, { email: 'pat@entra.test' });
    const who = identity('pat@entra.test');
    await signInWithEntra(t.db, settings, who);
    expect(await signInWithEntra(t.db, settings, { ...who, verifiedEmail: null })).toEqual({ ok: true, userId: pat.id, linked: false });
    expect(await signInWithEntra(t.db, settings, { ...who, verifiedEmail: 'someone-else@entra.test' })).toMatchObject({ userId: pat.id });
    // The Makerport address changing does not matter either.
    await t.db.update(users).set({ email: 'pat.renamed@entra.test' }).where(eq(users.id, pat.id));
    expect(await signInWithEntra(t.db, settings, { ...who, verifiedEmail: null })).toMatchObject({ ok: true, userId: pat.id });
  });

  it('never links a second Entra account to a linked user, even with the same verified address', async () => {
    await createUser(t.db, orgId, { email: 'kim@entra.test' });
    expect(await signInWithEntra(t.db, settings, identity('kim@entra.test'))).toMatchObject({ ok: true });
    expect(await signInWithEntra(t.db, settings, identity('kim@entra.test'))).toEqual({ ok: false, reason: 'already_linked' });
  });

  it('refuses an address Microsoft does not vouch for, and links nothing', async () => {
    const sam = await createUser(t.db, orgId, { email: 'sam@entra.test' });
    expect(await signInWithEntra(t.db, settings, identity(null))).toEqual({ ok: false, reason: 'unverified_email' });
    expect(await t.db.select().from(authAccounts).where(eq(authAccounts.userId, sam.id))).toEqual([]);
  });

  it('refuses people of another organization, deactivated people and strangers', async () => {
    await createUser(t.db, otherOrgId, { email: 'elsewhere@entra.test' });
    await createUser(t.db, orgId, { email: 'left@entra.test', deactivated: true });
    expect(await signInWithEntra(t.db, settings, identity('elsewhere@entra.test'))).toEqual({ ok: false, reason: 'no_such_user' });
    expect(await signInWithEntra(t.db, settings, identity('left@entra.test'))).toEqual({ ok: false, reason: 'no_such_user' });
    expect(await signInWithEntra(t.db, settings, identity('stranger@entra.test'))).toEqual({ ok: false, reason: 'no_such_user' });
  });

  it('refuses a linked user once deactivated', async () => {
    const ana = await createUser(t.db, orgId, { email: 'ana@entra.test' });
    const who = identity('ana@entra.test');
    await signInWithEntra(t.db, settings, who);
    await t.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, ana.id));
    expect(await signInWithEntra(t.db, settings, who)).toEqual({ ok: false, reason: 'deactivated' });
  });

  it('refuses a token from another tenant, and an unknown organization', async () => {
    await createUser(t.db, orgId, { email: 'max@entra.test' });
    expect(await signInWithEntra(t.db, settings, { ...identity('max@entra.test'), tenantId: randomUUID() })).toEqual({
      ok: false,
      reason: 'wrong_tenant',
    });
    expect(await signInWithEntra(t.db, { tenantId, organizationName: 'No such org' }, identity('max@entra.test'))).toEqual({
      ok: false,
      reason: 'no_organization',
    });
  });

  it('two first sign-ins of one account at once link it once and both get in', async () => {
    const jo = await createUser(t.db, orgId, { email: 'jo@entra.test' });
    const who = identity('jo@entra.test');
    const results = await Promise.all([signInWithEntra(t.db, settings, who), signInWithEntra(t.db, settings, who)]);
    expect(results.map((r) => r.ok && r.userId)).toEqual([jo.id, jo.id]);
    expect(await t.db.select().from(authAccounts).where(eq(authAccounts.userId, jo.id))).toHaveLength(1);
  });
});
