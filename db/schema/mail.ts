import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from '../columns';
import { organizations } from './organizations';

/**
 * queued → sending → sent; a refused attempt goes back to `retrying` until the send job's
 * retries run out (`failed`); `not_sent` when SMTP isn't configured (nothing to retry).
 */
export const outboxStatus = pgEnum('outbox_status', ['queued', 'sending', 'retrying', 'sent', 'failed', 'not_sent']);
export type OutboxStatus = (typeof outboxStatus.enumValues)[number];

/**
 * Emails waiting to go out (lib/mail). A row is written on the same transaction as the event
 * that causes it, together with its send job, so a rolled-back event sends nothing and a
 * committed one is never forgotten.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    toAddress: text().notNull(),
    subject: text().notNull(),
    textBody: text().notNull(),
    htmlBody: text(),
    status: outboxStatus().notNull().default('queued'),
    /** SMTP attempts made (claims), including one that may have been cut short by a crash. */
    attempts: integer().notNull().default(0),
    /** Why the last attempt didn't deliver: the SMTP reply or "not sent: SMTP not configured". */
    lastError: text(),
    /**
     * The caller's name for the event (e.g. `flow-copy:<template id>:<user id>`): queueing the
     * same key twice in one organization keeps one message.
     */
    dedupeKey: text(),
    /** The Message-ID header, fixed at the first claim so a resend after a crash carries the same one. */
    messageId: text(),
    /** When the current `sending` claim was taken: a claim older than the lease is presumed dead. */
    claimedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    sentAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('outbox_org_dedupe_key_idx')
      .on(t.organizationId, t.dedupeKey)
      .where(sql`${t.dedupeKey} is not null`),
    // The purge job deletes finished rows by age.
    index('outbox_created_idx').on(t.createdAt),
  ],
);

export type OutboxMessage = typeof outbox.$inferSelect;
