import path from 'node:path';
import type { DbHandle } from './client';

/** The folder drizzle-kit generates into; resolved from the working directory (the project root). */
export const migrationsFolder = path.join(process.cwd(), 'drizzle');

const MIGRATION_LOCK = 7403611;

/**
 * Applies the committed migrations. On PostgreSQL it uses one dedicated connection holding an
 * advisory lock, so several web instances starting at once take turns instead of racing.
 */
export async function runMigrations(handle: DbHandle): Promise<void> {
  if (handle.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder });
    return;
  }
  if (!handle.url) throw new Error('A PostgreSQL handle needs its URL to migrate.');
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle({ client }), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
