import type { FlowConnectionReference, Solution, SolutionConnectionReference, SolutionConnector } from './model';

/**
 * The connection reference of the solution a flow slot binds to. Logical names compare
 * case-insensitively (as Dataverse does; real flow files differ in case from customizations.xml).
 * Null for a slot bound outside the solution, or a legacy slot with no logical name.
 */
export function connectionReferenceOf(
  solution: Pick<Solution, 'connectionReferences'>,
  slot: FlowConnectionReference,
): SolutionConnectionReference | null {
  const name = slot.connection.connectionReferenceLogicalName?.toLowerCase();
  return name ? (solution.connectionReferences.find((r) => r.logicalName.toLowerCase() === name) ?? null) : null;
}

/**
 * The custom connector in this solution that a connection reference or a flow slot uses: by the
 * reference's `customConnectorId` (the stable key), else by a slot's `api.logicalName` (the
 * connector's `name`). Null when the connector is not in the file (a standard connector, or a custom
 * one the target must already have).
 */
export function customConnectorOf(
  solution: Pick<Solution, 'connectionReferences' | 'connectors'>,
  target: SolutionConnectionReference | FlowConnectionReference,
): SolutionConnector | null {
  const reference = 'logicalName' in target ? target : connectionReferenceOf(solution, target);
  if (reference?.customConnectorId) {
    const byId = solution.connectors.find((c) => c.id === reference.customConnectorId);
    if (byId) return byId;
  }
  const logicalName = 'api' in target ? target.api.logicalName?.toLowerCase() : undefined;
  return logicalName ? (solution.connectors.find((c) => c.name.toLowerCase() === logicalName) ?? null) : null;
}
