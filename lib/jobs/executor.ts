import { sql, type SQL } from 'drizzle-orm';
import type { DbHandle, Queryable } from '@/db/client';
import { rowsOf } from '@/lib/sql';

/** What pg-boss calls to run its SQL when given `db` instead of a connection string. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * A parameter as node-postgres (pg-boss's own driver) would send it: text, or null. pg-boss casts
 * in SQL (`$3::jsonb`, `$2::uuid[]`), so text is right for both PGlite and postgres.js.
 */
export function toSqlParam(value: unknown): string | Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function arrayLiteral(values: unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    const text = typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : String(toSqlParam(v));
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

interface PgliteClient {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  transaction<T>(run: (tx: { exec(text: string): Promise<{ rows: Record<string, unknown>[] }[]> }) => Promise<T>): Promise<T>;
}
interface PostgresJsClient {
  unsafe(text: string, params?: unknown[]): Promise<unknown>;
  reserve(): Promise<PostgresJsClient & { release(): void }>;
}

/**
 * pg-boss on the app's own database client: PGlite (single connection, so pg-boss takes turns with
 * the app behind PGlite's mutex) or the postgres.js pool. Parameterless text may hold several
 * statements (pg-boss's schema install and its `BEGIN; …; COMMIT;` maintenance): PGlite's `exec`
 * and postgres.js's simple protocol both run those.
 */
export function executorForHandle(handle: DbHandle): SqlExecutor {
  const client = (handle.db as unknown as { $client: unknown }).$client;
  if (handle.driver === 'pglite') {
    const pglite = client as PgliteClient;
    return {
      async executeSql(text, values = []) {
        if (values.length) return pglite.query(text, values.map(toSqlParam));
        // A script runs inside PGlite's transaction lock: if it fails after its own BEGIN, the
        // rollback comes before anyone else's statement, which would otherwise meet an aborted
        // transaction on the one connection. (Its BEGIN/COMMIT inside ours only draw warnings.)
        return pglite.transaction(async (tx) => {
          const results = await tx.exec(text);
          return results[results.length - 1] ?? { rows: [] };
        });
      },
    };
  }
  const postgres = client as PostgresJsClient;
  return {
    async executeSql(text, values = []) {
      if (values.length) return { rows: [...rowsOf<Record<string, unknown>>(await postgres.unsafe(text, values.map(toSqlParam)))] };
      // Parameterless text may be a `BEGIN; …; COMMIT;` script: postgres.js runs those only on a
      // reserved connection. Its result then is one list per statement, which pg-boss never reads.
      const connection = await postgres.reserve();
      try {
        const result = await connection.unsafe(text);
        const multi = Array.isArray(result) && result.length > 0 && Array.isArray(result[0]);
        return { rows: multi ? [] : [...rowsOf<Record<string, unknown>>(result)] };
      } catch (error) {
        // A script that failed after its BEGIN leaves the connection in an aborted transaction.
        await connection.unsafe('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        connection.release();
      }
    },
  };
}

/**
 * pg-boss on the caller's transaction (or the database): its `$n` placeholders become drizzle
 * parameters, so a job sent this way commits or rolls back with the caller's work. One statement only.
 */
export function executorForQueryable(tx: Queryable): SqlExecutor {
  return {
    async executeSql(text, values = []) {
      const result = await tx.execute(withParams(text, values));
      return { rows: rowsOf<Record<string, unknown>>(result) };
    },
  };
}

function withParams(text: string, values: unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    const index = Number(match[1]) - 1;
    if (index < 0 || index >= values.length) throw new Error(`SQL placeholder $${match[1]} has no value`);
    chunks.push(sql.raw(text.slice(last, match.index)), sql`${toSqlParam(values[index])}`);
    last = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}
