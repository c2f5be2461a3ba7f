import { zipEntries } from '@/lib/connectors/package';
import { AppError } from '@/lib/errors';
import { normalizeFlowConnectionReference } from './components';
import type { Solution, SolutionExport } from './model';
import { flowFileName, normalizeGuid, stableGuid } from './names';
import { connectorFileNames, contentTypesXml, customizationsXml, environmentVariableXml, solutionXml } from './write-xml';
import { isObject } from '@/lib/json';

const invalid = (message: string) => new AppError('INVALID_INPUT', message);

/**
 * A connector's connection parameters without any credential: the schema travels, values never.
 * Parameters are keyed by name (a parameter may well be called `password`), so only the places
 * values live are cleared: an OAuth client secret (entered again where the solution is imported,
 * as in Power Platform) and any default of a secret parameter.
 */
export function withoutCredentials(parameters: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(parameters);
  for (const parameter of Object.values(out)) {
    if (!isObject(parameter)) continue;
    const type = String(parameter.type ?? '').toLowerCase();
    if (['securestring', 'secureobject', 'oauthsetting'].includes(type)) {
      delete parameter.default;
      delete parameter.defaultValue;
      delete parameter.value;
    }
    for (const settings of [parameter.oAuthSettings, parameter.oauthSettings]) {
      if (!isObject(settings)) continue;
      for (const key of Object.keys(settings)) if (/^client_?secret$/i.test(key)) delete settings[key];
    }
  }
  return out;
}

function unique(values: string[], what: string) {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value.toLowerCase())) throw invalid(`Two ${what} are both called “${value}”.`);
    seen.add(value.toLowerCase());
  }
}

/** Refuses what Power Platform would refuse, or what would make an unsafe or ambiguous zip. */
function assertWritable(model: SolutionExport) {
  const { identity } = model;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(identity.uniqueName)) {
    throw invalid(`The solution name “${identity.uniqueName}” may hold only letters, digits and _, and can’t start with a digit.`);
  }
  if (!/^\d+(\.\d+){1,3}$/.test(identity.version))
    throw invalid(`The version “${identity.version}” must be 2 to 4 numbers separated by dots.`);
  const prefix = identity.publisher.customizationPrefix;
  if (!/^[a-z][a-z0-9]{1,7}$/.test(prefix) || prefix.startsWith('mscrm')) {
    throw invalid(
      `The publisher prefix “${prefix}” must be 2 to 8 lower-case letters or digits, start with a letter and not with “mscrm”.`,
    );
  }
  for (const flow of model.flows) if (!normalizeGuid(flow.id)) throw invalid(`Flow “${flow.name}” has no valid id.`);
  for (const connector of model.connectors) {
    if (!normalizeGuid(connector.id)) throw invalid(`Connector “${connector.displayName}” has no valid id.`);
    // The name becomes part of file paths inside the zip.
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(connector.name))
      throw invalid(`Connector name “${connector.name}” isn’t an encoded name (see encodeConnectorName).`);
  }
  for (const variable of model.environmentVariables) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_]*$/.test(variable.schemaName)) {
      throw invalid(`Environment variable schema name “${variable.schemaName}” may hold only letters, digits and _.`);
    }
  }
  for (const reference of model.connectionReferences) {
    if (!reference.logicalName.trim() || !reference.apiName.trim())
      throw invalid('A connection reference needs a logical name and a connector.');
  }
  unique(
    model.flows.map((f) => normalizeGuid(f.id)!),
    'flows',
  );
  unique(
    model.connectors.map((c) => normalizeGuid(c.id)!),
    'connectors',
  );
  unique(
    model.connectors.map((c) => c.name),
    'connectors',
  );
  unique(
    model.connectionReferences.map((r) => r.logicalName),
    'connection references',
  );
  unique(
    model.environmentVariables.map((v) => v.schemaName),
    'environment variables',
  );
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

/**
 * The files of the unmanaged solution zip for a model, in the order they are zipped (DESIGN.md §9).
 * No credential and no connection id is ever written: flow connection references keep only their
 * logical name, connection parameters lose any secret, secret environment variables carry no value.
 */
export function solutionFiles(input: SolutionExport): { name: string; data: Buffer }[] {
  assertWritable(input);
  const model: SolutionExport = {
    ...input,
    flows: input.flows.map((f) => ({ ...f, id: normalizeGuid(f.id)! })),
    connectors: input.connectors.map((c) => ({ ...c, id: normalizeGuid(c.id)! })),
  };
  const flowFiles = model.flows.map((f) => flowFileName(f.name, f.id));
  unique(flowFiles, 'flow files');
  const files: { name: string; data: Buffer }[] = [];
  model.flows.forEach((flow, i) => {
    const connectionReferences = Object.fromEntries(
      Object.entries(flow.connectionReferences).map(([slot, reference]) => {
        const { runtimeSource, connection, api, impersonation } = normalizeFlowConnectionReference(
          reference,
          `Flow “${flow.name}”, slot “${slot}”`,
        );
        return [slot, { runtimeSource, connection, api, ...(impersonation ? { impersonation } : {}) }];
      }),
    );
    files.push({
      name: flowFiles[i]!,
      data: json({ properties: { connectionReferences, definition: flow.definition, templateName: '' }, schemaVersion: '1.0.0.0' }),
    });
  });
  for (const connector of model.connectors) {
    const names = connectorFileNames(connector);
    files.push({ name: names.openApiDefinition, data: json(connector.openApiDefinition) });
    files.push({ name: names.connectionParameters, data: json(withoutCredentials(connector.connectionParameters)) });
    files.push({ name: names.policyTemplateInstances, data: json(connector.policyTemplateInstances) });
    // Bytes from some drivers (PGlite) or a structured clone are a Uint8Array, not a Buffer.
    if (connector.icon) files.push({ name: names.icon, data: Buffer.from(connector.icon) });
    if (connector.script !== null) files.push({ name: names.script, data: Buffer.from(connector.script, 'utf8') });
  }
  for (const variable of model.environmentVariables) {
    const folder = `environmentvariabledefinitions/${variable.schemaName}`;
    files.push({ name: `${folder}/environmentvariabledefinition.xml`, data: Buffer.from(environmentVariableXml(variable), 'utf8') });
    if (variable.currentValue !== null && variable.type !== 'secret') {
      const value = {
        '@environmentvariablevalueid': stableGuid(model.identity.uniqueName, variable.schemaName, 'value'),
        iscustomizable: '1',
        value: variable.currentValue,
      };
      files.push({
        name: `${folder}/environmentvariablevalues.json`,
        data: Buffer.from(`${JSON.stringify({ environmentvariablevalues: { environmentvariablevalue: value } }, null, 2)}\n`, 'utf8'),
      });
    }
  }
  const all = [
    { name: 'customizations.xml', data: Buffer.from(customizationsXml(model, flowFiles), 'utf8') },
    { name: 'solution.xml', data: Buffer.from(solutionXml(model), 'utf8') },
    ...files,
  ];
  return [...all, { name: '[Content_Types].xml', data: Buffer.from(contentTypesXml(all.map((f) => f.name)), 'utf8') }];
}

/**
 * Writes an unmanaged Power Platform solution zip (the layout `pac solution export` writes) for a
 * model; the same model always gives the same bytes. Refuses (INVALID_INPUT) names Power Platform
 * would refuse. Callable from any server code; it touches no database.
 */
export function writeSolution(model: SolutionExport): Promise<Buffer> {
  return zipEntries(solutionFiles(model));
}

/** The writable part of a solution that was read: to export again what was imported, or to compare a round trip. */
export function toSolutionExport(solution: Solution): SolutionExport {
  const { managed: _managed, packageVersion: _packageVersion, ...identity } = solution.identity;
  return {
    identity,
    flows: solution.flows,
    connectionReferences: solution.connectionReferences,
    connectors: solution.connectors,
    environmentVariables: solution.environmentVariables,
    missingDependencies: solution.missingDependencies,
  };
}
