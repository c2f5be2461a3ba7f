// npm run worker [-- --queue mail.send …] — runs job workers alone, without the web server: every
// job of lib/jobs/catalog.ts, or the named queues. Start as many as you like against one
// PostgreSQL (DATABASE_URL); each job runs once. Web processes then may use MAKERPORT_WORKERS=off.
// On PGlite, `npm run dev` already runs the workers and holds the folder: use this only without it.
// SIGTERM/SIGINT stop taking jobs and give running ones 30 s to finish; a second signal exits at once.
import { getDbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { prepareJobs, startWorkers, stopWorkers } from '@/lib/jobs';
import { log } from '@/lib/log';

const queues = process.argv.flatMap((arg, i, all) => (arg === '--queue' && all[i + 1] ? [all[i + 1]!] : []));

const handle = await getDbHandle();
await runMigrations(handle);
await prepareJobs();
await startWorkers(queues.length ? { queues } : {});

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) process.exit(1);
  stopping = true;
  log.info({ signal }, 'stopping job workers');
  try {
    await stopWorkers({ timeoutMs: 30_000 });
    await handle.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', (signal) => void shutdown(signal));
process.on('SIGINT', (signal) => void shutdown(signal));
