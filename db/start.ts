import { sql } from 'drizzle-orm';
import { prepareJobs } from '@/lib/jobs';
import { log } from '@/lib/log';
import { rowsOf } from '@/lib/sql';
import { getDbHandle, type DbHandle } from './client';
import { appOwnsAuditLog, migrateDatabase } from './roles';
import { seedDemo } from './seed';

/** Whether to seed the demo organization on start: always in development, on request elsewhere. */
function shouldSeed(): boolean {
  if (process.env.SEED_DEMO) return process.env.SEED_DEMO === 'true';
  return process.env.NODE_ENV !== 'production';
}

/**
 * Opens the database, applies migrations (as DATABASE_OWNER_URL's role when set), prepares the job
 * queue (pg-boss's schema, one queue per catalogued job) and (in development) seeds the demo
 * organization once.
 */
export async function startDatabase(): Promise<DbHandle> {
  const started = Date.now();
  const handle = await getDbHandle();
  await migrateDatabase(handle);
  if (handle.driver === 'postgres' && process.env.NODE_ENV === 'production' && (await appOwnsAuditLog(handle))) {
    log.warn(
      'The database role in DATABASE_URL owns the audit log, so it could drop its append-only triggers. Migrate as another role with DATABASE_OWNER_URL (SECURITY.md, Database roles).',
    );
  }
  await prepareJobs();
  if (shouldSeed()) {
    const result = await handle.db.execute(sql`select exists(select 1 from organizations) as seeded`);
    if (!rowsOf<{ seeded: boolean }>(result)[0]?.seeded) {
      await seedDemo(handle.db);
      log.info('seeded the demo organization (README lists the logins)');
    }
  }
  log.info({ driver: handle.driver, ms: Date.now() - started }, 'database ready');
  return handle;
}
