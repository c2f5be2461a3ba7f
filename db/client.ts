import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { acquireDataDirLock } from './pglite-lock';

type Schema = typeof schema;
/** The database, whichever driver is behind it (PGlite or postgres.js): same schema, same API. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A transaction handle; services take it so several of them share one transaction. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type Driver = 'pglite' | 'postgres';

export interface DbHandle {
  db: Db;
  driver: Driver;
  /** The connection URL (PostgreSQL only). */
  url?: string;
  close(): Promise<void>;
  /** Runs raw SQL text with several statements (tests and migrations use it). */
  exec(sqlText: string): Promise<void>;
}

const store = globalThis as unknown as { __makerportDb?: DbHandle };

/** Where the embedded database lives unless `PGLITE_DIR` says otherwise. */
export function defaultPgliteDir(): string {
  return process.env.PGLITE_DIR || path.join(process.cwd(), '.data', 'pglite');
}

/** Opens PostgreSQL through postgres.js. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<DbHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    driver: 'postgres',
    url,
    close: () => client.end({ timeout: 5 }),
    exec: async (text) => {
      await client.unsafe(text);
    },
  };
}

/**
 * Opens the embedded PGlite database. `dir` undefined means in memory (tests);
 * `loadDataDir` restores a gzip snapshot made by `dumpDataDir` (fast test setup).
 */
export async function openPglite(options: { dir?: string; loadDataDir?: Blob } = {}): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let releaseLock = () => {};
  if (options.dir) {
    // PGlite neither creates the folder nor locks it; two processes on one folder lose writes.
    mkdirSync(options.dir, { recursive: true });
    releaseLock = acquireDataDirLock(options.dir);
  }
  const client = await PGlite.create({ dataDir: options.dir, loadDataDir: options.loadDataDir });
  const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    close: async () => {
      await client.close();
      releaseLock();
    },
    exec: async (text) => {
      await client.exec(text);
    },
  };
}

let opening: Promise<DbHandle> | undefined;

/**
 * The process-wide database, opened on first use (never at import time: `next build`
 * imports routes in several workers at once). `DATABASE_URL` set → PostgreSQL, else PGlite.
 */
export function getDbHandle(): Promise<DbHandle> {
  if (store.__makerportDb) return Promise.resolve(store.__makerportDb);
  opening ??= (async () => {
    const url = process.env.DATABASE_URL;
    const handle = url ? await openPostgres(url) : await openPglite({ dir: defaultPgliteDir() });
    store.__makerportDb = handle;
    return handle;
  })();
  return opening;
}

/** Installs a database handle as the process-wide one (tests, scripts). */
export function setDbHandle(handle: DbHandle | undefined): void {
  store.__makerportDb = handle;
  opening = undefined;
}

function current(): Db {
  const handle = store.__makerportDb;
  if (!handle) {
    throw new Error('Database not opened yet: await getDbHandle() first (instrumentation.ts does it at start).');
  }
  return handle.db;
}

/**
 * The process-wide database. Opened by `instrumentation.ts` before the first request and by
 * scripts and tests explicitly; a property access before that fails loudly rather than racing.
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const real = current();
    const value = Reflect.get(real, property, real) as unknown;
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
  },
});
