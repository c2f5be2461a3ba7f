import { beforeAll, describe, expect, it } from 'vitest';
import { createGroupRow, createOrganization, createUser, setupTestDatabase } from '@/db/testing';
import { loadActor, type Actor } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { PEOPLE_SEARCH_LIMIT, searchPeople } from './people-search';

const t = setupTestDatabase();

let member: Actor;
let guest: Actor;
let megan: { id: string; email: string };

beforeAll(async () => {
  const org = await createOrganization(t.db);
  megan = await createUser(t.db, org.id, { name: 'Megan Bowen', email: 'megan@search.test' });
  await createUser(t.db, org.id, { name: 'Meghan Ward', email: 'meghan@search.test' });
  await createGroupRow(t.db, org.id, 'Megaproject team');
  member = (await loadActor(t.db, (await createUser(t.db, org.id, { name: 'Member' })).id))!;
  guest = (await loadActor(t.db, (await createUser(t.db, org.id, { name: 'Guest', kind: 'guest' })).id))!;
});

const names = (options: { name: string }[]) => options.map((o) => o.name).sort();

describe('people search', () => {
  it('members find people and groups by prefix', async () => {
    expect(names(await searchPeople(t.db, member, 'meg'))).toEqual(['Megan Bowen', 'Megaproject team', 'Meghan Ward']);
    expect(names(await searchPeople(t.db, member, 'megan@'))).toEqual(['Megan Bowen']);
  });

  it('guests find nobody by prefix, name or partial address: the directory is not theirs to list', async () => {
    for (const q of ['m', 'meg', 'Megan', 'megan@', 'megan@search.tes', '@search.test', '%']) {
      expect(await searchPeople(t.db, guest, q), q).toEqual([]);
    }
  });

  it('guests find a person by their exact address, whatever its case, and nothing else', async () => {
    const found = await searchPeople(t.db, guest, 'Megan@Search.test');
    expect(found).toEqual([expect.objectContaining({ kind: 'user', id: megan.id, name: 'Megan Bowen' })]);
  });

  it(`is limited to ${PEOPLE_SEARCH_LIMIT} searches a minute per user, counted in the database`, async () => {
    const org = await createOrganization(t.db);
    const busy = (await loadActor(t.db, (await createUser(t.db, org.id)).id))!;
    const other = (await loadActor(t.db, (await createUser(t.db, org.id)).id))!;
    const at = new Date('2030-01-01T10:00:00Z');
    for (let i = 0; i < PEOPLE_SEARCH_LIMIT; i++) await searchPeople(t.db, busy, `q${i}`, at);
    const refused = await searchPeople(t.db, busy, 'one more', at).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('LIMIT_EXCEEDED');
    // Someone else is not affected, and the next minute starts afresh.
    await expect(searchPeople(t.db, other, 'q', at)).resolves.toEqual([]);
    await expect(searchPeople(t.db, busy, 'q', new Date(at.getTime() + 61_000))).resolves.toEqual([]);
  });

  it('counts searches sent at once atomically', async () => {
    const org = await createOrganization(t.db);
    const racer = (await loadActor(t.db, (await createUser(t.db, org.id)).id))!;
    const at = new Date('2030-01-01T11:00:00Z');
    const results = await Promise.allSettled(
      Array.from({ length: PEOPLE_SEARCH_LIMIT + 20 }, (_, i) => searchPeople(t.db, racer, `r${i}`, at)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(PEOPLE_SEARCH_LIMIT);
  });
});
