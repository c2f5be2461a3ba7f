import { index, pgEnum, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from '../columns';
import { connections } from './connections';
import { environments } from './environments';
import { organizations } from './organizations';
import { users } from './users';

export const flowTriggerKind = pgEnum('flow_trigger_kind', ['instant', 'automated', 'scheduled']);
export const flowState = pgEnum('flow_state', ['on', 'off']);
export const connectionRuntimeSource = pgEnum('connection_runtime_source', ['embedded', 'invoker']);

export const flows = pgTable(
  'flows',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    environmentId: uuid()
      .notNull()
      .references(() => environments.id),
    /** The creator: an owner nobody can remove. */
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    triggerKind: flowTriggerKind().notNull(),
    state: flowState().notNull().default('off'),
    ...timestamps,
  },
  (t) => [index('flows_env_idx').on(t.environmentId)],
);

/**
 * A flow's connection slots (DESIGN.md §5): which connection a slot uses and, for run-only
 * users, whether the runner brings their own (`invoker`) or uses this one (`embedded`).
 */
export const flowConnections = pgTable(
  'flow_connections',
  {
    flowId: uuid()
      .notNull()
      .references(() => flows.id, { onDelete: 'cascade' }),
    slot: text().notNull(),
    connectionId: uuid().references(() => connections.id, { onDelete: 'set null' }),
    runtimeSource: connectionRuntimeSource().notNull().default('embedded'),
  },
  (t) => [primaryKey({ columns: [t.flowId, t.slot] }), index('flow_connections_connection_idx').on(t.connectionId)],
);

export type Flow = typeof flows.$inferSelect;
