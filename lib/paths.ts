/*
 * Every URL of the portal, built in one place. Environment-scoped pages carry their environment in
 * the path (`/environments/<id>/…`, Power Platform's pattern), so a link, a bookmark or a redirect
 * always opens the environment it was made in. Pure: importable from server and client code.
 */

export type ConnectorTab = 'definition' | 'share' | 'versions' | 'test';

/** The sections of an environment, in the order the navigation shows them. */
export const environmentSections = ['connectors', 'connections', 'flows', 'solutions'] as const;
export type EnvironmentSection = (typeof environmentSections)[number];

const env = (environmentId: string) => `/environments/${encodeURIComponent(environmentId)}`;

function withQuery(path: string, query?: Record<string, string | undefined>): string {
  const entries = Object.entries(query ?? {}).filter((e): e is [string, string] => e[1] != null && e[1] !== '');
  return entries.length ? `${path}?${new URLSearchParams(entries)}` : path;
}

export const paths = {
  home: () => '/',
  signIn: () => '/sign-in',
  admin: (query?: Record<string, string | undefined>, hash?: string) => `${withQuery('/admin', query)}${hash ? `#${hash}` : ''}`,
  environment: (environmentId: string) => `${env(environmentId)}/connectors`,
  section: (environmentId: string, section: EnvironmentSection) => `${env(environmentId)}/${section}`,

  connectors: (environmentId: string, query?: Record<string, string | undefined>) => withQuery(`${env(environmentId)}/connectors`, query),
  newConnector: (environmentId: string) => `${env(environmentId)}/connectors/new`,
  sharedConnectors: (environmentId: string) => `${env(environmentId)}/connectors/shared`,
  connector: (environmentId: string, connectorId: string, tab?: ConnectorTab, query?: Record<string, string | undefined>) =>
    withQuery(`${env(environmentId)}/connectors/${encodeURIComponent(connectorId)}`, {
      ...(tab && tab !== 'definition' ? { tab } : {}),
      ...query,
    }),
  editConnector: (environmentId: string, connectorId: string) => `${env(environmentId)}/connectors/${encodeURIComponent(connectorId)}/edit`,
  connectorVersion: (environmentId: string, connectorId: string, version: number, compare?: 'draft') =>
    withQuery(`${env(environmentId)}/connectors/${encodeURIComponent(connectorId)}/versions/${version}`, { compare }),

  connections: (environmentId: string) => `${env(environmentId)}/connections`,
  flows: (environmentId: string) => `${env(environmentId)}/flows`,
  solutions: (environmentId: string) => `${env(environmentId)}/solutions`,

  /* Route handlers (machine callers and downloads) keep environment-free URLs: the resource knows its environment. */
  api: {
    connectorDownload: (connectorId: string) => `/api/connectors/${encodeURIComponent(connectorId)}/download`,
    connectorVersionDownload: (connectorId: string, version: number) =>
      `/api/connectors/${encodeURIComponent(connectorId)}/versions/${version}/download`,
    connectorDefinition: (connectorId: string) => `/api/connectors/${encodeURIComponent(connectorId)}/definition`,
    connectorIcon: (connectorId: string) => `/api/connectors/${encodeURIComponent(connectorId)}/icon`,
    /** POST a multipart form: a new connector from files or pasted text. */
    connectorUpload: (environmentId: string) => `/api/environments/${encodeURIComponent(environmentId)}/connectors`,
    /** PUT JSON: the edit page's draft. */
    connectorDraft: (connectorId: string) => `/api/connectors/${encodeURIComponent(connectorId)}/draft`,
    principals: () => '/api/principals',
  },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads `/environments/<id>/<section>/…` back: the environment, the section, and whether the page is one resource. */
export function parseEnvironmentPath(pathname: string): { environmentId: string; section: string | null; rest: string[] } | null {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] !== 'environments' || !parts[1]) return null;
  return { environmentId: decodeURIComponent(parts[1]), section: parts[2] ?? null, rest: parts.slice(3) };
}

/**
 * Where the environment switcher goes: the same page in the other environment for a list (or a
 * page such as New or Shared connectors), that section's list for one resource, which belongs to the old one.
 */
export function pathInOtherEnvironment(pathname: string, search: string, environmentId: string): string {
  const parsed = parseEnvironmentPath(pathname);
  if (!parsed || !parsed.section) return paths.environment(environmentId);
  const isResource = parsed.rest.some((part) => UUID.test(part));
  const base = `${env(environmentId)}/${parsed.section}`;
  if (isResource) return base;
  const rest = parsed.rest.length ? `/${parsed.rest.join('/')}` : '';
  // Paging cursors belong to the old environment's list; a search still makes sense.
  const query = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const key of ['q', 'tab', 'filter', 'sort']) {
    const value = query.get(key);
    if (value) kept.set(key, value);
  }
  const qs = kept.toString();
  return `${base}${rest}${qs ? `?${qs}` : ''}`;
}
