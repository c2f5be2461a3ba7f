import type { ZipLimits } from '@/lib/connectors/files';
import { openSolutionArchive, solutionLimits, type SolutionArchive } from './archive';
import { readConnector, readEnvironmentVariables, readFlow, skippedFolders } from './components';
import { readCustomizations } from './customizations';
import { readManifest } from './manifest';
import type { ExternalConnectionReference, FlowSlot, Solution, SolutionConnectionReference, SolutionFlow } from './model';
import { parseXml } from './xml';

export interface ReadSolutionOptions {
  /** The uploaded file's name, for messages only (identity always comes from solution.xml). */
  fileName?: string;
  limits?: ZipLimits;
}

async function readRootXml(archive: SolutionArchive, name: 'solution.xml' | 'customizations.xml') {
  // The root names were checked case-insensitively when the archive was opened.
  return parseXml(await archive.read(archive.resolve(name)!), name);
}

/** Flow slots whose connection reference is outside the solution, and slots with none (legacy). */
function unboundSlots(
  flows: SolutionFlow[],
  references: SolutionConnectionReference[],
): { externalConnectionReferences: ExternalConnectionReference[]; legacyConnections: FlowSlot[] } {
  // Dataverse logical names are case-insensitive.
  const known = new Set(references.map((r) => r.logicalName.toLowerCase()));
  const external = new Map<string, ExternalConnectionReference>();
  const legacyConnections: FlowSlot[] = [];
  for (const flow of flows) {
    for (const [slot, reference] of Object.entries(flow.connectionReferences)) {
      const use: FlowSlot = { flowId: flow.id, flowName: flow.name, slot, apiName: reference.api.name };
      const logicalName = reference.connection.connectionReferenceLogicalName;
      if (!logicalName) legacyConnections.push(use);
      else if (!known.has(logicalName.toLowerCase())) {
        const key = logicalName.toLowerCase();
        const entry = external.get(key) ?? { logicalName, apiName: reference.api.name, usedBy: [] };
        entry.usedBy.push(use);
        external.set(key, entry);
      }
    }
  }
  return { externalConnectionReferences: [...external.values()], legacyConnections };
}

/**
 * Reads a Power Platform solution zip into the model (DESIGN.md §9), managed or not. Refuses with a
 * `SolutionFileError` (INVALID_INPUT, saying what and where) anything that is not a readable
 * solution: not a zip, a zip past the limits, unsafe paths, a legacy flow package, a zip of zips,
 * malformed or DTD-bearing XML, flow JSON that doesn't parse. Missing dependencies, connection
 * references outside the solution and components Makerport doesn't model are reported, never fatal.
 * Callable from any server code; it touches no database.
 */
export async function readSolution(data: Buffer, options: ReadSolutionOptions = {}): Promise<Solution> {
  const archive = await openSolutionArchive(data, options.fileName ?? 'The file', options.limits ?? solutionLimits);
  try {
    const { identity, rootComponents, missingDependencies } = readManifest(await readRootXml(archive, 'solution.xml'));
    const customizations = readCustomizations(await readRootXml(archive, 'customizations.xml'));
    const skipped = [...customizations.skipped];
    const flows: SolutionFlow[] = [];
    for (const entry of customizations.workflows) flows.push(await readFlow(archive, entry));
    const connectors = [];
    for (const entry of customizations.connectors) connectors.push(await readConnector(archive, entry));
    const environmentVariables = await readEnvironmentVariables(archive, skipped);
    skipped.push(...skippedFolders(archive.names));
    return {
      identity,
      rootComponents,
      missingDependencies,
      flows,
      connectionReferences: customizations.connectionReferences,
      connectors,
      environmentVariables,
      ...unboundSlots(flows, customizations.connectionReferences),
      skipped,
    };
  } finally {
    archive.close();
  }
}
