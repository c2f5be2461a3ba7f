import { sql } from 'drizzle-orm';
import { boolean, index, integer, json, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, timestamps } from '../columns';
import { connections } from './connections';
import { connectors } from './connectors';
import { environments } from './environments';
import { organizations } from './organizations';
import { users } from './users';

export const flowTriggerKind = pgEnum('flow_trigger_kind', ['instant', 'automated', 'scheduled']);
export const flowState = pgEnum('flow_state', ['on', 'off']);
export const connectionRuntimeSource = pgEnum('connection_runtime_source', ['embedded', 'invoker']);

/** A finding of the definition validator (lib/flows/definition), kept with the flow so pages needn't re-validate. */
export interface FlowFinding {
  pointer: string;
  code: string;
  message: string;
}

/**
 * A cloud flow. `document` is Power Automate's own shape, `{ definition, connectionReferences }`
 * (DESIGN.md §8), stored as `json` (not `jsonb`) so Code view shows the keys in the order written.
 */
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
    description: text().notNull().default(''),
    triggerKind: flowTriggerKind().notNull(),
    state: flowState().notNull().default('off'),
    document: json().$type<Record<string, unknown>>().notNull().default({}),
    /** What the validator found at the last save; a flow with findings can be saved and viewed, not turned on or run. */
    findings: jsonb().$type<FlowFinding[]>().notNull().default([]),
    /** An automated flow's URL signature (`sig`), sealed at rest (lib/secrets); regenerating replaces it. */
    httpSignature: bytea(),
    /** When a scheduled flow runs next (the scheduler's cursor). */
    nextRunAt: timestamp({ withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    index('flows_env_idx').on(t.environmentId),
    // My flows: the creator's own, newest first.
    index('flows_creator_idx').on(t.createdBy, t.environmentId, t.updatedAt.desc(), t.id),
    // The scheduler picks due flows.
    index('flows_due_idx')
      .on(t.nextRunAt)
      .where(sql`${t.state} = 'on' and ${t.triggerKind} = 'scheduled'`),
  ],
);

/**
 * A flow's connection slots (DESIGN.md §5): the keys of `connectionReferences`. Which connection a
 * slot uses and, for run-only users, whether the runner brings their own (`invoker`) or uses this
 * one (`embedded`). A slot that no action uses any more stays ("Other connections") until used again.
 */
export const flowConnections = pgTable(
  'flow_connections',
  {
    flowId: uuid()
      .notNull()
      .references(() => flows.id, { onDelete: 'cascade' }),
    slot: text().notNull(),
    /** The custom connector the slot's `api.name` resolves to in this environment (null: none here). */
    connectorId: uuid().references(() => connectors.id, { onDelete: 'set null' }),
    connectionId: uuid().references(() => connections.id, { onDelete: 'set null' }),
    runtimeSource: connectionRuntimeSource().notNull().default('embedded'),
  },
  (t) => [primaryKey({ columns: [t.flowId, t.slot] }), index('flow_connections_connection_idx').on(t.connectionId)],
);

export const flowRunStatus = pgEnum('flow_run_status', ['waiting', 'running', 'succeeded', 'failed', 'cancelled']);
export const flowRunTrigger = pgEnum('flow_run_trigger', ['manual', 'schedule', 'http']);
export const flowActionStatus = pgEnum('flow_action_status', ['running', 'succeeded', 'failed', 'skipped', 'timed_out', 'cancelled']);

/** One run of a flow. Deleted after `MAKERPORT_RUN_RETENTION_DAYS` by a scheduled job. */
export const flowRuns = pgTable(
  'flow_runs',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    environmentId: uuid()
      .notNull()
      .references(() => environments.id),
    flowId: uuid()
      .notNull()
      .references(() => flows.id, { onDelete: 'cascade' }),
    /** Who started it (a manual run); null for schedules and HTTP requests. */
    startedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    trigger: flowRunTrigger().notNull(),
    status: flowRunStatus().notNull().default('waiting'),
    /** The trigger's outputs as the run saw them (secret values redacted, large bodies truncated). */
    triggerOutputs: jsonb(),
    /** For `invoker` slots: the runner's own connection per slot, chosen when starting the run. */
    invokerConnections: jsonb().$type<Record<string, string>>().notNull().default({}),
    error: jsonb().$type<{ code?: string; message: string; action?: string }>(),
    startedAt: timestamp({ withTimezone: true, mode: 'date' }),
    endedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    // Run history, newest first; a run-only user's own runs.
    index('flow_runs_flow_idx').on(t.flowId, t.createdAt.desc(), t.id),
    index('flow_runs_flow_starter_idx').on(t.flowId, t.startedBy, t.createdAt.desc()),
    // Retention.
    index('flow_runs_created_idx').on(t.createdAt),
  ],
);

/**
 * One action of a run (each iteration of a Foreach is its own row). Inputs and outputs are stored
 * with secret values redacted and bodies truncated at 64 kB; `connection*` say whose credentials the
 * action used, as they were at the time.
 */
export const flowRunActions = pgTable(
  'flow_run_actions',
  {
    id: id(),
    runId: uuid()
      .notNull()
      .references(() => flowRuns.id, { onDelete: 'cascade' }),
    /** Order of execution within the run. */
    sequence: integer().notNull(),
    name: text().notNull(),
    /** Where it sits: `Foreach_1[2]/Compose` for an action inside a loop's third iteration. */
    path: text().notNull(),
    type: text().notNull(),
    status: flowActionStatus().notNull(),
    startedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    durationMs: integer(),
    attempts: integer().notNull().default(1),
    inputs: jsonb(),
    outputs: jsonb(),
    error: jsonb().$type<{ code?: string; status?: number; message: string }>(),
    truncated: boolean().notNull().default(false),
    slot: text(),
    connectionId: uuid(),
    connectionName: text(),
    connectionOwnerId: uuid(),
    connectionOwnerName: text(),
  },
  (t) => [index('flow_run_actions_run_idx').on(t.runId, t.sequence)],
);

export type Flow = typeof flows.$inferSelect;
export type FlowRun = typeof flowRuns.$inferSelect;
export type FlowRunAction = typeof flowRunActions.$inferSelect;
