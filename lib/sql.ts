import { sql, type SQL } from 'drizzle-orm';

/** `(a, b, c)` as bound parameters, for `in` lists; callers must not pass an empty list. */
export function sqlList(values: readonly unknown[]): SQL {
  if (values.length === 0) throw new Error('sqlList needs at least one value');
  return sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

/** Rows of a raw `db.execute()`, whichever driver ran it (postgres.js gives an array, PGlite `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * A json/jsonb value of a raw `db.execute()` row, whichever driver ran it (postgres.js may hand
 * back the text, PGlite the parsed value).
 */
export function jsonValue<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
