import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGroupRow, createOrganization, createUser, setupTestDatabase } from '@/db/testing';
import { systemActor } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { rowsOf } from '@/lib/sql';
import { addGroupToGroup, addUserToGroup, removeGroupMember } from './membership';

const t = setupTestDatabase();

/** The closure as the table holds it: "user>group" strings, sorted. */
async function storedClosure(organizationId: string): Promise<string[]> {
  const rows = rowsOf<{ user_id: string; group_id: string }>(
    await t.db.execute(sql`select user_id, group_id from user_group_closure where organization_id = ${organizationId}::uuid`),
  );
  return rows.map((r) => `${r.user_id}>${r.group_id}`).sort();
}

/** The closure recomputed from scratch, in TypeScript, from the membership edges alone. */
async function recomputedClosure(organizationId: string): Promise<string[]> {
  const edges = rowsOf<{ group_id: string; member_user_id: string | null; member_group_id: string | null }>(
    await t.db.execute(
      sql`select group_id, member_user_id, member_group_id from group_members where organization_id = ${organizationId}::uuid`,
    ),
  );
  const parentsOfGroup = new Map<string, string[]>();
  for (const e of edges)
    if (e.member_group_id) parentsOfGroup.set(e.member_group_id, [...(parentsOfGroup.get(e.member_group_id) ?? []), e.group_id]);
  const out = new Set<string>();
  for (const e of edges) {
    if (!e.member_user_id) continue;
    const seen = new Set<string>();
    const stack = [e.group_id];
    while (stack.length) {
      const g = stack.pop()!;
      if (seen.has(g)) continue;
      seen.add(g);
      out.add(`${e.member_user_id}>${g}`);
      stack.push(...(parentsOfGroup.get(g) ?? []));
    }
  }
  return [...out].sort();
}

/** A small deterministic PRNG so a failure can be replayed from its seed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('group membership closure', () => {
  it('keeps the closure equal to a from-scratch recomputation under random changes', async () => {
    for (const seed of [1, 2, 3]) {
      const random = prng(seed);
      const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
      const org = await createOrganization(t.db);
      const actor = systemActor(org.id);
      const people = await Promise.all(Array.from({ length: 8 }, () => createUser(t.db, org.id)));
      const groupRows = await Promise.all(Array.from({ length: 7 }, () => createGroupRow(t.db, org.id)));
      let cyclesRefused = 0;
      for (let step = 0; step < 120; step++) {
        const op = random();
        const group = pick(groupRows);
        await t.db.transaction(async (tx) => {
          if (op < 0.35) await addUserToGroup(tx, actor, { groupId: group.id, userId: pick(people).id });
          else if (op < 0.6) {
            try {
              await addGroupToGroup(tx, actor, { groupId: group.id, childGroupId: pick(groupRows).id });
            } catch (error) {
              expect(error).toBeInstanceOf(AppError);
              expect((error as AppError).code).toBe('CONFLICT');
              cyclesRefused++;
            }
          } else if (op < 0.8) await removeGroupMember(tx, actor, { groupId: group.id, userId: pick(people).id });
          else await removeGroupMember(tx, actor, { groupId: group.id, childGroupId: pick(groupRows).id });
        });
        expect(await storedClosure(org.id), `seed ${seed}, step ${step}`).toEqual(await recomputedClosure(org.id));
      }
      expect(cyclesRefused, 'the random walk should attempt some cycles').toBeGreaterThan(0);
    }
  });

  describe('nesting', () => {
    let orgId: string;
    let a: { id: string };
    let b: { id: string };
    let c: { id: string };
    let person: { id: string };
    beforeAll(async () => {
      const org = await createOrganization(t.db);
      orgId = org.id;
      [a, b, c] = await Promise.all([createGroupRow(t.db, orgId, 'A'), createGroupRow(t.db, orgId, 'B'), createGroupRow(t.db, orgId, 'C')]);
      person = await createUser(t.db, orgId);
      const actor = systemActor(orgId);
      await t.db.transaction(async (tx) => {
        await addGroupToGroup(tx, actor, { groupId: a.id, childGroupId: b.id });
        await addGroupToGroup(tx, actor, { groupId: b.id, childGroupId: c.id });
        await addUserToGroup(tx, actor, { groupId: c.id, userId: person.id });
      });
    });

    it('reaches every ancestor transitively', async () => {
      expect(await storedClosure(orgId)).toEqual([a, b, c].map((g) => `${person.id}>${g.id}`).sort());
    });

    it('refuses a group inside itself and a longer cycle, writing nothing', async () => {
      const actor = systemActor(orgId);
      await expect(t.db.transaction((tx) => addGroupToGroup(tx, actor, { groupId: c.id, childGroupId: c.id }))).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(t.db.transaction((tx) => addGroupToGroup(tx, actor, { groupId: c.id, childGroupId: a.id }))).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await storedClosure(orgId)).toEqual(await recomputedClosure(orgId));
    });

    it('drops reach through a removed nested group, in the same transaction', async () => {
      const actor = systemActor(orgId);
      await t.db.transaction((tx) => removeGroupMember(tx, actor, { groupId: a.id, childGroupId: b.id }));
      expect(await storedClosure(orgId)).toEqual([b, c].map((g) => `${person.id}>${g.id}`).sort());
    });

    it('refuses a group of another organization as not found', async () => {
      const other = await createOrganization(t.db);
      const foreign = await createGroupRow(t.db, other.id);
      await expect(
        t.db.transaction((tx) => addGroupToGroup(tx, systemActor(orgId), { groupId: a.id, childGroupId: foreign.id })),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('writes an audit row with each change, rolled back with it', async () => {
      const actor = systemActor(orgId);
      const before = rowsOf<{ n: number }>(
        await t.db.execute(sql`select count(*)::int as n from audit_log where organization_id = ${orgId}::uuid`),
      )[0]!.n;
      await expect(
        t.db.transaction(async (tx) => {
          await addGroupToGroup(tx, actor, { groupId: a.id, childGroupId: b.id });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      const after = rowsOf<{ n: number }>(
        await t.db.execute(sql`select count(*)::int as n from audit_log where organization_id = ${orgId}::uuid`),
      )[0]!.n;
      expect(after).toBe(before);
      expect(await storedClosure(orgId)).toEqual(await recomputedClosure(orgId));
    });
  });
});
