import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id } from '../columns';

/**
 * Data keys of the envelope encryption (lib/secrets): each sealed value names the data key it was
 * sealed under; each data key is stored wrapped (AES-256-GCM) by a master key that never touches
 * the database. A system table: data keys belong to no organization, values do.
 */
export const dataKeys = pgTable(
  'data_keys',
  {
    id: id(),
    /** version ‖ nonce ‖ tag ‖ ciphertext of the 32-byte data key, bound to this row's id. */
    wrappedKey: bytea().notNull(),
    /** Fingerprint of the master key that wrapped it (derived from the key, never the key). */
    masterKeyId: text().notNull(),
    createdAt: createdAt(),
    /** When `npm run keys:rotate` last re-wrapped it under a new master key. */
    rewrappedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  // The active data key is the newest one under the current master key; rotation scans by master key.
  (t) => [index('data_keys_master_created_idx').on(t.masterKeyId, t.createdAt)],
);

export type DataKey = typeof dataKeys.$inferSelect;
