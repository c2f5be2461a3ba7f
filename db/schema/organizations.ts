import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { id, timestamps } from '../columns';

/** Feature flags an organization can hold. Unknown keys are ignored. */
export interface OrganizationFeatures {
  /** Connector owners may share released versions as closed source (DESIGN.md §3). */
  closedSourceSharing?: boolean;
}

export const organizations = pgTable('organizations', {
  id: id(),
  name: text().notNull().unique(),
  /** Data-center region, e.g. `westeurope`. */
  region: text().notNull(),
  features: jsonb().$type<OrganizationFeatures>().notNull().default({}),
  ...timestamps,
});

export type Organization = typeof organizations.$inferSelect;
