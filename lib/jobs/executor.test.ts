import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '@/db/testing';
import { rowsOf } from '@/lib/sql';
import { executorForHandle, executorForQueryable, toSqlParam } from './executor';

const t = setupTestDatabase();

describe('toSqlParam', () => {
  it.each([
    [null, null],
    [undefined, null],
    ['text', 'text'],
    [42, '42'],
    [true, 'true'],
    [new Date('2026-01-02T03:04:05.000Z'), '2026-01-02T03:04:05.000Z'],
    [{ a: [1, 'b'] }, '{"a":[1,"b"]}'],
    [['x', 'y'], '{"x","y"}'],
    [['with "quotes"', 'back\\slash', null], '{"with \\"quotes\\"","back\\\\slash",NULL}'],
    [
      [
        [1, 2],
        [3, 4],
      ],
      '{{"1","2"},{"3","4"}}',
    ],
    [[], '{}'],
  ])('%j → %j', (value, expected) => {
    expect(toSqlParam(value)).toEqual(expected);
  });
});

describe('executors', () => {
  it('round-trips typed parameters through the database, on the handle and on a transaction', async () => {
    const text =
      'select $1::uuid[] as ids, $2::jsonb as data, $3::int + 1 as n, $4::bool as flag, $5::timestamptz as at, $1::uuid[] as again';
    const ids = ['3f1c2a94-5e3c-4d1b-9a51-9d1f6a0b7c11', 'b4a8c7d2-1e9f-4b3a-8c6d-2f7e9a1b0c3d'];
    const values = [ids, { nested: { quote: 'a"b', list: [1, 2] } }, 41, false, new Date('2026-03-04T05:06:07Z')];
    const check = (rows: Record<string, unknown>[]) => {
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row!.ids).toEqual(ids);
      expect(row!.again).toEqual(ids);
      expect(row!.data).toEqual(values[1]);
      expect(row!.n).toBe(42);
      expect(row!.flag).toBe(false);
      expect(new Date(row!.at as string).toISOString()).toBe('2026-03-04T05:06:07.000Z');
    };
    check((await executorForHandle(t.handle).executeSql(text, values)).rows);
    await t.db.transaction(async (tx) => check((await executorForQueryable(tx).executeSql(text, values)).rows));
  });

  it('runs a parameterless multi-statement script atomically, and leaves the connection usable after one fails', async () => {
    const run = executorForHandle(t.handle);
    await run.executeSql('create table exec_probe (n int primary key)');
    await run.executeSql('BEGIN; insert into exec_probe values (1); insert into exec_probe values (2); COMMIT;');
    await expect(run.executeSql('BEGIN; insert into exec_probe values (3); insert into exec_probe values (1); COMMIT;')).rejects.toThrow();
    // The failed script rolled back as a whole; every pooled connection still works.
    for (let i = 0; i < 6; i++) {
      const rows = rowsOf<{ n: number }>(await t.db.execute(sql`select n from exec_probe order by n`));
      expect(rows.map((r) => r.n)).toEqual([1, 2]);
    }
  });

  it('refuses a placeholder without a value', async () => {
    await expect(executorForQueryable(t.db).executeSql('select $2::int', [1])).rejects.toThrow('$2 has no value');
  });
});
