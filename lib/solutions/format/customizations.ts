import { SolutionFileError } from './errors';
import { importExportRoot, toInt } from './manifest';
import type { SkippedComponent, SolutionConnectionReference } from './model';
import { apiNameFromConnectorId, normalizeGuid } from './names';
import { attribute, child, childText, children, localizedText, type XmlElement } from './xml';

/** A cloud flow's `<Workflow>`: its JSON file is read separately. */
export interface WorkflowEntry {
  id: string;
  name: string;
  description: string | null;
  state: 'on' | 'off';
  jsonFileName: string;
}

/** A `<Connector>`: the file references are read separately. */
export interface ConnectorEntry {
  id: string;
  name: string;
  displayName: string;
  description: string | null;
  iconBrandColor: string | null;
  files: {
    openApiDefinition: string | null;
    connectionParameters: string | null;
    policyTemplateInstances: string | null;
    icon: string | null;
    script: string | null;
  };
  scriptOperations: string[] | null;
}

const workflowCategories: Record<number, string> = {
  0: 'classic workflow',
  1: 'dialog',
  2: 'business rule',
  3: 'action',
  4: 'business process flow',
  6: 'desktop flow',
};

/** Sections Makerport does not model: each child is one skipped component, named as below. */
const skippedSections: Record<
  string,
  { kind: string; name: (e: XmlElement) => string | null; displayName?: (e: XmlElement) => string | null }
> = {
  canvasapps: { kind: 'canvas app', name: (e) => childText(e, 'Name'), displayName: (e) => childText(e, 'DisplayName') },
  entities: {
    kind: 'table',
    name: (e) => childText(e, 'Name'),
    displayName: (e) => attribute(child(e, 'Name'), 'LocalizedName') || null,
  },
  roles: { kind: 'security role', name: (e) => attribute(e, 'name') ?? normalizeGuid(attribute(e, 'id')) },
  webresources: { kind: 'web resource', name: (e) => childText(e, 'Name'), displayName: (e) => childText(e, 'DisplayName') },
  appmodules: { kind: 'model-driven app', name: (e) => childText(e, 'UniqueName') },
  appmodulesitemaps: { kind: 'site map', name: (e) => childText(e, 'SiteMapUniqueName') },
  optionsets: { kind: 'choice', name: (e) => attribute(e, 'Name'), displayName: (e) => attribute(e, 'localizedName') },
  dashboards: {
    kind: 'dashboard',
    name: (e) => normalizeGuid(childText(e, 'FormId')),
    displayName: (e) => localizedText(child(e, 'LocalizedNames')),
  },
  aimodels: { kind: 'AI model', name: (e) => childText(e, 'msdyn_name') },
  fieldsecurityprofiles: { kind: 'field security profile', name: (e) => attribute(e, 'name') },
  customcontrols: { kind: 'code component', name: (e) => childText(e, 'Name') },
  entitydataproviders: { kind: 'data provider', name: (e) => childText(e, 'Name') ?? attribute(e, 'Name') },
  templates: { kind: 'template', name: (e) => childText(e, 'Title') ?? childText(e, 'TemplateId') },
  reports: { kind: 'report', name: (e) => childText(e, 'Name') },
  solutionpluginassemblies: { kind: 'plug-in assembly', name: (e) => attribute(e, 'FullName') },
  sdkmessageprocessingsteps: { kind: 'plug-in step', name: (e) => attribute(e, 'Name') },
  serviceendpoints: { kind: 'service endpoint', name: (e) => attribute(e, 'Name') ?? childText(e, 'Name') },
};

/** Sections that hold no component of their own (parts of tables, settings) or that Makerport reads. */
const notComponents = new Set([
  'workflows',
  'connectionreferences',
  'connectors',
  'languages',
  'entityrelationships',
  'entitymaps',
  'entityimageconfigs',
  'attributeimageconfigs',
  'organizationsettings',
  'importexportxml',
]);

/** A name for a child of a section nobody described: the usual name fields, else its position. */
function guessName(e: XmlElement, index: number): string {
  for (const key of ['name', 'Name', 'uniquename', 'UniqueName', 'schemaname', 'id']) {
    const value = attribute(e, key) ?? childText(e, key);
    if (value) return value;
  }
  return `${e.name} ${index + 1}`;
}

function readWorkflow(e: XmlElement, skipped: SkippedComponent[]): WorkflowEntry | null {
  const name = attribute(e, 'Name') ?? localizedText(child(e, 'LocalizedNames')) ?? '';
  const category = toInt(childText(e, 'Category'), -1);
  if (category !== 5) {
    skipped.push({ kind: workflowCategories[category] ?? 'process', name: name || (attribute(e, 'WorkflowId') ?? ''), displayName: null });
    return null;
  }
  const id = normalizeGuid(attribute(e, 'WorkflowId'));
  if (!id) throw new SolutionFileError('invalid-content', `customizations.xml describes cloud flow “${name}” without a valid WorkflowId.`);
  const jsonFileName = childText(e, 'JsonFileName');
  if (!jsonFileName)
    throw new SolutionFileError('invalid-content', `customizations.xml describes cloud flow “${name}” without a <JsonFileName>.`);
  return {
    id,
    name: name || id,
    description: attribute(e, 'Description') || localizedText(child(e, 'Descriptions')),
    state: childText(e, 'StateCode') === '1' ? 'on' : 'off',
    jsonFileName,
  };
}

function readConnectionReference(e: XmlElement): SolutionConnectionReference {
  const logicalName = attribute(e, 'connectionreferencelogicalname')?.trim();
  if (!logicalName)
    throw new SolutionFileError('invalid-content', 'customizations.xml has a <connectionreference> without a logical name.');
  const connectorId = childText(e, 'connectorid');
  if (!connectorId) {
    throw new SolutionFileError('invalid-content', `customizations.xml: connection reference “${logicalName}” has no <connectorid>.`);
  }
  return {
    logicalName,
    displayName: childText(e, 'connectionreferencedisplayname') ?? logicalName,
    description: childText(e, 'description'),
    apiName: apiNameFromConnectorId(connectorId),
    customConnectorId: normalizeGuid(childText(child(e, 'customconnectorid'), 'connectorid')),
  };
}

function parseScriptOperations(text: string | null): string[] | null {
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // Not JSON: a plain list.
  }
  return text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function readConnector(e: XmlElement): ConnectorEntry {
  const name = childText(e, 'name');
  const id = normalizeGuid(childText(e, 'connectorid'));
  if (!id || !name) {
    throw new SolutionFileError(
      'invalid-content',
      `customizations.xml has a <Connector> without a valid ${id ? 'name' : 'connectorid'}${name ? ` (“${name}”)` : ''}.`,
    );
  }
  return {
    id,
    name,
    displayName: childText(e, 'displayname') ?? name,
    description: childText(e, 'description'),
    iconBrandColor: childText(e, 'iconbrandcolor'),
    files: {
      openApiDefinition: childText(e, 'openapidefinition'),
      connectionParameters: childText(e, 'connectionparameters'),
      policyTemplateInstances: childText(e, 'policytemplateinstances'),
      icon: childText(e, 'iconblob'),
      script: childText(e, 'customcodeblobcontent'),
    },
    scriptOperations: parseScriptOperations(childText(e, 'scriptoperations')),
  };
}

/** What customizations.xml says about flows, connection references and connectors, and what it holds that Makerport skips. */
export function readCustomizations(root: XmlElement): {
  workflows: WorkflowEntry[];
  connectionReferences: SolutionConnectionReference[];
  connectors: ConnectorEntry[];
  skipped: SkippedComponent[];
} {
  importExportRoot(root, 'customizations.xml');
  const skipped: SkippedComponent[] = [];
  const workflows = children(child(root, 'Workflows'), 'Workflow')
    .map((w) => readWorkflow(w, skipped))
    .filter((w): w is WorkflowEntry => w !== null);
  const connectionReferences = children(child(root, 'connectionreferences'), 'connectionreference').map(readConnectionReference);
  const connectors = children(child(root, 'Connectors'), 'Connector').map(readConnector);
  for (const section of root.children) {
    const key = section.name.toLowerCase();
    if (notComponents.has(key)) continue;
    const known = skippedSections[key];
    section.children.forEach((e, index) => {
      skipped.push(
        known
          ? { kind: known.kind, name: known.name(e) ?? guessName(e, index), displayName: known.displayName?.(e) ?? null }
          : { kind: section.name, name: guessName(e, index), displayName: null },
      );
    });
  }
  return { workflows, connectionReferences, connectors, skipped };
}
