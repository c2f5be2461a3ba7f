import 'server-only';
import type { ConnectionParameter, ConnectorAuthConfig, ConnectorAuthKind, ConnectorWarning } from '@/db/schema';
import { isObject, type Json } from '@/lib/json';

/*
 * apiProperties.json (Power Platform): `properties.connectionParameters` defines the New connection
 * form; `securestring`, `secureobject` and `oauthSetting` values are secrets. Everything else in the
 * file (publisher, capabilities, policy templates, unknown keys) is kept as it came, for the download.
 */

export const SECRET_TYPES = new Set(['securestring', 'secureobject', 'oauthsetting']);

function toParameter(name: string, definition: Json): ConnectionParameter {
  const ui = isObject(definition.uiDefinition) ? definition.uiDefinition : {};
  const constraints = isObject(ui.constraints) ? ui.constraints : {};
  const type = String(definition.type ?? 'string');
  return {
    name,
    type,
    displayName: String(ui.displayName ?? (type.toLowerCase() === 'oauthsetting' ? 'Sign in' : name)),
    description: ui.description ? String(ui.description) : ui.tooltip ? String(ui.tooltip) : undefined,
    isSecret: SECRET_TYPES.has(type.toLowerCase()),
    required: type.toLowerCase() === 'oauthsetting' || constraints.required === true || constraints.required === 'true',
  };
}

/** The connection parameters an apiProperties.json declares, with findings about how it was read. */
export function readConnectionParameters(properties: Json): {
  parameters: ConnectionParameter[];
  warnings: ConnectorWarning[];
  identityProvider?: string;
} {
  const inner = isObject(properties.properties) ? properties.properties : {};
  const warnings: ConnectorWarning[] = [];
  let source: Json = isObject(inner.connectionParameters) ? inner.connectionParameters : {};
  const sets = isObject(inner.connectionParameterSets) ? inner.connectionParameterSets : null;
  if (Object.keys(source).length === 0 && sets && Array.isArray(sets.values)) {
    const first = sets.values.find(isObject);
    if (first && isObject(first.parameters)) source = first.parameters;
    if (sets.values.length > 1) {
      warnings.push({
        message: `The package offers ${sets.values.length} authentication types; the New connection form uses the first (“${String(first?.name ?? 'unnamed')}”). The others are kept for the download.`,
        location: 'apiProperties.json /properties/connectionParameterSets',
      });
    }
  }
  const parameters = Object.entries(source)
    .filter((entry): entry is [string, Json] => isObject(entry[1]))
    .map(([name, definition]) => toParameter(name, definition));
  const oauth = Object.values(source).find((d) => isObject(d) && String(d.type).toLowerCase() === 'oauthsetting') as Json | undefined;
  const identityProvider =
    oauth && isObject(oauth.oAuthSettings) ? String(oauth.oAuthSettings.identityProvider ?? '') || undefined : undefined;
  return { parameters, warnings, identityProvider };
}

/** Connection parameters derived from the security scheme, when no apiProperties.json came with the document. */
export function deriveConnectionParameters(authKind: ConnectorAuthKind, authConfig: ConnectorAuthConfig): ConnectionParameter[] {
  switch (authKind) {
    case 'api_key':
      return [
        {
          name: 'api_key',
          type: 'securestring',
          displayName: authConfig.parameterName === 'Authorization' ? 'Bearer token' : `API key (${authConfig.parameterName ?? 'api_key'})`,
          description: `Sent in the ${authConfig.in ?? 'header'} “${authConfig.parameterName ?? 'api_key'}”.`,
          isSecret: true,
          required: true,
        },
      ];
    case 'basic':
      return [
        { name: 'username', type: 'string', displayName: 'User name', isSecret: false, required: true },
        { name: 'password', type: 'securestring', displayName: 'Password', isSecret: true, required: true },
      ];
    case 'oauth2':
      return [{ name: 'token', type: 'oauthSetting', displayName: 'Sign in', isSecret: true, required: true }];
    default:
      return [];
  }
}

/** Back to Power Platform's shape, for a download of a connector that came without apiProperties.json. */
function toPowerPlatformParameters(parameters: ConnectionParameter[], authConfig: ConnectorAuthConfig): Json {
  return Object.fromEntries(
    parameters.map((p, index) => {
      const definition: Json = {
        type: p.type,
        uiDefinition: {
          displayName: p.displayName,
          ...(p.description ? { description: p.description } : {}),
          constraints: { tabIndex: index + 2, clearText: !p.isSecret, required: p.required ? 'true' : 'false' },
        },
      };
      if (p.type.toLowerCase() === 'oauthsetting') {
        definition.oAuthSettings = {
          identityProvider: authConfig.identityProvider ?? 'oauth2generic',
          scopes: authConfig.scopes ?? [],
          redirectMode: 'Global',
          customParameters: {
            ...(authConfig.authorizationUrl ? { authorizationUrl: { value: authConfig.authorizationUrl } } : {}),
            ...(authConfig.tokenUrl ? { tokenUrl: { value: authConfig.tokenUrl } } : {}),
          },
        };
      }
      return [p.name, definition];
    }),
  );
}

/** The apiProperties.json a download carries: what was imported, with the current colour and parameters. */
export function buildApiProperties(input: {
  properties: Json;
  iconColor: string;
  connectionParameters: ConnectionParameter[];
  authConfig: ConnectorAuthConfig;
}): Json {
  const out = structuredClone(input.properties);
  const inner: Json = isObject(out.properties) ? out.properties : {};
  inner.iconBrandColor = input.iconColor;
  if (!isObject(inner.connectionParameters) && !isObject(inner.connectionParameterSets)) {
    inner.connectionParameters = toPowerPlatformParameters(input.connectionParameters, input.authConfig);
  }
  out.properties = inner;
  return out;
}

/** `#rrggbb` from apiProperties, else Makerport's default blue. */
export function readIconColor(properties: Json): string {
  const inner = isObject(properties.properties) ? properties.properties : {};
  const color = inner.iconBrandColor;
  return typeof color === 'string' && /^#[0-9a-fA-F]{6}$/.test(color) ? color.toLowerCase() : '#007ee5';
}
