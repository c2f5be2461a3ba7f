import { XMLBuilder } from 'fast-xml-parser';
import { environmentVariableTypes } from './components';
import type { DependencyComponent, EnvironmentVariableType, SolutionConnector, SolutionExport } from './model';
import { connectorIdFromApiName, defaultOptionValuePrefix } from './names';

// The XML files of a solution, in the element order `pac solution export` writes them. Only what
// Makerport models is written; the rest of a real export (addresses, entity metadata) is optional.

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

type Node = Record<string, unknown>;

const declaration = '<?xml version="1.0" encoding="utf-8"?>\n';

/** XML 1.0 cannot carry most control characters, not even escaped: they are dropped. */
const xmlSafe = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

/** Every string of a node tree made safe for XML. */
function safe<T>(value: T): T {
  if (typeof value === 'string') return xmlSafe(value) as T;
  if (Array.isArray(value)) return value.map(safe) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, safe(v)])) as T;
  return value;
}

const build = (node: Node, withDeclaration = true) => (withDeclaration ? declaration : '') + builder.build(safe(node));

const braced = (guid: string) => `{${guid}}`;

const localized = (tag: string, text: string | null) => (text ? { [tag]: { '@_description': text, '@_languagecode': '1033' } } : '');

const typeCodes = Object.fromEntries(Object.entries(environmentVariableTypes).map(([code, type]) => [type, Number(code)])) as Record<
  EnvironmentVariableType,
  number
>;

function dependencyComponent(c: DependencyComponent): Node {
  const node: Node = { '@_type': c.type };
  if (c.schemaName !== null) node['@_schemaName'] = c.schemaName;
  if (c.id !== null) node['@_id'] = braced(c.id);
  if (c.displayName !== null) node['@_displayName'] = c.displayName;
  if (c.solution !== null) node['@_solution'] = c.solution;
  return node;
}

/** solution.xml: identity, publisher, a root component per flow (29) and per connector (372), missing dependencies. */
export function solutionXml(model: SolutionExport): string {
  const { identity } = model;
  const { publisher } = identity;
  return build({
    ImportExportXml: {
      '@_version': '9.2.0.0',
      '@_SolutionPackageVersion': '9.2',
      '@_languagecode': '1033',
      // The value real exports carry; importers have never been seen to read it, but nothing else is known to be safe.
      '@_generatedBy': 'CrmLive',
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      SolutionManifest: {
        UniqueName: identity.uniqueName,
        LocalizedNames: localized('LocalizedName', identity.displayName),
        Descriptions: localized('Description', identity.description),
        Version: identity.version,
        Managed: 0,
        Publisher: {
          UniqueName: publisher.uniqueName,
          LocalizedNames: localized('LocalizedName', publisher.displayName),
          Descriptions: '',
          CustomizationPrefix: publisher.customizationPrefix,
          CustomizationOptionValuePrefix: publisher.optionValuePrefix ?? defaultOptionValuePrefix(publisher.customizationPrefix),
        },
        RootComponents: {
          RootComponent: [
            ...model.flows.map((f) => ({ '@_type': 29, '@_id': braced(f.id), '@_behavior': 0 })),
            ...model.connectors.map((c) => ({ '@_type': 372, '@_id': braced(c.id), '@_schemaName': c.name, '@_behavior': 0 })),
          ],
        },
        MissingDependencies: {
          MissingDependency: (model.missingDependencies ?? []).map((d) => ({
            Required: dependencyComponent(d.required),
            ...(d.dependent ? { Dependent: dependencyComponent(d.dependent) } : {}),
          })),
        },
      },
    },
  });
}

function workflow(flow: SolutionExport['flows'][number], fileName: string): Node {
  const on = flow.state === 'on';
  return {
    '@_WorkflowId': braced(flow.id),
    '@_Name': flow.name,
    ...(flow.description ? { '@_Description': flow.description } : {}),
    JsonFileName: `/${fileName}`,
    Type: 1,
    Subprocess: 0,
    Category: 5,
    Mode: 0,
    Scope: 4,
    OnDemand: 0,
    TriggerOnCreate: 0,
    TriggerOnDelete: 0,
    AsyncAutodelete: 0,
    SyncWorkflowLogOnFailure: 0,
    StateCode: on ? 1 : 0,
    StatusCode: on ? 2 : 1,
    RunAs: 1,
    IsTransacted: 1,
    IntroducedVersion: '1.0.0.0',
    IsCustomizable: 1,
    BusinessProcessType: 0,
    IsCustomProcessingStepAllowedForOtherPublishers: 1,
    PrimaryEntity: 'none',
    LocalizedNames: localized('LocalizedName', flow.name),
    ...(flow.description ? { Descriptions: localized('Description', flow.description) } : {}),
  };
}

/** The `Connector/…` file names of a connector, as `pac solution export` names them. */
export function connectorFileNames(connector: SolutionConnector) {
  const base = `Connector/${connector.name}`;
  return {
    openApiDefinition: `${base}_openapidefinition.json`,
    connectionParameters: `${base}_connectionparameters.json`,
    policyTemplateInstances: `${base}_policytemplateinstances.json`,
    icon: `${base}_iconblob.Png`,
    script: `${base}_customcodeblobcontent.csx`,
  };
}

function connector(c: SolutionConnector): Node {
  const files = connectorFileNames(c);
  return {
    connectorid: c.id,
    ...(c.description ? { description: c.description } : {}),
    displayname: c.displayName,
    ...(c.iconBrandColor ? { iconbrandcolor: c.iconBrandColor } : {}),
    name: c.name,
    connectortype: 1,
    openapidefinition: `/${files.openApiDefinition}`,
    connectionparameters: `/${files.connectionParameters}`,
    policytemplateinstances: `/${files.policyTemplateInstances}`,
    ...(c.icon ? { iconblob: `/${files.icon}` } : {}),
    ...(c.script !== null ? { customcodeblobcontent: `/${files.script}` } : {}),
    ...(c.scriptOperations ? { scriptoperations: JSON.stringify(c.scriptOperations) } : {}),
  };
}

/** customizations.xml: `<Workflows>`, `<Connectors>` and `<connectionreferences>` (lower case, as Power Platform writes it). */
export function customizationsXml(model: SolutionExport, flowFiles: string[]): string {
  return build({
    ImportExportXml: {
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      Entities: '',
      Roles: '',
      Workflows: { Workflow: model.flows.map((f, i) => workflow(f, flowFiles[i]!)) },
      FieldSecurityProfiles: '',
      Templates: '',
      EntityMaps: '',
      EntityRelationships: '',
      OrganizationSettings: '',
      optionsets: '',
      CustomControls: '',
      EntityDataProviders: '',
      Connectors: { Connector: model.connectors.map(connector) },
      connectionreferences: {
        connectionreference: model.connectionReferences.map((r) => ({
          '@_connectionreferencelogicalname': r.logicalName,
          connectionreferencedisplayname: r.displayName,
          connectorid: connectorIdFromApiName(r.apiName),
          ...(r.customConnectorId ? { customconnectorid: { connectorid: r.customConnectorId } } : {}),
          ...(r.description ? { description: r.description } : {}),
          iscustomizable: 1,
          promptingbehavior: 0,
          statecode: 0,
          statuscode: 1,
        })),
      },
      Languages: { Language: 1033 },
    },
  });
}

/** `environmentvariabledefinition.xml`. A secret's default value is never written. */
export function environmentVariableXml(variable: SolutionExport['environmentVariables'][number]): string {
  const label = (text: string) => ({ '@_default': text, label: { '@_description': text, '@_languagecode': '1033' } });
  const source = variable.type === 'dataSource' ? variable.dataSource : null;
  const node: Node = { '@_schemaname': variable.schemaName };
  if (source?.apiId) node.apiid = source.apiId;
  if (variable.defaultValue !== null && variable.type !== 'secret') node.defaultvalue = variable.defaultValue;
  if (variable.description) node.description = label(variable.description);
  node.displayname = label(variable.displayName);
  node.introducedversion = '1.0.0.0';
  node.iscustomizable = 1;
  node.isrequired = variable.isRequired ? 1 : 0;
  if (source?.parameterKey) node.parameterkey = source.parameterKey;
  if (source?.parentSchemaName) node.parentdefinitionid = { schemaname: source.parentSchemaName };
  node.secretstore = 0;
  node.type = typeCodes[variable.type];
  return build({ environmentvariabledefinition: node }, false);
}

/** `[Content_Types].xml`: the OPC manifest, one default per file extension in the zip. */
export function contentTypesXml(fileNames: string[]): string {
  const extensions = [...new Set(fileNames.map((n) => n.slice(n.lastIndexOf('.') + 1)))].sort();
  return build({
    Types: {
      '@_xmlns': 'http://schemas.openxmlformats.org/package/2006/content-types',
      Default: extensions.map((extension) => ({
        '@_Extension': extension,
        '@_ContentType': extension === 'xml' ? 'text/xml' : 'application/octet-stream',
      })),
    },
  });
}
