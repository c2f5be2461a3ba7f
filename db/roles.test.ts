import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/lib/sql';
import { openPostgres, type Db, type DbHandle } from './client';
import { appOwnsAuditLog, grantAppRole, migrateDatabase, roleOf } from './roles';
import { createOrganization, setupTestDatabase } from './testing';
import { adminUrl, databaseUrl } from './testing/urls';

const t = setupTestDatabase();

/** The database's own message, under Drizzle's "Failed query" wrapper; "accepted" when it ran. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) messages.push(String((e as Error).message));
    return messages.join(' / ');
  }
}

/** What the app's role tries against the audit log, and what it must be answered. */
const tamperings = [
  ['update', `update audit_log set action = 'x'`, /permission denied for table audit_log/],
  ['delete', `delete from audit_log`, /permission denied for table audit_log/],
  ['truncate', `truncate audit_log`, /permission denied for table audit_log/],
  ['drop its trigger', `drop trigger audit_log_no_update_or_delete on audit_log`, /must be owner of (table|relation) audit_log/],
  ['disable its triggers', `alter table audit_log disable trigger all`, /must be owner of (table|relation) audit_log/],
  ['drop it', `drop table audit_log`, /must be owner of (table|relation) audit_log/],
] as const;

const roles: string[] = [];
afterAll(async () => {
  // Roles are cluster-wide on PostgreSQL: give back what the test created (its grants go first).
  for (const role of roles) await t.handle.exec(`drop owned by "${role}"; drop role if exists "${role}";`);
});

describe('the application role (grantAppRole)', () => {
  it('reads and writes its tables, reads and appends to audit_log, and can neither rewrite nor unprotect it', async () => {
    const role = `mp_app_${randomBytes(4).toString('hex')}`;
    roles.push(role);
    await t.handle.exec(`create role "${role}" nologin`);
    await grantAppRole(t.handle, role);
    const org = await createOrganization(t.db);
    // Each attempt in its own transaction, acting as the role (PGlite has one connection: SET LOCAL ROLE).
    const asApp = (statement: string) =>
      outcome(() =>
        t.db.transaction(async (tx) => {
          await tx.execute(sql.raw(`set local role "${role}"`));
          await tx.execute(sql.raw(statement));
        }),
      );
    expect(
      await asApp(`insert into audit_log (organization_id, action, target_kind) values ('${org.id}', 'organization.seed', 'organization')`),
    ).toBe('accepted');
    expect(await asApp(`select count(*) from audit_log`)).toBe('accepted');
    expect(await asApp(`update organizations set region = 'northeurope' where id = '${org.id}'`)).toBe('accepted');
    for (const [what, statement, refusal] of tamperings) expect(await asApp(statement), what).toMatch(refusal);
  });

  it('refuses role names it would have to quote', async () => {
    await expect(grantAppRole(t.handle, 'x"; drop table audit_log; --')).rejects.toThrow(/Unexpected database role name/);
    expect(roleOf('postgres://mp_app:secret@db.internal:5432/makerport')).toBe('mp_app');
  });
});

// A real login as the app's role needs a real server: this case exists only when the suite runs on
// PostgreSQL (TEST_DATABASE_URL); on PGlite the case above checks the same grants through SET ROLE.
if (process.env.TEST_DATABASE_URL) {
  describe('on PostgreSQL: DATABASE_URL as the app, DATABASE_OWNER_URL as the owner', () => {
    it('migrates as the owner; logged in as the app, audit_log can only be read and appended to', async () => {
      const suffix = randomBytes(4).toString('hex');
      const owner = `mp_owner_${suffix}`;
      const app = `mp_app_${suffix}`;
      const database = `mp_roles_${suffix}`;
      const server = process.env.TEST_DATABASE_URL!;
      const admin = await openPostgres(adminUrl(server), { max: 1 });
      const urlAs = (role: string) => {
        const url = new URL(databaseUrl(server, database));
        url.username = role;
        url.password = `pw-${suffix}`;
        return url.toString();
      };
      let appHandle: DbHandle | undefined;
      try {
        await admin.exec(`create role "${owner}" login password 'pw-${suffix}'; create role "${app}" login password 'pw-${suffix}'`);
        await admin.exec(`create database "${database}" owner "${owner}"`);
        appHandle = await openPostgres(urlAs(app), { max: 1 });
        await migrateDatabase(appHandle, urlAs(owner));

        const db: Db = appHandle.db;
        expect(await appOwnsAuditLog(appHandle)).toBe(false);
        const run = (statement: string) => outcome(() => db.execute(sql.raw(statement)));
        const [org] = rowsOf<{ id: string }>(
          await db.execute(sql`insert into organizations (name, region) values ('Roles', 'westeurope') returning id`),
        );
        expect(
          await run(
            `insert into audit_log (organization_id, action, target_kind) values ('${org!.id}', 'organization.seed', 'organization')`,
          ),
        ).toBe('accepted');
        expect(await run(`select * from audit_log`)).toBe('accepted');
        for (const [what, statement, refusal] of tamperings) expect(await run(statement), what).toMatch(refusal);
        expect(await run(`create table sneaky (id int)`)).toMatch(/permission denied for schema public/);
        // The job queue's schema is the one place the app builds tables (pg-boss installs itself at start).
        expect(await run(`create table pgboss.probe (id int)`)).toBe('accepted');
      } finally {
        await appHandle?.close();
        await admin.exec(`drop database if exists "${database}" with (force)`);
        await admin.exec(`drop role if exists "${app}"; drop role if exists "${owner}"`);
        await admin.close();
      }
    });

    it('a single role that owns the tables is reported, so start-up can warn', async () => {
      expect(await appOwnsAuditLog(t.handle)).toBe(true);
    });
  });
}
