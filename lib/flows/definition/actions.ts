import type { Finding } from './findings';
import { isRecord } from './read';
import { SUPPORTED_ACTION_TYPES, VARIABLE_TYPES, type SupportedActionType } from './types';
import type { ActionVisit } from './walk';

/* The shape each supported action type must have; anything else is listed as unsupported. */

const SUPPORTED = new Set<string>(SUPPORTED_ACTION_TYPES);
const RUN_STATUSES = ['Succeeded', 'Failed', 'Cancelled'];

const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== '';

type Check = (
  action: Record<string, unknown>,
  inputs: Record<string, unknown> | null,
  fail: (path: string, message: string) => void,
) => void;

const needsInputs = (inputs: Record<string, unknown> | null, fail: (path: string, message: string) => void) => {
  if (!inputs) fail('/inputs', 'This action needs "inputs".');
  return inputs ?? {};
};

const variableName: Check = (_action, raw, fail) => {
  const inputs = needsInputs(raw, fail);
  if (raw && !nonEmpty(inputs.name)) fail('/inputs/name', 'This action needs the name of the variable it changes.');
};

const CHECKS: Record<SupportedActionType, Check> = {
  OpenApiConnection: (_action, raw, fail) => {
    const inputs = needsInputs(raw, fail);
    if (!raw) return;
    if (!isRecord(inputs.host)) return fail('/inputs/host', 'A connector step needs "host" with its connectionName and operationId.');
    if (!nonEmpty(inputs.host.connectionName)) fail('/inputs/host/connectionName', 'A connector step needs the connection slot it uses.');
    if (!nonEmpty(inputs.host.operationId)) fail('/inputs/host/operationId', 'A connector step needs the operation it calls.');
    if (inputs.parameters !== undefined && !isRecord(inputs.parameters)) fail('/inputs/parameters', '"parameters" must be an object.');
  },
  Http: (_action, raw, fail) => {
    const inputs = needsInputs(raw, fail);
    if (!raw) return;
    if (!nonEmpty(inputs.method)) fail('/inputs/method', 'An HTTP step needs a method.');
    if (!nonEmpty(inputs.uri)) fail('/inputs/uri', 'An HTTP step needs a URI.');
  },
  Compose: (action, _raw, fail) => {
    if (!('inputs' in action)) fail('/inputs', 'A Compose step needs "inputs".');
  },
  InitializeVariable: (_action, raw, fail) => {
    const inputs = needsInputs(raw, fail);
    if (!raw) return;
    if (!Array.isArray(inputs.variables) || inputs.variables.length === 0) {
      return fail('/inputs/variables', 'Initialize variable needs "variables": [{ "name", "type", "value" }].');
    }
    inputs.variables.forEach((variable, i) => {
      if (!isRecord(variable) || !nonEmpty(variable.name)) return fail(`/inputs/variables/${i}/name`, 'A variable needs a name.');
      if (!VARIABLE_TYPES.includes(String(variable.type).toLowerCase() as (typeof VARIABLE_TYPES)[number])) {
        fail(`/inputs/variables/${i}/type`, `A variable's type is one of ${VARIABLE_TYPES.join(', ')}; '${String(variable.type)}' is not.`);
      }
    });
  },
  SetVariable: variableName,
  IncrementVariable: variableName,
  AppendToArrayVariable: variableName,
  AppendToStringVariable: variableName,
  ParseJson: (_action, raw, fail) => {
    const inputs = needsInputs(raw, fail);
    if (!raw) return;
    if (!('content' in inputs)) fail('/inputs/content', 'Parse JSON needs the content to parse.');
    if (!isRecord(inputs.schema)) fail('/inputs/schema', 'Parse JSON needs a schema object.');
  },
  If: (action, _raw, fail) => {
    if (!('expression' in action)) fail('/expression', 'A condition needs an "expression".');
    if (action.actions !== undefined && !isRecord(action.actions)) fail('/actions', '"actions" must be an object.');
    if (action.else !== undefined && !(isRecord(action.else) && (action.else.actions === undefined || isRecord(action.else.actions)))) {
      fail('/else', '"else" must be { "actions": { … } }.');
    }
  },
  Foreach: (action, _raw, fail) => {
    if (typeof action.foreach !== 'string' && !Array.isArray(action.foreach))
      fail('/foreach', 'Apply to each needs "foreach": the array to go through.');
    if (action.actions !== undefined && !isRecord(action.actions)) fail('/actions', '"actions" must be an object.');
  },
  Scope: (action, _raw, fail) => {
    if (action.actions !== undefined && !isRecord(action.actions)) fail('/actions', '"actions" must be an object.');
  },
  Terminate: (_action, raw, fail) => {
    const inputs = needsInputs(raw, fail);
    if (raw && !RUN_STATUSES.includes(String(inputs.runStatus))) {
      fail('/inputs/runStatus', `Terminate ends the run as ${RUN_STATUSES.join(', ')}; '${String(inputs.runStatus)}' is none of them.`);
    }
  },
  Response: (_action, raw, fail) => {
    const inputs = needsInputs(raw, fail);
    if (raw && inputs.statusCode === undefined) fail('/inputs/statusCode', 'A Response needs a status code.');
  },
};

/**
 * Checks one action's type and shape. A Response is fine without an HTTP trigger: it answers the
 * automated trigger's request when there is one, and is the run's result otherwise (Power Automate's
 * "Respond to a Power App or flow" in an instant flow).
 */
export function checkAction(visit: ActionVisit): Finding[] {
  const { action, pointer, name } = visit;
  const findings: Finding[] = [];
  if (typeof action.type !== 'string' || !action.type) {
    return [{ pointer, code: 'invalid-action', message: `The action '${name}' has no type.` }];
  }
  if (!SUPPORTED.has(action.type)) {
    return [
      {
        pointer: `${pointer}/type`,
        code: 'unsupported-action',
        subject: action.type,
        message: `The action type '${action.type}' is not supported.`,
      },
    ];
  }
  const fail = (path: string, message: string) => findings.push({ pointer: `${pointer}${path}`, code: 'invalid-action', message });
  CHECKS[action.type as SupportedActionType](action, isRecord(action.inputs) ? action.inputs : null, fail);
  return findings;
}
