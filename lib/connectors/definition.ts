import 'server-only';
import { createHash } from 'node:crypto';
import type { ConnectionParameter, ConnectorAuthConfig, ConnectorAuthKind, ConnectorOperation, ConnectorWarning } from '@/db/schema';
import { AppError, invalidInput as refuse } from '@/lib/errors';
import { collectFiles, type InputFile } from './files';
import { analyzeDocument, type SpecFormat } from './openapi';
import { checkDepth } from './openapi-limits';
import { parseDocumentText, parseJsonText } from './openapi-parse';
import { buildApiProperties, deriveConnectionParameters, readConnectionParameters, readIconColor } from './properties';
import { isObject, type Json } from '@/lib/json';

/** Everything a connector's definition holds: what a draft stores and a version freezes. */
export interface ConnectorDefinition {
  name: string;
  description: string;
  iconColor: string;
  icon: Buffer | null;
  iconType: string | null;
  host: string;
  basePath: string;
  authKind: ConnectorAuthKind;
  authConfig: ConnectorAuthConfig;
  connectionParameters: ConnectionParameter[];
  specFormat: SpecFormat;
  document: Json;
  properties: Json;
  script: string | null;
  operations: ConnectorOperation[];
  warnings: ConnectorWarning[];
  hash: string;
}

export const ICON_MAX_BYTES = 1024 * 1024;
export const NAME_MAX = 120;

function iconType(data: Buffer): string | null {
  if (data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}

/** A stable JSON text (keys sorted) for hashing. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The package files a definition downloads as, in Power Platform's layout. */
export function packageFiles(
  d: Pick<
    ConnectorDefinition,
    'document' | 'properties' | 'iconColor' | 'connectionParameters' | 'authConfig' | 'icon' | 'iconType' | 'script'
  >,
) {
  return {
    'apiDefinition.swagger.json': d.document,
    'apiProperties.json': buildApiProperties(d),
    icon: d.icon ? { name: d.iconType === 'image/jpeg' ? 'icon.jpg' : 'icon.png', data: d.icon } : null,
    script: d.script,
  };
}

/** Hash of what the download would hold: equal hashes, equal connectors (and a round trip keeps it). */
export function definitionHash(d: Parameters<typeof packageFiles>[0]): string {
  const files = packageFiles(d);
  return createHash('sha256')
    .update(canonical({ d: files['apiDefinition.swagger.json'], p: files['apiProperties.json'], s: files.script ?? null }))
    .update(files.icon ? createHash('sha256').update(files.icon.data).digest('hex') : '-')
    .digest('hex');
}

/** Sets `info.title`/`info.description`: Power Platform names a connector after its document's title. */
function withInfo(document: Json, name: string, description: string): Json {
  const info = isObject(document.info) ? { ...document.info } : {};
  info.title = name;
  if (description) info.description = description;
  else delete info.description;
  return { ...document, info };
}

function cleanName(name: string): string {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  if (!trimmed)
    throw new AppError('INVALID_INPUT', 'Give the connector a name.', { fieldErrors: { name: ['Give the connector a name.'] } });
  if (trimmed.length > NAME_MAX) {
    throw new AppError('INVALID_INPUT', `Keep the name under ${NAME_MAX} characters.`, {
      fieldErrors: { name: [`At most ${NAME_MAX} characters.`] },
    });
  }
  return trimmed;
}

/** Builds a definition from a parsed document plus the package's other parts. */
async function buildDefinition(input: {
  document: Json;
  source: string;
  properties: Json | null;
  icon: Buffer | null;
  script: string | null;
  name?: string;
  description?: string;
  iconColor?: string;
  extraWarnings?: ConnectorWarning[];
}): Promise<ConnectorDefinition> {
  const analyzed = await analyzeDocument(input.document, input.source);
  const warnings = [...(input.extraWarnings ?? []), ...analyzed.warnings];
  let connectionParameters: ConnectionParameter[];
  let authKind = analyzed.authKind;
  const authConfig = { ...analyzed.authConfig };
  if (input.properties) {
    const read = readConnectionParameters(input.properties);
    connectionParameters = read.parameters;
    warnings.push(...read.warnings);
    if (read.identityProvider) authConfig.identityProvider = read.identityProvider;
    if (authKind === 'none' && connectionParameters.some((p) => p.type.toLowerCase() === 'oauthsetting')) authKind = 'oauth2';
    else if (authKind === 'none' && connectionParameters.some((p) => p.isSecret)) authKind = 'api_key';
  } else {
    connectionParameters = deriveConnectionParameters(authKind, authConfig);
  }
  if (input.script != null) {
    warnings.push({
      message: 'script.csx is kept with the connector and in its download, but Makerport does not run custom code.',
      location: 'script.csx',
    });
  }
  const name = cleanName(input.name || analyzed.title || 'Untitled connector');
  const description = (input.description ?? analyzed.description).trim().slice(0, 2000);
  const document = withInfo(input.document, name, description);
  const properties = input.properties ?? {};
  const iconColor = input.iconColor ?? readIconColor(properties);
  const partial = {
    name,
    description,
    iconColor,
    icon: input.icon,
    iconType: input.icon ? iconType(input.icon) : null,
    host: analyzed.host,
    basePath: analyzed.basePath,
    authKind,
    authConfig,
    connectionParameters,
    specFormat: analyzed.specFormat,
    document,
    properties,
    script: input.script,
    operations: analyzed.operations,
    warnings,
  };
  return { ...partial, hash: definitionHash(partial) };
}

const DEFINITION_NAMES = [
  'apiDefinition.swagger.json',
  'apiDefinition.json',
  'openapi.json',
  'openapi.yaml',
  'openapi.yml',
  'swagger.json',
  'swagger.yaml',
  'swagger.yml',
];

function looksLikeDefinition(file: InputFile): boolean {
  if (!/\.(json|ya?ml)$/i.test(file.name) || file.name === 'apiProperties.json' || file.name === 'settings.json') return false;
  const head = file.data.subarray(0, 4096).toString('utf8');
  return /["']?(swagger|openapi)["']?\s*:/.test(head);
}

/**
 * Reads an upload — one OpenAPI file, a Power Platform package as a zip, the package's files chosen
 * together, or pasted text — into a connector definition. Nothing is saved here.
 */
export async function readConnectorUpload(input: {
  files: { name: string; data: Buffer }[];
  pasted?: string;
  name?: string;
}): Promise<ConnectorDefinition> {
  if (input.pasted?.trim() && input.files.length === 0) {
    const { document, warnings } = parseDocumentText(input.pasted, 'The pasted definition');
    return buildDefinition({
      document,
      source: 'The pasted definition',
      properties: null,
      icon: null,
      script: null,
      name: input.name,
      extraWarnings: warnings,
    });
  }
  const files = await collectFiles(input.files);
  const definitions = files.filter((f) => DEFINITION_NAMES.includes(f.name) || looksLikeDefinition(f));
  const preferred = definitions.filter((f) => f.name === 'apiDefinition.swagger.json');
  const candidates = preferred.length > 0 ? preferred : definitions;
  if (candidates.length === 0) {
    throw refuse(
      files.some((f) => f.name === 'apiProperties.json')
        ? 'apiProperties.json needs its apiDefinition.swagger.json: choose both files, or the package’s zip.'
        : 'No API definition found: choose an OpenAPI file (.json, .yaml) or a connector package with apiDefinition.swagger.json.',
    );
  }
  if (candidates.length > 1) {
    throw refuse(`More than one API definition: ${candidates.map((f) => f.source).join(', ')}. A connector package holds exactly one.`);
  }
  const definitionFile = candidates[0]!;
  const byName = (name: string) => {
    const matches = files.filter((f) => f.name.toLowerCase() === name.toLowerCase());
    if (matches.length > 1) throw refuse(`More than one ${name} in the upload.`);
    return matches[0];
  };
  const propertiesFile = byName('apiProperties.json');
  const iconFile = byName('icon.png') ?? byName('icon.jpg');
  const scriptFile = byName('script.csx');

  const extraWarnings: ConnectorWarning[] = [];
  let properties: Json | null = null;
  if (propertiesFile) {
    const parsed = parseJsonText(propertiesFile.data.toString('utf8'), propertiesFile.source);
    checkDepth(parsed.value, propertiesFile.source);
    if (!isObject(parsed.value) || !isObject(parsed.value.properties))
      throw refuse(`${propertiesFile.source} has no \`properties\` object.`);
    properties = parsed.value;
    extraWarnings.push(...parsed.warnings);
  }
  let icon: Buffer | null = null;
  if (iconFile) {
    if (iconFile.data.length > ICON_MAX_BYTES) throw refuse(`${iconFile.source} is larger than 1 MB.`);
    if (!iconType(iconFile.data)) throw refuse(`${iconFile.source} isn’t a PNG or JPEG image.`);
    icon = iconFile.data;
  }
  const used = new Set([definitionFile, propertiesFile, iconFile, scriptFile].filter(Boolean));
  const ignored = files.filter((f) => !used.has(f)).map((f) => f.name);
  if (ignored.length) extraWarnings.push({ message: `Not part of a connector, left out: ${ignored.join(', ')}`, location: 'upload' });
  const { document, warnings: parseWarnings } = parseDocumentText(definitionFile.data.toString('utf8'), definitionFile.source);
  extraWarnings.push(...parseWarnings);
  return buildDefinition({
    document,
    source: definitionFile.source,
    properties,
    icon,
    script: scriptFile ? scriptFile.data.toString('utf8').replace(/^\uFEFF/, '') : null,
    name: input.name,
    extraWarnings,
  });
}

/** Applies an edit to a draft: name, description, colour, and optionally a replaced document. */
export async function editDefinition(
  current: ConnectorDefinition,
  edit: { name: string; description: string; iconColor: string; documentText?: string; icon?: Buffer },
): Promise<ConnectorDefinition> {
  const parsed = edit.documentText != null ? parseDocumentText(edit.documentText, 'The API definition') : null;
  if (edit.icon) {
    // Checked by content, not by name or declared type.
    if (edit.icon.length > ICON_MAX_BYTES) throw refuse('The icon is larger than 1 MB.');
    if (!iconType(edit.icon)) throw refuse('The icon isn’t a PNG or JPEG image.');
  }
  const document = parsed ? parsed.document : current.document;
  const hasProperties = Object.keys(current.properties).length > 0;
  return buildDefinition({
    document,
    source: 'The API definition',
    properties: hasProperties ? current.properties : null,
    icon: edit.icon ?? current.icon,
    script: current.script,
    name: edit.name,
    description: edit.description,
    iconColor: edit.iconColor,
    extraWarnings: parsed?.warnings,
  });
}
