import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, id, timestamps } from '../columns';
import { connectors } from './connectors';
import { environments } from './environments';
import { organizations } from './organizations';
import { users } from './users';

/**
 * One user's values for one connector's connection parameters. Deleting the connector deletes
 * its connections (DESIGN.md §3), hence the cascade. Secret values are AES-256-GCM ciphertext.
 */
export const connections = pgTable(
  'connections',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    environmentId: uuid()
      .notNull()
      .references(() => environments.id),
    connectorId: uuid()
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    /** The creator and owner: only they see or change its credentials. */
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    displayName: text().notNull(),
    /** Encrypted JSON of the parameter values; never selected for a page. */
    encryptedValues: bytea(),
    ...timestamps,
  },
  (t) => [index('connections_connector_idx').on(t.connectorId), index('connections_env_owner_idx').on(t.environmentId, t.createdBy)],
);

export type Connection = typeof connections.$inferSelect;
