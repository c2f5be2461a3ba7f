// npm run keys:rotate — re-wraps every data key under MAKERPORT_ENCRYPTION_KEY, unwrapping with the
// keys in MAKERPORT_ENCRYPTION_KEY_PREVIOUS. With no downtime (PostgreSQL, several instances):
//   1. (several instances) give every instance the new key as an extra unwrap key first:
//      MAKERPORT_ENCRYPTION_KEY=<old>, MAKERPORT_ENCRYPTION_KEY_PREVIOUS=<new>
//   2. deploy MAKERPORT_ENCRYPTION_KEY=<new>, MAKERPORT_ENCRYPTION_KEY_PREVIOUS=<old>
//   3. run this with the same two variables
//   4. remove MAKERPORT_ENCRYPTION_KEY_PREVIOUS (and destroy the old key)
// Every value stays readable at each step. Safe to re-run; exits 1 if a data key's master key is missing.
// On PGlite, stop the dev server first: one process per data folder.
import { getDbHandle } from '@/db/client';
import { checkEncryptionKey, keyRingFromEnv, rotateDataKeys } from '@/lib/secrets';

const ids = checkEncryptionKey();
const handle = await getDbHandle();
try {
  const started = Date.now();
  const report = await rotateDataKeys(handle.db, keyRingFromEnv());
  console.log(`Current master key ${ids.current}; previous: ${ids.previous.join(', ') || 'none'} (${handle.driver}).`);
  console.log(`Re-wrapped ${report.rewrapped} data key(s); ${report.alreadyCurrent} already current; ${Date.now() - started} ms.`);
  if (report.missing.length) {
    const byKey = new Map<string, number>();
    for (const m of report.missing) byKey.set(m.masterKeyId, (byKey.get(m.masterKeyId) ?? 0) + 1);
    for (const [masterKeyId, n] of byKey) {
      console.error(
        `${n} data key(s) are wrapped by master key ${masterKeyId}, which is in neither variable: add it to MAKERPORT_ENCRYPTION_KEY_PREVIOUS and run again.`,
      );
    }
    process.exitCode = 1;
  } else {
    console.log('Every data key is wrapped by the current master key: MAKERPORT_ENCRYPTION_KEY_PREVIOUS can be removed.');
  }
} finally {
  await handle.close();
}
