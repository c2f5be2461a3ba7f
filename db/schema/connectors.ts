import { sql } from 'drizzle-orm';
import { boolean, index, integer, json, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, timestamps } from '../columns';
import { environments } from './environments';
import { organizations } from './organizations';
import { users } from './users';

export const connectorAuthKind = pgEnum('connector_auth_kind', ['none', 'api_key', 'basic', 'oauth2']);
export const connectorSourceKind = pgEnum('connector_source_kind', ['open', 'closed']);

/** One field of the New connection form (Power Platform's `connectionParameters` entry, normalised). */
export interface ConnectionParameter {
  name: string;
  /** `string`, `securestring`, `oauthSetting`, `bool`, `int`, … as in apiProperties.json. */
  type: string;
  displayName: string;
  description?: string;
  /** `securestring` and `oauthSetting` values are secrets: encrypted, never sent to a browser. */
  isSecret: boolean;
  required: boolean;
}

/** How the connector authenticates, read from the security scheme. */
export interface ConnectorAuthConfig {
  /** api_key: where the key travels and under which name. */
  in?: 'header' | 'query';
  parameterName?: string;
  /** oauth2 */
  authorizationUrl?: string;
  tokenUrl?: string;
  scopes?: string[];
  identityProvider?: string;
}

/** One operation as the product shows it. `method`/`path` are part of the source, not of the public view. */
export interface ConnectorOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  visibility?: string;
  deprecated?: boolean;
  isTrigger?: boolean;
  parameters: { name: string; in: string; required: boolean; type: string; summary: string }[];
}

/** A strict-schema finding that did not stop the import (DESIGN.md §2). */
export interface ConnectorWarning {
  message: string;
  /** JSON pointer or file:line where the finding sits. */
  location: string;
}

/** The definition columns a draft and a released version share. */
const definition = () => ({
  name: text().notNull(),
  description: text().notNull().default(''),
  iconColor: text().notNull().default('#007ee5'),
  icon: bytea(),
  iconType: text(),
  host: text().notNull().default(''),
  basePath: text().notNull().default('/'),
  authKind: connectorAuthKind().notNull().default('none'),
  authConfig: jsonb().$type<ConnectorAuthConfig>().notNull().default({}),
  connectionParameters: jsonb().$type<ConnectionParameter[]>().notNull().default([]),
  /** `swagger-2.0`, `openapi-3.0`, `openapi-3.1`. */
  specFormat: text().notNull(),
  /**
   * The API document as imported or edited: not dereferenced, every `x-ms-*` and unknown extension
   * kept. `json`, not `jsonb`: jsonb reorders keys, and a maker's document keeps the order it was written in.
   */
  document: json().$type<Record<string, unknown>>().notNull(),
  /** apiProperties.json as imported, unknown keys kept, so a download gives it back. */
  properties: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  /** script.csx, kept and reported as not executed. */
  script: text(),
  operations: jsonb().$type<ConnectorOperation[]>().notNull().default([]),
  warnings: jsonb().$type<ConnectorWarning[]>().notNull().default([]),
  /** Content hash of the definition, to tell whether the draft changed since the last release. */
  hash: text().notNull(),
});

export const connectors = pgTable(
  'connectors',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    environmentId: uuid()
      .notNull()
      .references(() => environments.id),
    /** The creator: the owner nobody can remove. */
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    ...definition(),
    /** Highest released version number; 0 while only a draft exists. */
    latestVersion: integer().notNull().default(0),
    /** Set on a copy installed from another environment's shared version. */
    installedFromConnectorId: uuid(),
    installedVersion: integer(),
    sourceKind: connectorSourceKind(),
    ...timestamps,
  },
  (t) => [
    // The list: one environment, sorted by name, keyset-paginated on (lower(name), id).
    index('connectors_env_name_idx').on(t.environmentId, sql`lower(${t.name})`, t.id),
    // Names are unique in an environment, whatever the case (DESIGN.md: a clear refusal naming the other).
    uniqueIndex('connectors_env_name_key').on(t.environmentId, sql`lower(${t.name})`),
    // The list sorted by last change, newest first.
    index('connectors_env_modified_idx').on(t.environmentId, t.updatedAt.desc(), t.id.desc()),
    index('connectors_org_idx').on(t.organizationId),
    // One installed copy per source connector per environment.
    uniqueIndex('connectors_env_installed_key')
      .on(t.environmentId, t.installedFromConnectorId)
      .where(sql`${t.installedFromConnectorId} is not null`),
    index('connectors_installed_from_idx').on(t.installedFromConnectorId),
  ],
);

/** Released versions: immutable (a trigger refuses UPDATE). */
export const connectorVersions = pgTable(
  'connector_versions',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    connectorId: uuid()
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    ...definition(),
    /** What changed, in the releaser's words (optional). */
    releaseNotes: text().notNull().default(''),
    releasedBy: uuid()
      .notNull()
      .references(() => users.id),
    releasedAt: createdAt(),
  },
  (t) => [uniqueIndex('connector_versions_connector_version_key').on(t.connectorId, t.version)],
);

/**
 * A released version shared with other environments of the organization (seed 001):
 * at most one share per connector; sharing a newer version moves it forward.
 */
export const connectorEnvironmentShares = pgTable(
  'connector_environment_shares',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    connectorId: uuid()
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    versionId: uuid()
      .notNull()
      .references(() => connectorVersions.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    sourceKind: connectorSourceKind().notNull(),
    /** Every environment of the organization (other than the connector's own), present and future. */
    allEnvironments: boolean().notNull().default(false),
    sharedBy: uuid()
      .notNull()
      .references(() => users.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('connector_environment_shares_connector_key').on(t.connectorId),
    index('connector_environment_shares_org_idx').on(t.organizationId),
  ],
);

/** The chosen environments of a share that is not for all environments. */
export const connectorEnvironmentShareTargets = pgTable(
  'connector_environment_share_targets',
  {
    shareId: uuid()
      .notNull()
      .references(() => connectorEnvironmentShares.id, { onDelete: 'cascade' }),
    environmentId: uuid()
      .notNull()
      .references(() => environments.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.environmentId] }), index('connector_share_targets_env_idx').on(t.environmentId)],
);

export type Connector = typeof connectors.$inferSelect;
export type ConnectorVersion = typeof connectorVersions.$inferSelect;
export type ConnectorAuthKind = (typeof connectorAuthKind.enumValues)[number];
export type ConnectorSourceKind = (typeof connectorSourceKind.enumValues)[number];
