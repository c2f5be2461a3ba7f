import { pointerSegment, type Finding } from './findings';
import { isRecord } from './read';
import type { ActionVisit } from './walk';

/*
 * Connection slots (`connectionReferences`) and the connector steps that use them. A step names
 * its slot in `host.connectionName`; the slot's `api.name` says which connector it is, since
 * `host.apiId` can be "" for custom connectors.
 */

/**
 * What the environment offers, given a slot's api name (e.g. `shared_contoso-echo`): the connector's
 * operation ids, or null/undefined when the environment has no such connector. The caller builds
 * it from one query over the environment's connectors.
 */
export type ConnectorLookup = (apiName: string) => { operationIds: ReadonlySet<string> | readonly string[] } | null | undefined;

/** Checks each slot's shape: an api name, and a runtimeSource of embedded or invoker. */
export function checkConnectionReferences(references: Record<string, unknown>, pointer: string): Finding[] {
  const findings: Finding[] = [];
  for (const [slot, reference] of Object.entries(references)) {
    const at = `${pointer}/${pointerSegment(slot)}`;
    if (!isRecord(reference)) {
      findings.push({ pointer: at, code: 'invalid-connection-reference', message: `The connection slot '${slot}' must be an object.` });
      continue;
    }
    if (!isRecord(reference.api) || typeof reference.api.name !== 'string' || !reference.api.name) {
      findings.push({
        pointer: `${at}/api`,
        code: 'invalid-connection-reference',
        message: `The connection slot '${slot}' needs "api": { "name": <connector> }.`,
      });
    }
    if (reference.runtimeSource !== undefined && reference.runtimeSource !== 'embedded' && reference.runtimeSource !== 'invoker') {
      findings.push({
        pointer: `${at}/runtimeSource`,
        code: 'invalid-connection-reference',
        message: `A slot's runtimeSource is "embedded" (the flow's connection) or "invoker" (provided by the run-only user), not '${String(reference.runtimeSource)}'.`,
      });
    }
    if (reference.connection !== undefined && !isRecord(reference.connection)) {
      findings.push({ pointer: `${at}/connection`, code: 'invalid-connection-reference', message: '"connection" must be an object.' });
    }
  }
  return findings;
}

/** The connector api name a slot stands for, or null. */
export function slotApiName(references: Record<string, unknown>, slot: string): string | null {
  const reference = Object.prototype.hasOwnProperty.call(references, slot) ? references[slot] : undefined;
  return isRecord(reference) && isRecord(reference.api) && typeof reference.api.name === 'string' && reference.api.name
    ? reference.api.name
    : null;
}

/** For an OpenApiConnection step: its slot exists, and (with a lookup) its connector and operation exist in the environment. */
export function checkConnectorStep(
  visit: ActionVisit,
  references: Record<string, unknown>,
  lookup: ConnectorLookup | undefined,
): Finding[] {
  const host = isRecord(visit.action.inputs) && isRecord(visit.action.inputs.host) ? visit.action.inputs.host : null;
  if (visit.action.type !== 'OpenApiConnection' || !host || typeof host.connectionName !== 'string' || !host.connectionName) return [];
  const at = `${visit.pointer}/inputs/host`;
  const slot = host.connectionName;
  if (!Object.prototype.hasOwnProperty.call(references, slot)) {
    return [
      {
        pointer: `${at}/connectionName`,
        code: 'unknown-connection',
        subject: slot,
        message: `The step '${visit.name}' uses the connection slot '${slot}', which the flow's connectionReferences don't define.`,
      },
    ];
  }
  const apiName = slotApiName(references, slot);
  if (!lookup || !apiName) return [];
  const connector = lookup(apiName);
  if (!connector) {
    return [
      {
        pointer: `${at}/connectionName`,
        code: 'unknown-connector',
        subject: apiName,
        message: `The step '${visit.name}' calls the connector '${apiName}', which this environment doesn't have.`,
      },
    ];
  }
  const operationId = typeof host.operationId === 'string' ? host.operationId : '';
  const operations = connector.operationIds;
  const known = 'has' in operations ? operations.has(operationId) : operations.includes(operationId);
  if (operationId && !known) {
    return [
      {
        pointer: `${at}/operationId`,
        code: 'unknown-operation',
        subject: `${apiName}/${operationId}`,
        message: `The connector '${apiName}' has no operation '${operationId}'.`,
      },
    ];
  }
  return [];
}
