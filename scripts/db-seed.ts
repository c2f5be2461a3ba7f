// npm run db:seed — migrates, then seeds the demo organization (idempotent: adds only what is missing).
import { getDbHandle } from '@/db/client';
import { demoUsers, DEMO_PASSWORD } from '@/db/demo';
import { migrateDatabase } from '@/db/roles';
import { seedDemo } from '@/db/seed';

const handle = await getDbHandle();
await migrateDatabase(handle);
await seedDemo(handle.db);
await handle.close();
console.log(`Demo organization seeded (${handle.driver}). Logins, password "${DEMO_PASSWORD}":`);
for (const user of Object.values(demoUsers)) console.log(`  ${user.email.padEnd(22)} ${user.description}`);
