// npm run db:migrate — applies drizzle/ to the database the app would use (DATABASE_URL, else PGlite under .data/),
// as DATABASE_OWNER_URL's role when set, then grants DATABASE_URL's role its privileges (SECURITY.md).
import { getDbHandle } from '@/db/client';
import { migrateDatabase } from '@/db/roles';

const handle = await getDbHandle();
await migrateDatabase(handle);
await handle.close();
console.log(`Migrations applied (${handle.driver}).`);
