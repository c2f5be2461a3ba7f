/*
 * The flow definition model (DESIGN.md §8) and its validator. Pure code, no database: the editor,
 * the save and turn-on actions, the solution import and the run engine all build on it.
 *
 *   readFlowDocument(input)              → { document, base, findings }   either shape in, stored shape out
 *   validateFlow(input, { connectors })  → Finding[]                       [] means it can be turned on
 *   describeTrigger(definition)          → instant (with inputs) | scheduled | automated | null
 *   walkActions / listScopes             → every action at every depth, with pointer and enclosing loops
 *   orderActions(siblings)               → run order of one scope from runAfter
 *   splitParameterKey / groupParameters  → Power Automate's `body/text` parameter keys
 */
export { checkAction } from './actions';
export { checkConnectionReferences, slotApiName, type ConnectorLookup } from './connections';
export { FINDING_CODES, type Finding, type FindingCode } from './findings';
export { groupParameters, splitParameterKey, type GroupedParameters, type ParameterKey } from './parameters';
export { isRecord, readFlowDocument, type ReadFlowResult } from './read';
export { checkRunAfter, orderActions, runAfterStatus } from './run-after';
export { describeTrigger, readTriggerInputs, triggerLabel, type TriggerInput, type TriggerSummary } from './triggers';
export * from './types';
export { validateFlow, type ValidateOptions } from './validate';
export { childScopes, listScopes, walkActions, type ActionVisit } from './walk';
