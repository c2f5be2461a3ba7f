// The normalised model of a Power Platform solution file (DESIGN.md §9). `readSolution` gives a
// `Solution`; `writeSolution` takes a `SolutionExport`, the subset Makerport writes. GUIDs are
// lower case without braces throughout; file references are resolved to zip entry names.

/** Who made the solution and under which name it installs. */
export interface SolutionIdentity {
  /** `<UniqueName>`: the stable key; a re-import with the same unique name updates the solution. */
  uniqueName: string;
  /** The localized name (language 1033 when there is one), else the unique name. */
  displayName: string;
  description: string | null;
  /** As written in the file: 4 parts usually, 2 parts in some real files. */
  version: string;
  managed: boolean;
  /** `SolutionPackageVersion` of `<ImportExportXml>` (`9.2`, older files `9.1`, `8.x`, `7.1`); null when absent. */
  packageVersion: string | null;
  publisher: SolutionPublisher;
}

export interface SolutionPublisher {
  uniqueName: string;
  displayName: string;
  /** The prefix of every schema name the publisher creates (`ba` in `ba_api-2dfootball`). */
  customizationPrefix: string;
  /** `CustomizationOptionValuePrefix` (10000–99999); null when the file has none. */
  optionValuePrefix: number | null;
}

/** A `<RootComponent>` of solution.xml. Type codes: 29 process (flow), 372 connector, 300 canvas app, 1 table, … */
export interface RootComponent {
  type: number;
  id: string | null;
  schemaName: string | null;
  behavior: number;
}

/** One side of a `<MissingDependency>`. */
export interface DependencyComponent {
  type: number;
  schemaName: string | null;
  id: string | null;
  displayName: string | null;
  /** The solution that has it, e.g. `EnvironmentVariables (1.0.2.293)`. */
  solution: string | null;
}

/** A component the solution needs and does not bring: shown to the maker, never fatal. */
export interface MissingDependency {
  required: DependencyComponent;
  dependent: DependencyComponent | null;
}

/** `runtimeSource` of a flow's connection: `invoker` is “Provided by run-only user”. */
export type RuntimeSource = 'embedded' | 'invoker';

/**
 * One entry of a flow's `connectionReferences`, in Power Automate's shape (DESIGN.md §8). Only these
 * keys are kept: a connection name or id that an old file may carry is dropped on read and write.
 */
export interface FlowConnectionReference {
  runtimeSource: RuntimeSource;
  api: { name: string; logicalName?: string };
  /** Empty (`{}`) for legacy entries exported before connection references existed. */
  connection: { connectionReferenceLogicalName?: string };
  impersonation?: Record<string, unknown>;
}

/** A cloud flow (`<Workflow>` of category 5) with its definition. */
export interface SolutionFlow {
  /** `WorkflowId`. */
  id: string;
  name: string;
  description: string | null;
  /** StateCode 1 is on; anything else is off. */
  state: 'on' | 'off';
  /** The zip entry its `JsonFileName` resolved to (read), or the one `writeSolution` writes. */
  fileName: string;
  /** `properties.definition`: the Logic Apps workflow definition, as in the file. */
  definition: Record<string, unknown>;
  /** `properties.connectionReferences`, keyed by the slot name actions use in `host.connectionName`. */
  connectionReferences: Record<string, FlowConnectionReference>;
}

/** A `<connectionreference>`: a named slot the target environment binds to one of its connections. */
export interface SolutionConnectionReference {
  logicalName: string;
  displayName: string;
  description: string | null;
  /** The connector's api name: the last segment of `connectorid` (`shared_sharepointonline`). */
  apiName: string;
  /** `customconnectorid/connectorid`: the GUID of a custom connector (the stable key; api names are per environment). */
  customConnectorId: string | null;
}

/** A custom connector (`<Connector>`) and its `Connector/…` files. */
export interface SolutionConnector {
  /** `connectorid`. */
  id: string;
  /** `name` as stored: the publisher prefix and the hex-escaped name (`ba_api-2dfootball`); see `decodeConnectorName`. */
  name: string;
  displayName: string;
  description: string | null;
  iconBrandColor: string | null;
  /** The Swagger 2.0 document (`openapidefinition`). */
  openApiDefinition: Record<string, unknown>;
  /** The connection's parameter schema (`connectionparameters`); `{}` for no authentication. Never values. */
  connectionParameters: Record<string, unknown>;
  /** `policytemplateinstances`, null when absent or `null`. */
  policyTemplateInstances: unknown[] | null;
  /** `iconblob` bytes (PNG in real files). */
  icon: Buffer | null;
  /** `customcodeblobcontent`: the C# script (`.csx`), kept and never run. */
  script: string | null;
  /** `scriptoperations`: the operation ids the script handles. */
  scriptOperations: string[] | null;
}

export type EnvironmentVariableType = 'text' | 'number' | 'boolean' | 'json' | 'dataSource' | 'secret';

/** An environment variable definition, with the value the file ships (if any). */
export interface SolutionEnvironmentVariable {
  schemaName: string;
  displayName: string;
  description: string | null;
  type: EnvironmentVariableType;
  defaultValue: string | null;
  /** From `environmentvariablevalues.json`. */
  currentValue: string | null;
  isRequired: boolean;
  /** For `dataSource` variables: the connector, the parameter it fills and the variable it depends on. */
  dataSource: { apiId: string | null; parameterKey: string | null; parentSchemaName: string | null } | null;
}

/** Where a flow uses a connection slot. */
export interface FlowSlot {
  flowId: string;
  flowName: string;
  /** The key in the flow's `connectionReferences`. */
  slot: string;
  apiName: string;
}

/** A connection reference flows use but the solution does not bring: it must already exist in the target. */
export interface ExternalConnectionReference {
  logicalName: string;
  apiName: string;
  usedBy: FlowSlot[];
}

/** A component Makerport does not model: listed, not imported. */
export interface SkippedComponent {
  /** In words: `canvas app`, `table`, `agent`, `desktop flow`, `web resource`, … */
  kind: string;
  name: string;
  displayName: string | null;
}

/** Everything `readSolution` reads from a solution zip. */
export interface Solution {
  identity: SolutionIdentity;
  rootComponents: RootComponent[];
  missingDependencies: MissingDependency[];
  flows: SolutionFlow[];
  connectionReferences: SolutionConnectionReference[];
  connectors: SolutionConnector[];
  environmentVariables: SolutionEnvironmentVariable[];
  /** Flow slots bound to a connection reference the solution does not contain. */
  externalConnectionReferences: ExternalConnectionReference[];
  /** Flow slots with no connection reference at all (exported before they existed): import asks anew. */
  legacyConnections: FlowSlot[];
  skipped: SkippedComponent[];
}

/**
 * What `writeSolution` writes: an unmanaged solution. Root components, the managed flag, the package
 * version and flow file names are derived; `fileName` of a flow is ignored.
 */
export interface SolutionExport {
  identity: Omit<SolutionIdentity, 'managed' | 'packageVersion' | 'publisher'> & {
    publisher: Omit<SolutionPublisher, 'optionValuePrefix'> & { optionValuePrefix?: number | null };
  };
  flows: (Omit<SolutionFlow, 'fileName'> & { fileName?: string })[];
  connectionReferences: SolutionConnectionReference[];
  connectors: SolutionConnector[];
  environmentVariables: SolutionEnvironmentVariable[];
  missingDependencies?: MissingDependency[];
}
