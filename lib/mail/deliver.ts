import 'server-only';
import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '@/db/client';
import { outbox, type OutboxMessage } from '@/db/schema';
import type { Logger } from '@/lib/log';
import { mailConfig, type MailConfig } from './config';

/**
 * How long a `sending` claim holds. Longer than the worst SMTP exchange (the timeouts below) and
 * than the send job's timeout, so a slow but live attempt is never claimed twice; a claim older
 * than this belongs to a worker that died, and the message is sent again.
 */
export const CLAIM_LEASE_SECONDS = 300;

export const NOT_CONFIGURED = 'not sent: SMTP not configured';

export type DeliveryOutcome = 'sent' | 'not_sent' | 'failed' | 'already_done';

/** Another worker holds a live claim on the message: the job retries later and finds it sent. */
export class MailBusyError extends Error {
  constructor() {
    super('Another worker is sending this message.');
    this.name = 'MailBusyError';
  }
}

const transports = new Map<string, Transporter>();

function transportFor(config: MailConfig): Transporter {
  let transport = transports.get(config.smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(config.smtpUrl, {
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
    transports.set(config.smtpUrl, transport);
  }
  return transport;
}

/**
 * Sends one outbox message, at most once where it can tell: the row is claimed atomically
 * (`queued`/`retrying` → `sending`), so two jobs for one message never both send; it is marked
 * `sent` right after the SMTP server accepts it. The one window left: a crash between the
 * server's acceptance and that mark. The claim then expires after CLAIM_LEASE_SECONDS and the
 * message is sent again, with the same Message-ID, which receiving systems use to drop duplicates.
 * Throws on a transient SMTP failure so the job is retried with backoff; a permanent refusal
 * (5xx) or the last attempt marks the row `failed`.
 */
export async function deliverMail(db: Db, outboxId: string, context: { isLastAttempt: boolean; log: Logger }): Promise<DeliveryOutcome> {
  const log = context.log.child({ outboxId });
  const config = mailConfig();
  if (!config) {
    await db
      .update(outbox)
      .set({ status: 'not_sent', lastError: NOT_CONFIGURED })
      .where(and(eq(outbox.id, outboxId), inArray(outbox.status, ['queued', 'retrying'])));
    log.info('mail not sent: SMTP not configured');
    return 'not_sent';
  }

  const message = await claim(db, outboxId, `<${outboxId}@${config.fromDomain}>`);
  if (!message) {
    const [row] = await db.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, outboxId));
    if (row?.status === 'sending') throw new MailBusyError();
    log.info({ status: row?.status ?? 'deleted' }, 'mail already handled');
    return 'already_done';
  }

  try {
    await transportFor(config).sendMail({
      from: config.from,
      to: message.toAddress,
      subject: message.subject,
      text: message.textBody,
      html: message.htmlBody ?? undefined,
      messageId: message.messageId!,
      // RFC 3834: a notification, so auto-responders don't answer it.
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  } catch (error) {
    const smtp = error as { responseCode?: number; response?: string; message?: string };
    const permanent = typeof smtp.responseCode === 'number' && smtp.responseCode >= 500;
    const final = permanent || context.isLastAttempt;
    const reason = (smtp.response || smtp.message || 'SMTP error').slice(0, 500);
    await db
      .update(outbox)
      .set({ status: final ? 'failed' : 'retrying', lastError: reason, claimedAt: null })
      .where(and(eq(outbox.id, outboxId), eq(outbox.status, 'sending')));
    log.warn({ responseCode: smtp.responseCode, attempt: message.attempts, final }, 'mail not accepted');
    if (permanent) return 'failed';
    throw error;
  }

  // Accepted: from here a failure to record it would mean sending it again, so insist a little.
  for (let tries = 1; ; tries++) {
    try {
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: new Date(), lastError: null, claimedAt: null })
        .where(and(eq(outbox.id, outboxId), eq(outbox.status, 'sending')));
      break;
    } catch (error) {
      if (tries === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * tries));
    }
  }
  log.info({ messageId: message.messageId, attempt: message.attempts }, 'mail sent');
  return 'sent';
}

/** `queued`/`retrying` (or a dead worker's `sending`) → `sending`, in one statement: only one claimant wins. */
async function claim(db: Db, outboxId: string, messageId: string): Promise<OutboxMessage | undefined> {
  const [row] = await db
    .update(outbox)
    .set({
      status: 'sending',
      attempts: sql`${outbox.attempts} + 1`,
      claimedAt: sql`now()`,
      messageId: sql`coalesce(${outbox.messageId}, ${messageId})`,
    })
    .where(
      and(
        eq(outbox.id, outboxId),
        or(
          inArray(outbox.status, ['queued', 'retrying']),
          and(eq(outbox.status, 'sending'), lt(outbox.claimedAt, sql`now() - make_interval(secs => ${CLAIM_LEASE_SECONDS})`)),
        ),
      ),
    )
    .returning();
  return row;
}
