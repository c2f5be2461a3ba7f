import { sql, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createOrganization, setupTestDatabase } from '@/db/testing';
import { recordAudit, systemActor } from '@/lib/audit';

const t = setupTestDatabase();

/** The database's own message, under Drizzle's "Failed query" wrapper. */
async function refusal(query: SQL): Promise<string> {
  try {
    await t.db.execute(query);
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) messages.push(String((e as Error).message));
    return messages.join(' / ');
  }
  return 'accepted';
}

describe('audit log', () => {
  it('is append-only: updates, deletes and truncation are refused by the database', async () => {
    const org = await createOrganization(t.db);
    await recordAudit(t.db, systemActor(org.id), { action: 'organization.seed', targetKind: 'organization', targetId: org.id });
    expect(await refusal(sql`update audit_log set action = 'x' where organization_id = ${org.id}::uuid`)).toMatch(
      /audit_log is append-only/,
    );
    expect(await refusal(sql`delete from audit_log where organization_id = ${org.id}::uuid`)).toMatch(/audit_log is append-only/);
    expect(await refusal(sql`truncate audit_log`)).toMatch(/audit_log is append-only/);
  });
});
