import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '@/db/schema';
import { createEnvironment, createOrganization, createUser, setRole, setupTestDatabase } from '@/db/testing';
import { assert, loadActor, type Actor } from '@/lib/authz';
import { grantAccess } from '@/lib/sharing/grants';
import { readConnectorUpload } from './definition';
import { CONNECTORS_PAGE_SIZE, listConnectors, listOperations, OPERATIONS_PAGE_SIZE, type ListCursor } from './queries';
import { createConnector } from './service';

const t = setupTestDatabase();
const weather = readFileSync(path.join(process.cwd(), 'e2e/fixtures/files/weather.openapi.yaml'));

describe('the connectors list', () => {
  let me: Actor;
  let them: Actor;
  let envId: string;
  const mine: string[] = [];
  let theirsShared: string;

  beforeAll(async () => {
    const org = await createOrganization(t.db);
    envId = (await createEnvironment(t.db, org.id, { isDefault: true })).id;
    const a = await createUser(t.db, org.id, { name: 'Mia Mine' });
    const b = await createUser(t.db, org.id, { name: 'Theo Theirs' });
    for (const u of [a, b]) await setRole(t.db, org.id, envId, u.id, 'environment_maker');
    me = (await loadActor(t.db, a.id))!;
    them = (await loadActor(t.db, b.id))!;
    const definition = await readConnectorUpload({ files: [{ name: 'weather.yaml', data: weather }] });
    for (let i = 0; i < CONNECTORS_PAGE_SIZE + 5; i++) {
      const { id } = await t.db.transaction((tx) =>
        createConnector(tx, me, { environmentId: envId, definition: { ...definition, name: `Mine ${String(i).padStart(2, '0')}` } }),
      );
      mine.push(id);
      // Distinct modification times, oldest first; two (10 and 11) share a time so the id breaks the tie.
      await t.db
        .update(connectors)
        .set({ updatedAt: sql`timestamptz '2026-01-01T00:00:00Z' + ${`${i === 11 ? 10 : i} minutes`}::interval` })
        .where(eq(connectors.id, id));
    }
    theirsShared = (
      await t.db.transaction((tx) =>
        createConnector(tx, them, { environmentId: envId, definition: { ...definition, name: 'Theirs shared' } }),
      )
    ).id;
    await t.db.transaction((tx) =>
      createConnector(tx, them, { environmentId: envId, definition: { ...definition, name: 'Theirs private' } }),
    );
    await t.db.transaction(async (tx) => {
      const loaded = await assert(them, 'connector:share', { kind: 'connector', id: theirsShared }, tx);
      await grantAccess(tx, them, { kind: 'connector', ...loaded }, { principalKind: 'user', principalId: me.userId, level: 'can_view' });
    });
  });

  async function all(input: Omit<Parameters<typeof listConnectors>[2], 'environmentId' | 'after'>) {
    const seen: string[] = [];
    let after: ListCursor | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await listConnectors(t.db, me, { environmentId: envId, ...input, after });
      seen.push(...result.items.map((c) => c.name));
      if (!result.next) return seen;
      after = result.next;
    }
    throw new Error('pagination did not end');
  }

  it('sorts by last change, newest first, across pages without repeating or skipping a row', async () => {
    const names = await all({ sort: 'modified', filter: 'mine' });
    expect(names).toHaveLength(CONNECTORS_PAGE_SIZE + 5);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toBe('Mine 29');
    expect(names.at(-1)).toBe('Mine 00');
  });

  it('sorts by name across pages', async () => {
    const names = await all({ sort: 'name' });
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(names).toContain('Theirs shared');
    expect(names).not.toContain('Theirs private');
  });

  it('filters Mine and Shared with me', async () => {
    expect(await all({ filter: 'shared' })).toEqual(['Theirs shared']);
    const own = await all({ filter: 'mine' });
    expect(own).toHaveLength(CONNECTORS_PAGE_SIZE + 5);
    expect(own).not.toContain('Theirs shared');
    expect(await all({ filter: 'shared', search: 'mine' })).toEqual([]);
  });

  it('returns each row with the access the viewer has', async () => {
    const [shared] = (await listConnectors(t.db, me, { environmentId: envId, filter: 'shared' })).items;
    expect(shared!.access.level).toBe('can_view');
    expect(shared!.access.allowed['connector:edit']).toBe(false);
    const [own] = (await listConnectors(t.db, me, { environmentId: envId, filter: 'mine' })).items;
    expect(own!.access.allowed['connector:delete']).toBe(true);
  });
});

describe('operations of a large connector', () => {
  it('pages and filters thousands of operations inside the database', async () => {
    const org = await createOrganization(t.db);
    const envId = (await createEnvironment(t.db, org.id, { isDefault: true })).id;
    const user = await createUser(t.db, org.id);
    await setRole(t.db, org.id, envId, user.id, 'environment_maker');
    const actor = (await loadActor(t.db, user.id))!;
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 6000; i++) {
      paths[`/items/${i}`] = { get: { operationId: `GetItem${i}`, summary: `Get item ${i}`, responses: { '200': { description: 'ok' } } } };
    }
    const document = JSON.stringify({ swagger: '2.0', info: { title: 'Big', version: '1' }, host: 'big.test', paths });
    const definition = await readConnectorUpload({ files: [{ name: 'big.json', data: Buffer.from(document) }] });
    const { id } = await t.db.transaction((tx) => createConnector(tx, actor, { environmentId: envId, definition }));
    const connector = await assert(actor, 'connector:view', { kind: 'connector', id });

    const first = await listOperations(t.db, connector);
    expect(first.total).toBe(6000);
    expect(first.items).toHaveLength(OPERATIONS_PAGE_SIZE);
    expect(first.items[0]).toMatchObject({ operationId: 'GetItem0', method: 'GET', path: '/items/0' });
    const second = await listOperations(t.db, connector, { after: first.next! });
    expect(second.items[0]!.operationId).toBe(`GetItem${OPERATIONS_PAGE_SIZE}`);

    const filtered = await listOperations(t.db, connector, { filter: 'item 599' });
    expect(filtered.matched).toBe(11); // 599 and 5990–5999
    expect(filtered.items.map((o) => o.operationId)).toContain('GetItem5995');
    const none = await listOperations(t.db, connector, { filter: 'nothing like this' });
    expect(none).toMatchObject({ items: [], matched: 0, total: 6000, next: null });
  });
});
