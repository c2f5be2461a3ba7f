// Power Platform solution files, read and written (DESIGN.md §9). No database, no UI: the import
// wizard, export and pages build on this. See README.md beside this file for the model and the rules.
import 'server-only';

export type {
  DependencyComponent,
  EnvironmentVariableType,
  ExternalConnectionReference,
  FlowConnectionReference,
  FlowSlot,
  MissingDependency,
  RootComponent,
  RuntimeSource,
  SkippedComponent,
  Solution,
  SolutionConnectionReference,
  SolutionConnector,
  SolutionEnvironmentVariable,
  SolutionExport,
  SolutionFlow,
  SolutionIdentity,
  SolutionPublisher,
} from './model';
export { readSolution, type ReadSolutionOptions } from './read';
export { connectionReferenceOf, customConnectorOf } from './lookup';
export { solutionFiles, toSolutionExport, withoutCredentials, writeSolution } from './write';
export { solutionLimits } from './archive';
export type { ZipLimits } from '@/lib/connectors/files';
export { SolutionFileError, type SolutionRefusal } from './errors';
export {
  apiNameFromConnectorId,
  connectorIdFromApiName,
  decodeConnectorName,
  defaultOptionValuePrefix,
  encodeConnectorName,
  escapeConnectorName,
  flowFileName,
  flowFileStem,
  isGuid,
  logicalName,
  normalizeGuid,
  stableGuid,
} from './names';
