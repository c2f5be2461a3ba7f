import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createConnectorRow,
  createEnvironment,
  createOrganization,
  createUser,
  insertGrant,
  setRole,
  setupTestDatabase,
} from '@/db/testing';
import { connectors, grants } from '@/db/schema';
import { rowsOf } from '@/lib/sql';
import { loadActor, type Actor } from './actor';
import { assert } from './index';
import { levels } from './policy';

/*
 * Issue: an action could act on a grant revoked a moment ago. A write's access decision locks the
 * grants it rests on (FOR SHARE), so a revoke and a write that depends on the revoked grant are
 * serialized: the revoke waits for the write, or the write, waiting for the revoke, sees the grant gone.
 */

const t = setupTestDatabase();

describe('a write’s access decision locks the grants it rests on', () => {
  let editor: Actor;
  let orgId: string;
  let envId: string;

  beforeAll(async () => {
    const org = await createOrganization(t.db);
    orgId = org.id;
    envId = (await createEnvironment(t.db, org.id)).id;
    const user = await createUser(t.db, org.id, { name: 'Edith Editor' });
    await setRole(t.db, org.id, envId, user.id, 'environment_maker');
    editor = (await loadActor(t.db, user.id))!;
  });

  async function connectorEditedBy(actor: Actor) {
    const owner = await createUser(t.db, orgId);
    const connector = await createConnectorRow(t.db, { organizationId: orgId, environmentId: envId, createdBy: owner.id });
    await insertGrant(t.db, {
      organizationId: orgId,
      resourceKind: 'connector',
      resourceId: connector.id,
      principalKind: 'user',
      principalId: actor.userId,
      level: levels.connector.can_edit,
    });
    return connector.id;
  }

  const revoke = (tx: Parameters<Parameters<typeof t.db.transaction>[0]>[0], connectorId: string) =>
    tx.delete(grants).where(and(eq(grants.resourceId, connectorId), eq(grants.principalId, editor.userId)));

  it('holds a share lock on the actor’s grant while the write’s transaction is open', async () => {
    const id = await connectorEditedBy(editor);
    await t.db.transaction(async (tx) => {
      await assert(editor, 'connector:edit', { kind: 'connector', id }, tx);
      // A tuple lock shows as the row's xmax being set by this (still open) transaction.
      const [row] = rowsOf<{ locked: boolean }>(
        await tx.execute(
          sql`select xmax::text <> '0' as locked from grants where resource_id = ${id}::uuid and principal_id = ${editor.userId}::uuid`,
        ),
      );
      expect(row?.locked).toBe(true);
    });
  });

  it('a grant revoked and committed is not honoured by a write that starts after', async () => {
    const id = await connectorEditedBy(editor);
    await t.db.transaction((tx) => revoke(tx, id));
    await expect(t.db.transaction((tx) => assert(editor, 'connector:edit', { kind: 'connector', id }, tx))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  // Two transactions at once need a server with several connections; PGlite has one.
  if (process.env.TEST_DATABASE_URL) {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('on PostgreSQL: a write waiting on a revoke in flight sees the grant gone and writes nothing', async () => {
      const id = await connectorEditedBy(editor);
      let commitRevoke!: () => void;
      const revokeMayCommit = new Promise<void>((resolve) => (commitRevoke = resolve));
      let revoked!: () => void;
      const revokeDone = new Promise<void>((resolve) => (revoked = resolve));
      const revoking = t.db.transaction(async (tx) => {
        await revoke(tx, id);
        revoked();
        await revokeMayCommit;
      });
      await revokeDone;
      let decided = false;
      const writing = t.db.transaction(async (tx) => {
        const loaded = await assert(editor, 'connector:edit', { kind: 'connector', id }, tx);
        decided = true;
        await tx.update(connectors).set({ description: 'written after the revoke' }).where(eq(connectors.id, loaded.id));
      });
      await pause(300);
      expect(decided).toBe(false); // waiting on the revoke's lock, not acting on the old grant
      commitRevoke();
      await revoking;
      await expect(writing).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const [row] = await t.db.select({ description: connectors.description }).from(connectors).where(eq(connectors.id, id));
      expect(row?.description).not.toBe('written after the revoke');
    });

    it('on PostgreSQL: a revoke waits for a write that already decided, then removes the grant', async () => {
      const id = await connectorEditedBy(editor);
      let finishWrite!: () => void;
      const writeMayFinish = new Promise<void>((resolve) => (finishWrite = resolve));
      let decided!: () => void;
      const decision = new Promise<void>((resolve) => (decided = resolve));
      const writing = t.db.transaction(async (tx) => {
        await assert(editor, 'connector:edit', { kind: 'connector', id }, tx);
        decided();
        await writeMayFinish;
        await tx.update(connectors).set({ description: 'written before the revoke' }).where(eq(connectors.id, id));
      });
      await decision;
      let revokeFinished = false;
      const revoking = t.db.transaction((tx) => revoke(tx, id)).then(() => (revokeFinished = true));
      await pause(300);
      expect(revokeFinished).toBe(false);
      finishWrite();
      await writing;
      await revoking;
      expect(
        await t.db
          .select()
          .from(grants)
          .where(and(eq(grants.resourceId, id), eq(grants.principalId, editor.userId))),
      ).toEqual([]);
    });
  }
});
