import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, ne } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { dataKeys } from '@/db/schema';
import { log } from '@/lib/log';
import { DecryptError, newDataKey, openWith, sealedDataKeyId, sealWith, unwrapDataKey, wrapDataKey, type SealContext } from './envelope';
import { findMasterKey, keyRingFromEnv, type KeyRing } from './keyring';

/**
 * Envelope encryption against the `data_keys` table. Values are sealed under the newest data key
 * wrapped by the current master key (one is created when there is none, e.g. right after the
 * master key changed); unwrapped data keys are cached in memory by id: a re-wrap never changes a
 * data key, only the wrapping, so a cached key stays right through a rotation.
 */
export class Vault {
  private readonly ring: () => KeyRing;
  private readonly unwrapped = new Map<string, Buffer>();

  constructor(ring: KeyRing | (() => KeyRing)) {
    this.ring = typeof ring === 'function' ? ring : () => ring;
  }

  /**
   * Seals `plaintext` for `context` (the owning row's id and what the value is for). Runs on the
   * caller's transaction: the data key it may create commits or rolls back with the value.
   */
  async seal(tx: Queryable, plaintext: Buffer | string, context: SealContext): Promise<Buffer> {
    const { id, key } = await this.activeDataKey(tx);
    return sealWith(id, key, typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext, context);
  }

  /** Opens a sealed value; throws DecryptError (“Can’t decrypt this value.”) on any failure. */
  async open(tx: Queryable, sealed: Buffer, context: SealContext): Promise<Buffer> {
    const key = await this.dataKey(tx, sealedDataKeyId(sealed));
    return openWith(key, sealed, context);
  }

  /** Seals a JSON value (connection parameter values, token sets). */
  sealJson(tx: Queryable, value: unknown, context: SealContext): Promise<Buffer> {
    return this.seal(tx, JSON.stringify(value), context);
  }

  /** Opens a JSON value sealed by `sealJson`; the caller validates its shape. */
  async openJson(tx: Queryable, sealed: Buffer, context: SealContext): Promise<unknown> {
    const text = (await this.open(tx, sealed, context)).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new DecryptError();
    }
  }

  private async activeDataKey(tx: Queryable): Promise<{ id: string; key: Buffer }> {
    // One indexed read per seal, inside the caller's transaction: a data key created by a
    // transaction that rolled back can never be handed out from a cache.
    const master = this.ring().current;
    const [row] = await tx
      .select({ id: dataKeys.id, wrappedKey: dataKeys.wrappedKey })
      .from(dataKeys)
      .where(eq(dataKeys.masterKeyId, master.id))
      .orderBy(desc(dataKeys.createdAt))
      .limit(1);
    if (row) {
      let key = this.unwrapped.get(row.id);
      if (!key) {
        key = unwrapDataKey(master, row.id, row.wrappedKey);
        this.unwrapped.set(row.id, key);
      }
      return { id: row.id, key };
    }
    // Two first seals at once may each create one: both stay valid, the newer becomes the active one.
    const id = randomUUID();
    const key = newDataKey();
    await tx.insert(dataKeys).values({ id, wrappedKey: wrapDataKey(master, id, key), masterKeyId: master.id });
    this.unwrapped.set(id, key);
    return { id, key };
  }

  private async dataKey(tx: Queryable, id: string): Promise<Buffer> {
    const cached = this.unwrapped.get(id);
    if (cached) return cached;
    const [row] = await tx
      .select({ wrappedKey: dataKeys.wrappedKey, masterKeyId: dataKeys.masterKeyId })
      .from(dataKeys)
      .where(eq(dataKeys.id, id));
    if (!row) throw new DecryptError();
    const master = findMasterKey(this.ring(), row.masterKeyId);
    if (!master) {
      // Ids only: enough for an operator to see which key is missing from the ring.
      log.error({ dataKeyId: id, masterKeyId: row.masterKeyId }, 'a data key is wrapped by a master key the ring does not hold');
      throw new DecryptError();
    }
    const key = unwrapDataKey(master, id, row.wrappedKey);
    this.unwrapped.set(id, key);
    return key;
  }
}

let defaultVault: Vault | undefined;

/** The vault keyed from the environment (`MAKERPORT_ENCRYPTION_KEY`, `…_PREVIOUS`), read on first use. */
export function vault(): Vault {
  defaultVault ??= new Vault(() => keyRingFromEnv());
  return defaultVault;
}

export interface RotationReport {
  /** Data keys now wrapped by the current master key that were not before. */
  rewrapped: number;
  /** Data keys that already were. */
  alreadyCurrent: number;
  /** Data keys wrapped by a master key the ring doesn't hold: their values stay unreadable until it is added. */
  missing: { id: string; masterKeyId: string }[];
}

/**
 * Re-wraps every data key under the ring's current master key, using the previous keys to unwrap.
 * Each row is updated on its own (no long transaction, no lock on readers) and only if no one
 * re-wrapped it meanwhile; at every moment each row is wrapped by a key the ring holds, so every
 * value stays readable during the rotation. Safe to run again: it resumes where it stopped.
 */
export async function rotateDataKeys(db: Queryable, ring: KeyRing, options: { batchSize?: number } = {}): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 500;
  const report: RotationReport = { rewrapped: 0, alreadyCurrent: 0, missing: [] };
  const [current] = await db.select({ n: count() }).from(dataKeys).where(eq(dataKeys.masterKeyId, ring.current.id));
  report.alreadyCurrent = current?.n ?? 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .select()
      .from(dataKeys)
      .where(and(ne(dataKeys.masterKeyId, ring.current.id), gt(dataKeys.id, after)))
      .orderBy(asc(dataKeys.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    for (const row of rows) {
      const master = findMasterKey(ring, row.masterKeyId);
      if (!master) {
        report.missing.push({ id: row.id, masterKeyId: row.masterKeyId });
        continue;
      }
      const key = unwrapDataKey(master, row.id, row.wrappedKey);
      const wrappedKey = wrapDataKey(ring.current, row.id, key);
      // Check the new wrapping before it replaces the old one.
      if (!unwrapDataKey(ring.current, row.id, wrappedKey).equals(key)) throw new Error('Re-wrapped data key does not round-trip.');
      const updated = await db
        .update(dataKeys)
        .set({ wrappedKey, masterKeyId: ring.current.id, rewrappedAt: new Date() })
        .where(and(eq(dataKeys.id, row.id), eq(dataKeys.masterKeyId, row.masterKeyId)))
        .returning({ id: dataKeys.id });
      if (updated.length) report.rewrapped++;
    }
  }
  return report;
}
