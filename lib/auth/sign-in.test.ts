import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createUser, setupTestDatabase } from '@/db/testing';
import { requestClientAddress } from './client-address';
import { hashPassword } from './password';
import { checkCredentials } from './sign-in';

const t = setupTestDatabase();

describe('checkCredentials', () => {
  let hash: string;
  let orgId: string;
  beforeAll(async () => {
    hash = await hashPassword('correct horse');
    orgId = (await createOrganization(t.db)).id;
    await createUser(t.db, orgId, { email: 'ana@example.test', passwordHash: hash });
    await createUser(t.db, orgId, { email: 'gone@example.test', passwordHash: hash, deactivated: true });
  });

  it('accepts the right password, whatever the address case', async () => {
    const result = await checkCredentials(t.db, { email: 'Ana@Example.test', password: 'correct horse' }, '10.0.0.1');
    expect(result).toMatchObject({ ok: true, user: { email: 'ana@example.test' } });
  });

  it('gives one answer for a wrong password, an unknown address and a deactivated account', async () => {
    const wrong = await checkCredentials(t.db, { email: 'ana@example.test', password: 'nope' }, '10.0.0.2');
    const unknown = await checkCredentials(t.db, { email: 'nobody@example.test', password: 'correct horse' }, '10.0.0.2');
    const deactivated = await checkCredentials(t.db, { email: 'gone@example.test', password: 'correct horse' }, '10.0.0.2');
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    expect(unknown).toEqual(wrong);
    expect(deactivated).toEqual(wrong);
  });

  it('slows down repeated failures for one account, even with the right password, then lets it in after the lock', async () => {
    await createUser(t.db, orgId, { email: 'target@example.test', passwordHash: hash });
    for (let i = 0; i < 5; i++) {
      expect(await checkCredentials(t.db, { email: 'target@example.test', password: `guess-${i}` }, `10.1.0.${i}`)).toMatchObject({
        ok: false,
        reason: 'invalid',
      });
    }
    expect(await checkCredentials(t.db, { email: 'target@example.test', password: 'guess-5' }, '10.1.0.9')).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    const throttled = await checkCredentials(t.db, { email: 'target@example.test', password: 'correct horse' }, '10.1.0.10');
    expect(throttled).toMatchObject({ ok: false, reason: 'throttled' });
    expect((throttled as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await checkCredentials(t.db, { email: 'target@example.test', password: 'correct horse' }, '10.1.0.11')).toMatchObject({
      ok: true,
    });
  });

  it('counts an attempt before checking its password: 30 wrong passwords at once check no more than 6 sequential ones', async () => {
    await createUser(t.db, orgId, { email: 'race@example.test', passwordHash: hash });
    const attempt = (i: number) => checkCredentials(t.db, { email: 'race@example.test', password: `guess-${i}` }, `10.3.0.${i}`);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(i)));
    const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length;
    expect(checked).toBe(6);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(24);
  });

  it('sprayed X-Forwarded-For values do not escape the per-address limit (MAKERPORT_TRUSTED_PROXIES=0)', async () => {
    // As scripts/server.mjs delivers them: whatever the client claimed, then the socket's address.
    const results = [];
    for (let i = 0; i < 40; i++) {
      const headers = new Headers({ 'x-forwarded-for': `198.51.100.${i}, 203.0.113.50` });
      results.push(await checkCredentials(t.db, { email: `nobody-${i}@example.test`, password: 'x' }, requestClientAddress(headers)));
    }
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(21);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(19);
  });

  it('gives a successful attempt back: many people signing in from one office address are never slowed down', async () => {
    for (let i = 0; i < 30; i++) {
      expect(await checkCredentials(t.db, { email: 'ana@example.test', password: 'correct horse' }, '10.4.4.4')).toMatchObject({
        ok: true,
      });
    }
  });

  it('slows down one address trying many accounts', async () => {
    for (let i = 0; i < 21; i++) await checkCredentials(t.db, { email: `spray-${i}@example.test`, password: 'x' }, '10.9.9.9');
    expect(await checkCredentials(t.db, { email: 'ana@example.test', password: 'correct horse' }, '10.9.9.9')).toMatchObject({
      reason: 'throttled',
    });
    expect(await checkCredentials(t.db, { email: 'ana@example.test', password: 'correct horse' }, '10.9.9.8')).toMatchObject({ ok: true });
  });

  it('refuses malformed input without touching the database', async () => {
    expect(await checkCredentials(t.db, { email: 'not-an-email', password: 'x' }, '10.0.0.3')).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkCredentials(t.db, null, '10.0.0.3')).toEqual({ ok: false, reason: 'invalid' });
  });
});
