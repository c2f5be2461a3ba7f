import { analyzeValue } from '../expressions';
import { checkAction } from './actions';
import { checkConnectionReferences, checkConnectorStep, type ConnectorLookup } from './connections';
import { actionExpressionFindings, expressionFindings, type DeclaredNames } from './expression-checks';
import { pointerSegment, type Finding } from './findings';
import { isRecord, readFlowDocument } from './read';
import { checkRunAfter } from './run-after';
import { checkTriggers } from './triggers';
import { listScopes, walkActions } from './walk';

/*
 * The validator: everything in a flow that Makerport can't run, each finding at a JSON pointer into
 * the document as given (either shape). An empty list means the flow can be turned on.
 */

export interface ValidateOptions {
  /** The environment's connectors; without it, connectors and operations are not checked. */
  connectors?: ConnectorLookup;
}

/** Lists precisely what in a flow document is unsupported or broken; [] when it can run. */
export function validateFlow(input: unknown, options: ValidateOptions = {}): Finding[] {
  const read = readFlowDocument(input);
  if (!read.document) return read.findings;
  const { definition, connectionReferences } = read.document;
  const root = `${read.base}/definition`;
  const actionsPointer = `${root}/actions`;
  const actions = definition.actions as Record<string, unknown>;
  const triggers = definition.triggers as Record<string, unknown>;

  const actionNames = new Set<string>();
  const variables = new Set<string>();
  walkActions(actions, actionsPointer, ({ name, action }) => {
    actionNames.add(name);
    if (action.type === 'InitializeVariable' && isRecord(action.inputs) && Array.isArray(action.inputs.variables)) {
      for (const v of action.inputs.variables) if (isRecord(v) && typeof v.name === 'string') variables.add(v.name.toLowerCase());
    }
  });
  const names: DeclaredNames = {
    actions: actionNames,
    variables,
    parameters: new Set(isRecord(definition.parameters) ? Object.keys(definition.parameters) : []),
  };

  const findings: Finding[] = [
    ...checkTriggers(triggers, `${root}/triggers`),
    ...triggerExpressionFindings(triggers, `${root}/triggers`, names),
    ...checkConnectionReferences(connectionReferences, `${read.base}/connectionReferences`),
  ];
  const runAfter = listScopes(actions, actionsPointer).flatMap((scope) => checkRunAfter(scope.actions, scope.pointer));

  walkActions(actions, actionsPointer, (visit) => {
    findings.push(...checkAction(visit));
    if (visit.action.type === 'InitializeVariable' && visit.siblingsPointer !== actionsPointer) {
      findings.push({
        pointer: `${visit.pointer}/type`,
        code: 'invalid-action',
        message: 'Initialize variable must be at the top level of the flow, not inside a condition, loop or scope.',
      });
    }
    if (['SetVariable', 'IncrementVariable', 'AppendToArrayVariable', 'AppendToStringVariable'].includes(String(visit.action.type))) {
      const name = isRecord(visit.action.inputs) ? visit.action.inputs.name : undefined;
      if (typeof name === 'string' && name && !variables.has(name.toLowerCase())) {
        findings.push({
          pointer: `${visit.pointer}/inputs/name`,
          code: 'unknown-variable',
          subject: name,
          message: `The variable '${name}' is not declared by any Initialize variable step.`,
        });
      }
    }
    findings.push(...checkConnectorStep(visit, connectionReferences, options.connectors));
    findings.push(...actionExpressionFindings(visit, names));
    findings.push(
      ...runAfter.filter((f) => f.pointer === `${visit.pointer}/runAfter` || f.pointer.startsWith(`${visit.pointer}/runAfter/`)),
    );
  });
  return findings;
}

/** Triggers other than Request ones may hold expressions (a polling trigger's inputs, conditions, splitOn). */
function triggerExpressionFindings(triggers: Record<string, unknown>, pointer: string, names: DeclaredNames): Finding[] {
  return Object.entries(triggers).flatMap(([name, trigger]) => {
    if (!isRecord(trigger) || trigger.type === 'Request') return [];
    const at = `${pointer}/${pointerSegment(name)}`;
    const sites = ['inputs', 'conditions', 'splitOn', 'recurrence'].flatMap((key) =>
      key in trigger ? analyzeValue(trigger[key], `${at}/${key}`) : [],
    );
    return expressionFindings(sites, [], names);
  });
}
