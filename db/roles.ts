import { sql } from 'drizzle-orm';
import { rowsOf } from '@/lib/sql';
import { openPostgres, type DbHandle } from './client';
import { runMigrations } from './migrate';

/*
 * Two database roles (SECURITY.md, "Database roles"): an owner that migrates and owns every table,
 * and the application's role, which owns nothing. Only an owner can drop or disable a trigger or
 * truncate, so the app, whatever it is made to run, cannot undo the audit log's append-only
 * triggers; on audit_log it may only read and insert.
 */

const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

/** The role a PostgreSQL URL logs in as. */
export function roleOf(url: string): string {
  const role = decodeURIComponent(new URL(url).username);
  if (!ROLE_NAME.test(role)) throw new Error(`Unexpected database role name in the connection URL: "${role}".`);
  return role;
}

/**
 * Run by the owner after migrating: the app's role may read and write every table of the schema
 * (re-run on each start, so tables added by new migrations are covered), but on audit_log only
 * read and insert.
 */
export async function grantAppRole(owner: DbHandle, appRole: string): Promise<void> {
  if (!ROLE_NAME.test(appRole)) throw new Error(`Unexpected database role name: "${appRole}".`);
  const role = `"${appRole}"`;
  await owner.exec(`
    grant usage on schema public to ${role};
    grant select, insert, update, delete on all tables in schema public to ${role};
    grant usage, select on all sequences in schema public to ${role};
    revoke update, delete, truncate, references, trigger on audit_log from ${role};
    -- The job queue's schema is the app's to build in: pg-boss installs and migrates its tables at start.
    create schema if not exists pgboss;
    grant usage, create on schema pgboss to ${role};
  `);
}

/**
 * Applies the migrations: as the owner (`DATABASE_OWNER_URL`) when one is configured, who then
 * grants the app's role its privileges; otherwise as the app's own role (PGlite, development).
 */
export async function migrateDatabase(handle: DbHandle, ownerUrl = process.env.DATABASE_OWNER_URL || undefined): Promise<void> {
  if (!ownerUrl || handle.driver !== 'postgres' || !handle.url) {
    await runMigrations(handle);
    return;
  }
  const appRole = roleOf(handle.url);
  if (roleOf(ownerUrl) === appRole) throw new Error('DATABASE_OWNER_URL must log in as another role than DATABASE_URL.');
  const owner = await openPostgres(ownerUrl, { max: 1 });
  try {
    await runMigrations(owner);
    await grantAppRole(owner, appRole);
  } finally {
    await owner.close();
  }
}

/** Whether the role this handle logs in as owns audit_log, and so could drop its triggers. */
export async function appOwnsAuditLog(handle: DbHandle): Promise<boolean> {
  const result = await handle.db.execute(
    sql`select pg_has_role(current_user, c.relowner, 'USAGE') as owns from pg_class c where c.oid = 'public.audit_log'::regclass`,
  );
  return rowsOf<{ owns: boolean }>(result)[0]?.owns ?? false;
}
