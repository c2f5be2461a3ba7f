import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';
import { openPglite, openPostgres, setDbHandle, type Db, type DbHandle } from '../client';
import { adminUrl, databaseUrl } from './urls';

export * from './factories';

/**
 * Gives the calling test file its own fresh, migrated database (PGlite by default, PostgreSQL
 * when TEST_DATABASE_URL is set) and installs it as the process-wide `db`.
 * Usage: `const t = setupTestDatabase();` then `t.db` inside tests.
 */
export function setupTestDatabase(): { readonly db: Db; readonly handle: DbHandle } {
  let handle: DbHandle | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const template = inject('postgresTemplate');
    const testUrl = process.env.TEST_DATABASE_URL;
    if (template && testUrl) {
      const name = `mp_t_${template.slice(7)}_${randomBytes(4).toString('hex')}`;
      const admin = await openPostgres(adminUrl(testUrl), { max: 1 });
      await admin.exec(`create database ${name} template ${template}`);
      await admin.close();
      handle = await openPostgres(databaseUrl(testUrl, name), { max: 5 });
      dropDatabase = async () => {
        const a = await openPostgres(adminUrl(testUrl), { max: 1 });
        await a.exec(`drop database if exists ${name} with (force)`);
        await a.close();
      };
    } else {
      const snapshot = inject('pgliteSnapshot');
      handle = await openPglite({ loadDataDir: new Blob([readFileSync(snapshot)]) });
    }
    setDbHandle(handle);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await handle?.close();
    await dropDatabase?.();
  });
  return {
    get db() {
      if (!handle) throw new Error('setupTestDatabase: the database opens in beforeAll');
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error('setupTestDatabase: the database opens in beforeAll');
      return handle;
    },
  };
}
