import 'server-only';
import { and, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDbHandle } from '@/db/client';
import { outbox } from '@/db/schema';
import { defineJob } from '@/lib/jobs';
import { deliverMail } from './deliver';

/** Sends one outbox row (lib/mail/deliver.ts); queued by `queueMail` on the event's transaction. */
export const sendMailJob = defineJob(
  'mail.send',
  z.object({ outboxId: z.uuid() }),
  async ({ outboxId }, { isLastAttempt, log }) => {
    const { db } = await getDbHandle();
    return { outcome: await deliverMail(db, outboxId, { isLastAttempt, log }) };
  },
  {
    // 30 s, 1 min, 2 min, … doubling with jitter: about four hours of an SMTP outage before `failed`.
    retries: 8,
    backoff: { delaySeconds: 30, exponential: true },
    // Under the claim lease (deliver.ts), above the SMTP timeouts.
    timeoutSeconds: 180,
    concurrency: 2,
  },
);

/** Finished outbox rows (and their bodies) are kept this long, then deleted by the purge job. */
export const OUTBOX_RETENTION_DAYS = 30;

/** Deletes finished outbox rows older than OUTBOX_RETENTION_DAYS, in batches, every night. */
export const purgeOutboxJob = defineJob(
  'mail.purge-outbox',
  z.object({}),
  async (_payload, { log, signal }) => {
    const { db } = await getDbHandle();
    let deleted = 0;
    for (;;) {
      signal.throwIfAborted();
      // Batches keep each statement short: on PGlite the app waits for it.
      const batch = await db
        .delete(outbox)
        .where(
          inArray(
            outbox.id,
            db
              .select({ id: outbox.id })
              .from(outbox)
              .where(
                and(
                  inArray(outbox.status, ['sent', 'failed', 'not_sent']),
                  lt(outbox.createdAt, sql`now() - make_interval(days => ${OUTBOX_RETENTION_DAYS})`),
                ),
              )
              .limit(1000),
          ),
        )
        .returning({ id: outbox.id });
      deleted += batch.length;
      if (batch.length < 1000) break;
    }
    log.info({ deleted }, 'outbox purged');
    return { deleted };
  },
  { retries: 2, policy: 'singleton', timeoutSeconds: 900, schedule: { cron: '23 3 * * *', payload: {} } },
);
