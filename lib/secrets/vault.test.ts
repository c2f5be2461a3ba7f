import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '@/db/testing';
import { dataKeys } from '@/db/schema';
import { DecryptError, type SealContext } from './envelope';
import { keyRing } from './keyring';
import { rotateDataKeys, Vault } from './vault';

const t = setupTestDatabase();

const contextFor = (purpose = 'connection.values'): SealContext => ({ purpose, id: randomUUID() });

async function expectDecryptError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DecryptError);
  expect((error as Error).message).toBe('Can’t decrypt this value.');
}

describe('vault', () => {
  it('seals and opens through the data_keys table; one data key serves many values', async () => {
    const vault = new Vault(keyRing(randomBytes(32)));
    const a = contextFor();
    const b = contextFor();
    const sealedA = await vault.sealJson(t.db, { api_key: 'k-123-secret' }, a);
    const sealedB = await vault.seal(t.db, 'another secret', b);
    expect(await vault.openJson(t.db, sealedA, a)).toEqual({ api_key: 'k-123-secret' });
    expect((await vault.open(t.db, sealedB, b)).toString()).toBe('another secret');
    expect(sealedA.subarray(1, 17).equals(sealedB.subarray(1, 17))).toBe(true);
    // The row holds the data key wrapped, never in the clear; the value never holds the plaintext.
    const rows = await t.db.select().from(dataKeys);
    expect(rows.length).toBeGreaterThan(0);
    expect(sealedA.includes(Buffer.from('k-123-secret'))).toBe(false);
  });

  it('detects one changed byte anywhere in a stored value, and a value moved to another row', async () => {
    const vault = new Vault(keyRing(randomBytes(32)));
    const context = contextFor();
    const sealed = await vault.seal(t.db, 'top secret', context);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = Buffer.from(sealed);
      tampered[i]! ^= 0x04;
      await expectDecryptError(vault.open(t.db, tampered, context));
    }
    await expectDecryptError(vault.open(t.db, sealed, { ...context, id: randomUUID() }));
    await expectDecryptError(vault.open(t.db, sealed, { ...context, purpose: 'connection.oauth-tokens' }));
  });

  it('detects a changed byte in a stored data key', async () => {
    const ring = keyRing(randomBytes(32));
    const context = contextFor();
    const sealed = await new Vault(ring).seal(t.db, 'top secret', context);
    const dataKeyId = [...sealed.subarray(1, 17)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const [row] = await t.db
      .select()
      .from(dataKeys)
      .where(sql`replace(${dataKeys.id}::text, '-', '') = ${dataKeyId}`);
    const tampered = Buffer.from(row!.wrappedKey);
    tampered[20]! ^= 0x01;
    await t.db.update(dataKeys).set({ wrappedKey: tampered }).where(eq(dataKeys.id, row!.id));
    await expectDecryptError(new Vault(ring).open(t.db, sealed, context));
  });

  it('never hands out a data key whose transaction rolled back', async () => {
    const ring = keyRing(randomBytes(32));
    const vault = new Vault(ring);
    await expect(
      t.db.transaction(async (tx) => {
        await vault.seal(tx, 'doomed', contextFor());
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const context = contextFor();
    const sealed = await vault.seal(t.db, 'kept', context);
    // A fresh process (no cache) must find the data key this value names.
    expect((await new Vault(ring).open(t.db, sealed, context)).toString()).toBe('kept');
  });

  it('says nothing but “can’t decrypt” for garbage or an unknown data key', async () => {
    const vault = new Vault(keyRing(randomBytes(32)));
    await expectDecryptError(vault.open(t.db, Buffer.from('not sealed at all'), contextFor()));
    const other = new Vault(keyRing(randomBytes(32)));
    const context = contextFor();
    const sealed = await other.seal(t.db, 'x', context);
    await t.db.delete(dataKeys).where(sql`true`);
    await expectDecryptError(new Vault(keyRing(randomBytes(32))).open(t.db, sealed, context));
  });
});

describe('rotation with two keys', () => {
  beforeEach(async () => {
    await t.db.delete(dataKeys);
  });

  it('keeps every value readable before, during and after re-wrapping, then needs only the new key', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new Vault(keyRing(oldKey));
    const values = Array.from({ length: 5 }, (_, i) => ({ context: contextFor(), plaintext: `secret ${i}` }));
    const sealed = await Promise.all(values.map((v) => before.seal(t.db, v.plaintext, v.context)));
    const openAll = async (vault: Vault) =>
      Promise.all(values.map(async (v, i) => (await vault.open(t.db, sealed[i]!, v.context)).toString()));
    const plaintexts = values.map((v) => v.plaintext);

    // The new key alone cannot read what the old key wrapped.
    await expectDecryptError(new Vault(keyRing(newKey)).open(t.db, sealed[0]!, values[0]!.context));

    // Deployed with KEY=new, PREVIOUS=old: everything reads, new values go under the new key.
    const rotating = keyRing(newKey, [oldKey]);
    expect(await openAll(new Vault(rotating))).toEqual(plaintexts);
    const late = contextFor();
    const lateSealed = await new Vault(rotating).seal(t.db, 'sealed during rotation', late);

    // Re-wrap while readers keep reading with fresh (uncached) vaults.
    const rotation = rotateDataKeys(t.db, rotating, { batchSize: 1 });
    const readsDuring = Array.from({ length: 5 }, () => openAll(new Vault(rotating)));
    const report = await rotation;
    for (const read of await Promise.all(readsDuring)) expect(read).toEqual(plaintexts);
    expect(report.rewrapped).toBeGreaterThanOrEqual(1);
    expect(report.missing).toEqual([]);

    // The old key is gone: the new key alone reads everything, old and new.
    const after = new Vault(keyRing(newKey));
    expect(await openAll(after)).toEqual(plaintexts);
    expect((await after.open(t.db, lateSealed, late)).toString()).toBe('sealed during rotation');
    const rows = await t.db.select().from(dataKeys);
    expect(rows.every((row) => row.masterKeyId === rotating.current.id)).toBe(true);
    expect(rows.filter((row) => row.rewrappedAt).length).toBe(report.rewrapped);

    // Running it again changes nothing.
    expect((await rotateDataKeys(t.db, rotating)).rewrapped).toBe(0);
  });

  it('reports data keys whose master key the ring does not hold, and re-wraps the rest', async () => {
    const lost = randomBytes(32);
    const kept = randomBytes(32);
    const next = randomBytes(32);
    await new Vault(keyRing(lost)).seal(t.db, 'orphan', contextFor());
    await new Vault(keyRing(kept)).seal(t.db, 'fine', contextFor());
    const report = await rotateDataKeys(t.db, keyRing(next, [kept]));
    expect(report.missing).toEqual([expect.objectContaining({ masterKeyId: keyRing(lost).current.id })]);
    expect(report).toMatchObject({ rewrapped: 1, alreadyCurrent: 0 });
  });
});
