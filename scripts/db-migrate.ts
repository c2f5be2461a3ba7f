// npm run db:migrate — applies drizzle/ to the database the app would use (DATABASE_URL, else PGlite under .data/).
import { getDbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';

const handle = await getDbHandle();
await runMigrations(handle);
await handle.close();
console.log(`Migrations applied (${handle.driver}).`);
