// npm run bench:authz [-- --users N --connectors N --grants N --checks N]
// Measures the access decision (`assert`) and the filtered list (`listConnectors`, first page) on a
// synthetic organization, on PGlite in memory, or on PostgreSQL when BENCH_DATABASE_URL is set
// (the database is created from scratch: give an empty one). Prints p50/p95/p99 in milliseconds.
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, setDbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { assert, loadActor } from '@/lib/authz';
import { listConnectors } from '@/lib/connectors/queries';
import { recomputeClosure } from '@/lib/directory/membership';
import { rowsOf } from '@/lib/sql';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const USERS = arg('users', 5_000);
const GROUPS = arg('groups', 500);
const CONNECTORS = arg('connectors', 20_000);
const GRANTS = arg('grants', 200_000);
const CHECKS = arg('checks', 2_000);

const url = process.env.BENCH_DATABASE_URL;
const handle = url ? await openPostgres(url, { max: 4 }) : await openPglite();
setDbHandle(handle);
const db = handle.db;
await runMigrations(handle);

const t0 = performance.now();
const [org] = rowsOf<{ id: string }>(
  await db.execute(sql`insert into organizations (name, region) values ('Bench', 'westeurope') returning id`),
);
const [env] = rowsOf<{ id: string }>(
  await db.execute(
    sql`insert into environments (organization_id, name, region, is_default) values (${org!.id}, 'Bench env', 'westeurope', true) returning id`,
  ),
);
await db.execute(
  sql`insert into users (organization_id, email, name) select ${org!.id}, 'u' || i || '@bench.test', 'User ' || i from generate_series(1, ${USERS}) i`,
);
await db.execute(
  sql`insert into environment_roles (environment_id, user_id, organization_id, role) select ${env!.id}, id, ${org!.id}, 'environment_maker' from users where organization_id = ${org!.id}`,
);
await db.execute(sql`insert into groups (organization_id, name) select ${org!.id}, 'Group ' || i from generate_series(1, ${GROUPS}) i`);
// Each user in two groups; groups nest in chains of three (depth-3 closure).
await db.execute(sql`
  insert into group_members (organization_id, group_id, member_user_id)
  select distinct ${org!.id}::uuid, g.id, u.id
  from (select id, row_number() over (order by id) as n from users where organization_id = ${org!.id}) u
  join (select id, row_number() over (order by id) as n from groups where organization_id = ${org!.id}) g
    on g.n in (1 + (u.n * 7) % ${GROUPS}, 1 + (u.n * 13) % ${GROUPS})`);
await db.execute(sql`
  insert into group_members (organization_id, group_id, member_group_id)
  select ${org!.id}, a.id, b.id
  from (select id, row_number() over (order by id) as n from groups where organization_id = ${org!.id}) a
  join (select id, row_number() over (order by id) as n from groups where organization_id = ${org!.id}) b on b.n = a.n + 1
  where a.n % 3 <> 0`);
const userIds = rowsOf<{ id: string }>(await db.execute(sql`select id from users where organization_id = ${org!.id}`)).map((r) => r.id);
for (let i = 0; i < userIds.length; i += 1000) await recomputeClosure(db, org!.id, userIds.slice(i, i + 1000));
await db.execute(sql`
  insert into connectors (organization_id, environment_id, created_by, name, spec_format, document, hash)
  select ${org!.id}, ${env!.id}, (select id from users where organization_id = ${org!.id} limit 1), 'Connector ' || lpad(i::text, 6, '0'), 'openapi-3.0', '{}'::jsonb, md5(i::text)
  from generate_series(1, ${CONNECTORS}) i`);
// Random grants to users, groups and (rarely) Everyone; duplicates dropped.
await db.execute(sql`
  with c as (select id, row_number() over (order by id) as n from connectors where organization_id = ${org!.id}),
       u as (select id, row_number() over (order by id) as n from users where organization_id = ${org!.id}),
       g as (select id, row_number() over (order by id) as n from groups where organization_id = ${org!.id}),
       r as (select i, 1 + floor(random() * ${CONNECTORS})::int as cn, random() as kind, 1 + floor(random() * ${USERS})::int as un,
                    1 + floor(random() * ${GROUPS})::int as gn, (1 + floor(random() * 3)::int) * 10 as level
             from generate_series(1, ${GRANTS}) i)
  insert into grants (organization_id, resource_kind, resource_id, principal_kind, principal_id, level)
  select ${org!.id}, 'connector', c.id,
         (case when r.kind < 0.7 then 'user' when r.kind < 0.995 then 'group' else 'everyone' end)::principal_kind,
         case when r.kind < 0.7 then u.id when r.kind < 0.995 then g.id else ${org!.id}::uuid end,
         case when r.kind >= 0.995 then 10 else r.level end
  from r join c on c.n = r.cn join u on u.n = r.un join g on g.n = r.gn
  on conflict do nothing`);
await db.execute(sql`analyze`);
const counts = rowsOf<Record<string, number>>(
  await db.execute(
    sql`select (select count(*) from grants)::int as grants, (select count(*) from user_group_closure)::int as closure, (select count(*) from connectors)::int as connectors`,
  ),
)[0]!;
console.log(
  `driver ${handle.driver}: ${USERS} users, ${GROUPS} groups, ${counts.connectors} connectors, ${counts.grants} grants, ${counts.closure} closure rows (setup ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);

const connectorIds = rowsOf<{ id: string }>(await db.execute(sql`select id from connectors where organization_id = ${org!.id}`)).map(
  (r) => r.id,
);
const pickUser = () => userIds[Math.floor(Math.random() * userIds.length)]!;
const pickConnector = () => connectorIds[Math.floor(Math.random() * connectorIds.length)]!;
const percentiles = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(3);
  return `p50 ${at(50)} ms, p95 ${at(95)} ms, p99 ${at(99)} ms`;
};

const actors = await Promise.all(Array.from({ length: 200 }, async () => (await loadActor(db, pickUser()))!));
const decisions: number[] = [];
let allowed = 0;
for (let i = 0; i < CHECKS; i++) {
  const actor = actors[i % actors.length]!;
  const started = performance.now();
  const ok = await assert(actor, 'connector:edit', { kind: 'connector', id: pickConnector() }).then(
    () => true,
    () => false,
  );
  decisions.push(performance.now() - started);
  if (ok) allowed++;
}
console.log(`access decision (assert, ${CHECKS} checks, ${allowed} allowed): ${percentiles(decisions)}`);

const lists: number[] = [];
let rows = 0;
for (let i = 0; i < Math.min(CHECKS, 300); i++) {
  const actor = actors[i % actors.length]!;
  const started = performance.now();
  const page = await listConnectors(db, actor, { environmentId: env!.id });
  lists.push(performance.now() - started);
  rows += page.items.length;
}
console.log(
  `filtered list (first page of 25, ${lists.length} lists, ${(rows / lists.length).toFixed(1)} rows each): ${percentiles(lists)}`,
);

const identity: number[] = [];
for (let i = 0; i < Math.min(CHECKS, 500); i++) {
  const started = performance.now();
  await loadActor(db, pickUser());
  identity.push(performance.now() - started);
}
console.log(`identity (loadActor, once per request): ${percentiles(identity)}`);
await handle.close();
