import type { SolutionArchive } from './archive';
import type { ConnectorEntry, WorkflowEntry } from './customizations';
import { SolutionFileError } from './errors';
import { isObject, parseJson } from './json';
import type {
  EnvironmentVariableType,
  FlowConnectionReference,
  SkippedComponent,
  SolutionConnector,
  SolutionEnvironmentVariable,
  SolutionFlow,
} from './model';
import { apiNameFromConnectorId } from './names';
import { attribute, child, childText, decodeText, localizedText, parseXml, type XmlElement } from './xml';

/** Reads the file a reference names, or refuses saying who referenced it. */
async function readReferenced(archive: SolutionArchive, reference: string, what: string): Promise<{ name: string; data: Buffer }> {
  const name = archive.resolve(reference);
  if (!name)
    throw new SolutionFileError('missing-file', `customizations.xml names “${reference}” as ${what}, but the zip has no such file.`);
  return { name, data: await archive.read(name) };
}

/**
 * Keeps the parts of a flow's connection reference the model knows (DESIGN.md §8). Anything else,
 * such as a connection name or id an old export may carry, is dropped.
 */
export function normalizeFlowConnectionReference(value: unknown, where: string): FlowConnectionReference {
  if (!isObject(value)) throw new SolutionFileError('invalid-content', `${where} isn’t an object.`);
  const api = isObject(value.api) ? value.api : {};
  const apiName =
    typeof api.name === 'string' && api.name ? api.name : typeof api.id === 'string' && api.id ? apiNameFromConnectorId(api.id) : null;
  if (!apiName) throw new SolutionFileError('invalid-content', `${where} names no connector (api.name).`);
  const connection = isObject(value.connection) ? value.connection : {};
  const logicalName = connection.connectionReferenceLogicalName;
  const reference: FlowConnectionReference = {
    runtimeSource: typeof value.runtimeSource === 'string' && value.runtimeSource.toLowerCase() === 'invoker' ? 'invoker' : 'embedded',
    api: typeof api.logicalName === 'string' && api.logicalName ? { name: apiName, logicalName: api.logicalName } : { name: apiName },
    connection: typeof logicalName === 'string' && logicalName.trim() ? { connectionReferenceLogicalName: logicalName.trim() } : {},
  };
  if (isObject(value.impersonation)) reference.impersonation = value.impersonation;
  return reference;
}

/** A cloud flow's JSON file: `{properties: {connectionReferences, definition}}`. */
export async function readFlow(archive: SolutionArchive, entry: WorkflowEntry): Promise<SolutionFlow> {
  const { name, data } = await readReferenced(archive, entry.jsonFileName, `the definition of cloud flow “${entry.name}”`);
  const json = parseJson(data, name);
  const properties = isObject(json) && isObject(json.properties) ? json.properties : isObject(json) && 'definition' in json ? json : null;
  if (!properties || !isObject(properties.definition)) {
    throw new SolutionFileError(
      'invalid-content',
      `${name} (cloud flow “${entry.name}”) has no definition: expected {"properties": {"definition": {…}}}.`,
    );
  }
  const references = properties.connectionReferences ?? {};
  if (!isObject(references)) throw new SolutionFileError('invalid-content', `${name}: connectionReferences isn’t an object.`);
  const connectionReferences: Record<string, FlowConnectionReference> = {};
  for (const [slot, value] of Object.entries(references)) {
    connectionReferences[slot] = normalizeFlowConnectionReference(value, `${name}: connection reference “${slot}”`);
  }
  return {
    id: entry.id,
    name: entry.name,
    description: entry.description,
    state: entry.state,
    fileName: name,
    definition: properties.definition,
    connectionReferences,
  };
}

/** A custom connector with its `Connector/…` files. The API definition is required; the others may be absent. */
export async function readConnector(archive: SolutionArchive, entry: ConnectorEntry): Promise<SolutionConnector> {
  const label = `connector “${entry.displayName}”`;
  if (!entry.files.openApiDefinition) {
    throw new SolutionFileError('invalid-content', `customizations.xml describes ${label} without an <openapidefinition>.`);
  }
  const definition = await readReferenced(archive, entry.files.openApiDefinition, `the API definition of ${label}`);
  const openApiDefinition = parseJson(definition.data, definition.name);
  if (!isObject(openApiDefinition))
    throw new SolutionFileError('invalid-content', `${definition.name} (${label}) isn’t an API definition.`);

  const optional = async (reference: string | null, what: string) =>
    reference ? (archive.resolve(reference) ? readReferenced(archive, reference, `${what} of ${label}`) : null) : null;
  const parameters = await optional(entry.files.connectionParameters, 'the connection parameters');
  const connectionParameters = parameters ? parseJson(parameters.data, parameters.name) : null;
  if (connectionParameters !== null && !isObject(connectionParameters)) {
    throw new SolutionFileError('invalid-content', `${parameters!.name} (${label}) isn’t an object of connection parameters.`);
  }
  const policies = await optional(entry.files.policyTemplateInstances, 'the policies');
  const policyTemplateInstances = policies ? parseJson(policies.data, policies.name) : null;
  const icon = await optional(entry.files.icon, 'the icon');
  const script = await optional(entry.files.script, 'the script');
  return {
    id: entry.id,
    name: entry.name,
    displayName: entry.displayName,
    description: entry.description,
    iconBrandColor: entry.iconBrandColor,
    openApiDefinition,
    connectionParameters: connectionParameters ?? {},
    policyTemplateInstances: Array.isArray(policyTemplateInstances) ? policyTemplateInstances : null,
    icon: icon?.data ?? null,
    script: script ? decodeText(script.data) : null,
    scriptOperations: entry.scriptOperations,
  };
}

export const environmentVariableTypes: Record<number, EnvironmentVariableType> = {
  100000000: 'text',
  100000001: 'number',
  100000002: 'boolean',
  100000003: 'json',
  100000004: 'dataSource',
  100000005: 'secret',
};

/** The text of an element, whitespace kept (values are data); null when the element is absent. */
const rawText = (e: XmlElement | null) => (e ? e.text : null);

const label = (e: XmlElement | null) => (e ? (localizedText(e) ?? attribute(e, 'default')) : null);

/** The value an `environmentvariablevalues.json` carries: its first `environmentvariablevalue.value`. */
function currentValue(json: unknown): string | null {
  const holder =
    isObject(json) && isObject(json.environmentvariablevalues) ? json.environmentvariablevalues.environmentvariablevalue : null;
  const first = Array.isArray(holder) ? holder[0] : holder;
  if (!isObject(first) || first.value === undefined || first.value === null) return null;
  return typeof first.value === 'string' ? first.value : JSON.stringify(first.value);
}

/**
 * Environment variables: `environmentvariabledefinitions/<schema>/environmentvariabledefinition.xml`
 * plus an optional `environmentvariablevalues.json` beside it. A variable of a type Makerport does
 * not know is listed as skipped.
 */
export async function readEnvironmentVariables(
  archive: SolutionArchive,
  skipped: SkippedComponent[],
): Promise<SolutionEnvironmentVariable[]> {
  const folders = new Map<string, { definition?: string; values?: string }>();
  for (const name of archive.names) {
    const match = /^environmentvariabledefinitions\/([^/]+)\/([^/]+)$/i.exec(name);
    if (!match) continue;
    const folder = folders.get(match[1]!) ?? {};
    if (match[2]!.toLowerCase() === 'environmentvariabledefinition.xml') folder.definition = name;
    else if (match[2]!.toLowerCase() === 'environmentvariablevalues.json') folder.values = name;
    folders.set(match[1]!, folder);
  }
  const variables: SolutionEnvironmentVariable[] = [];
  for (const [folder, files] of folders) {
    if (!files.definition) continue;
    const root = parseXml(await archive.read(files.definition), files.definition);
    if (root.name.toLowerCase() !== 'environmentvariabledefinition') {
      throw new SolutionFileError(
        'invalid-content',
        `${files.definition} starts with <${root.name}>, not <environmentvariabledefinition>.`,
      );
    }
    const schemaName = attribute(root, 'schemaname') ?? folder;
    const typeCode = Number.parseInt(childText(root, 'type') ?? '100000000', 10);
    const type = environmentVariableTypes[typeCode];
    const displayName = label(child(root, 'displayname')) ?? schemaName;
    if (!type) {
      skipped.push({ kind: `environment variable of type ${typeCode}`, name: schemaName, displayName });
      continue;
    }
    const values = files.values ? parseJson(await archive.read(files.values), files.values) : null;
    variables.push({
      schemaName,
      displayName,
      description: label(child(root, 'description')),
      type,
      defaultValue: rawText(child(root, 'defaultvalue')),
      currentValue: currentValue(values),
      isRequired: childText(root, 'isrequired') === '1',
      dataSource:
        type === 'dataSource'
          ? {
              apiId: childText(root, 'apiid'),
              parameterKey: childText(root, 'parameterkey'),
              parentSchemaName: childText(child(root, 'parentdefinitionid'), 'schemaname'),
            }
          : null,
    });
  }
  return variables;
}

/** Top folders of components that customizations.xml does not describe, and their kind in words. */
const folderKinds: Record<string, string> = {
  bots: 'agent',
  botcomponents: 'agent component',
  customapis: 'custom API',
  aiplugins: 'AI plugin',
  aipluginoperations: 'AI plugin operation',
  pluginassemblies: 'plug-in assembly',
  dvtablesearchs: 'Dataverse search',
  aiconfiguration: 'AI configuration',
};

/** Folders whose contents are read, or described in customizations.xml, or belong to another component. */
const describedFolders = new Set([
  'workflows',
  'connector',
  'environmentvariabledefinitions',
  'canvasapps',
  'webresources',
  'assets',
  'formulas',
]);

/** Components that live only as folders of the zip (agents, custom APIs, …): one per second-level name. */
export function skippedFolders(names: readonly string[]): SkippedComponent[] {
  const seen = new Set<string>();
  const skipped: SkippedComponent[] = [];
  for (const name of names) {
    const parts = name.split('/');
    if (parts.length < 2) continue;
    const top = parts[0]!.toLowerCase();
    if (describedFolders.has(top)) continue;
    // A file directly in the folder is named without its extension; a subfolder by its name.
    const item = parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.[^.]+$/, '');
    const key = `${top}/${item}`;
    if (seen.has(key)) continue;
    seen.add(key);
    skipped.push({ kind: folderKinds[top] ?? parts[0]!, name: item, displayName: null });
  }
  return skipped;
}
