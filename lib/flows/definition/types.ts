/*
 * The stored shape of a flow (DESIGN.md §8): Power Automate's own `{ definition, connectionReferences }`,
 * a subset of the Logic Apps workflow definition language. These types describe what Makerport
 * supports; a stored document may hold more (it can be saved with findings), so code that reads
 * an unvalidated document treats it as unknown and runs validateFlow() first.
 */

export const SCHEMA_URL = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

export const RUN_AFTER_STATUSES = ['Succeeded', 'Failed', 'Skipped', 'TimedOut'] as const;
export type RunAfterStatus = (typeof RUN_AFTER_STATUSES)[number];

export const RECURRENCE_FREQUENCIES = ['Minute', 'Hour', 'Day', 'Week'] as const;
export type RecurrenceFrequency = (typeof RECURRENCE_FREQUENCIES)[number];

export const VARIABLE_TYPES = ['string', 'integer', 'float', 'boolean', 'array', 'object'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export const SUPPORTED_ACTION_TYPES = [
  'OpenApiConnection',
  'Http',
  'Compose',
  'InitializeVariable',
  'SetVariable',
  'IncrementVariable',
  'AppendToArrayVariable',
  'AppendToStringVariable',
  'ParseJson',
  'If',
  'Foreach',
  'Scope',
  'Terminate',
  'Response',
] as const;
export type SupportedActionType = (typeof SUPPORTED_ACTION_TYPES)[number];

/** A connection slot: the key is what actions name in `host.connectionName`. */
export interface ConnectionReference {
  /** `embedded`: the flow's connection, chosen by an owner; `invoker`: provided by the run-only user. Absent means embedded. */
  runtimeSource?: 'embedded' | 'invoker';
  api: { name: string; [key: string]: unknown };
  connection?: { connectionReferenceLogicalName?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface WorkflowParameter {
  type: string;
  defaultValue?: unknown;
  metadata?: unknown;
  [key: string]: unknown;
}

/** An input of an instant flow, as the manual trigger's JSON schema describes it. */
export interface TriggerInputSchema {
  type: 'object';
  properties?: Record<string, { type: string; title?: string; description?: string; [key: string]: unknown }>;
  required?: string[];
  [key: string]: unknown;
}

export interface ManualTrigger {
  type: 'Request';
  kind: 'Button';
  inputs?: { schema?: TriggerInputSchema; [key: string]: unknown };
  [key: string]: unknown;
}

export interface HttpRequestTrigger {
  type: 'Request';
  kind?: 'Http';
  inputs?: { method?: string; schema?: unknown; relativePath?: string; triggerAuthenticationType?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface RecurrenceTrigger {
  type: 'Recurrence';
  recurrence: { frequency: RecurrenceFrequency; interval: number; startTime?: string; timeZone?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export type FlowTrigger = ManualTrigger | HttpRequestTrigger | RecurrenceTrigger;

export type RunAfter = Record<string, RunAfterStatus[]>;

interface ActionBase {
  runAfter?: RunAfter;
  description?: string;
  metadata?: unknown;
  [key: string]: unknown;
}

export interface OpenApiConnectionAction extends ActionBase {
  type: 'OpenApiConnection';
  inputs: {
    host: { connectionName: string; operationId: string; apiId?: string };
    /** Keyed as Power Automate keys them: path, query and header parameters by name, body properties as `body/<property>`. */
    parameters?: Record<string, unknown>;
    authentication?: unknown;
    [key: string]: unknown;
  };
}

export interface HttpAction extends ActionBase {
  type: 'Http';
  inputs: {
    method: string;
    uri: string;
    headers?: Record<string, unknown>;
    queries?: Record<string, unknown>;
    body?: unknown;
    [key: string]: unknown;
  };
}

export interface ComposeAction extends ActionBase {
  type: 'Compose';
  inputs: unknown;
}

export interface InitializeVariableAction extends ActionBase {
  type: 'InitializeVariable';
  inputs: { variables: [{ name: string; type: VariableType; value?: unknown }] };
}

export interface VariableAction extends ActionBase {
  type: 'SetVariable' | 'IncrementVariable' | 'AppendToArrayVariable' | 'AppendToStringVariable';
  inputs: { name: string; value?: unknown };
}

export interface ParseJsonAction extends ActionBase {
  type: 'ParseJson';
  inputs: { content: unknown; schema: unknown };
}

/** An If condition: the object form (`{ "and": [ { "equals": [a, b] } ] }`) or an expression string. */
export type Condition = string | boolean | { [operator: string]: unknown };

export interface IfAction extends ActionBase {
  type: 'If';
  expression: Condition;
  actions?: Record<string, FlowAction>;
  else?: { actions?: Record<string, FlowAction> };
}

export interface ForeachAction extends ActionBase {
  type: 'Foreach';
  foreach: unknown;
  actions?: Record<string, FlowAction>;
  runtimeConfiguration?: { concurrency?: { repetitions?: number } };
}

export interface ScopeAction extends ActionBase {
  type: 'Scope';
  actions?: Record<string, FlowAction>;
}

export interface TerminateAction extends ActionBase {
  type: 'Terminate';
  inputs: { runStatus: 'Succeeded' | 'Failed' | 'Cancelled'; runError?: { code?: string; message?: string } };
}

export interface ResponseAction extends ActionBase {
  type: 'Response';
  kind?: 'Http';
  inputs: { statusCode: number | string; headers?: Record<string, unknown>; body?: unknown };
}

export type FlowAction =
  | OpenApiConnectionAction
  | HttpAction
  | ComposeAction
  | InitializeVariableAction
  | VariableAction
  | ParseJsonAction
  | IfAction
  | ForeachAction
  | ScopeAction
  | TerminateAction
  | ResponseAction;

export interface WorkflowDefinition {
  $schema?: string;
  contentVersion?: string;
  parameters?: Record<string, WorkflowParameter>;
  triggers: Record<string, FlowTrigger>;
  actions: Record<string, FlowAction>;
  outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What Makerport stores for a flow. */
export interface FlowDocument {
  definition: WorkflowDefinition;
  connectionReferences: Record<string, ConnectionReference>;
}

/** The shape of a flow inside a solution's `Workflows/*.json`, accepted on input. */
export interface PowerAutomateFlowFile {
  properties: { connectionReferences?: Record<string, ConnectionReference>; definition: WorkflowDefinition; templateName?: string };
  schemaVersion?: string;
}
