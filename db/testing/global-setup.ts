import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../client';
import { runMigrations } from '../migrate';
import { adminUrl, databaseUrl } from './urls';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a migrated data directory (gzip) each test file restores. */
    pgliteSnapshot: string;
    /** PostgreSQL: a migrated template database each test file copies. */
    postgresTemplate: string;
  }
}

/**
 * Migrates once per run, so each test file starts from a fresh, migrated database in well under
 * a second: a PGlite snapshot by default, a PostgreSQL template when TEST_DATABASE_URL is set.
 */
export default async function setup(project: TestProject) {
  const testUrl = process.env.TEST_DATABASE_URL;
  if (testUrl) {
    const template = `mp_tpl_${randomBytes(4).toString('hex')}`;
    const admin = await openPostgres(adminUrl(testUrl), { max: 1 });
    await admin.exec(`create database ${template}`);
    const handle = await openPostgres(databaseUrl(testUrl, template), { max: 1 });
    await runMigrations(handle);
    await handle.close();
    project.provide('postgresTemplate', template);
    project.provide('pgliteSnapshot', '');
    return async () => {
      // Drop every database this run created (the template and one per test file).
      const { default: postgres } = await import('postgres');
      const sql = postgres(adminUrl(testUrl), { max: 1, onnotice: () => {} });
      const rows = await sql<
        { datname: string }[]
      >`select datname from pg_database where datname like ${`${template}%`} or datname like ${`mp_t_${template.slice(7)}_%`}`;
      for (const { datname } of rows) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
      await sql.end();
      await admin.close();
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'makerport-test-'));
  const handle = await openPglite();
  await runMigrations(handle);
  const client = (handle.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).$client;
  const blob = await client.dumpDataDir('gzip');
  const file = path.join(dir, 'migrated.tar.gz');
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  await handle.close();
  project.provide('pgliteSnapshot', file);
  project.provide('postgresTemplate', '');
  return () => rmSync(dir, { recursive: true, force: true });
}
