import { sql } from 'drizzle-orm';
import { prepareJobs } from '@/lib/jobs';
import { log } from '@/lib/log';
import { rowsOf } from '@/lib/sql';
import { getDbHandle, type DbHandle } from './client';
import { runMigrations } from './migrate';
import { seedDemo } from './seed';

/** Whether to seed the demo organization on start: always in development, on request elsewhere. */
function shouldSeed(): boolean {
  if (process.env.SEED_DEMO) return process.env.SEED_DEMO === 'true';
  return process.env.NODE_ENV !== 'production';
}

/**
 * Opens the database, applies migrations, prepares the job queue (pg-boss's schema, one queue per
 * catalogued job) and (in development) seeds the demo organization once.
 */
export async function startDatabase(): Promise<DbHandle> {
  const started = Date.now();
  const handle = await getDbHandle();
  await runMigrations(handle);
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
