import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/db/client';
import { outbox } from '@/db/schema';
import { enqueue } from '@/lib/jobs';
import { sendMailJob } from './jobs';

/** One header line: a CR or LF would let a value write headers of its own. */
const headerSafe = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !/[\r\n]/.test(v), 'must be one line');

export const QueueMailSchema = z.object({
  organizationId: z.uuid(),
  to: z
    .email()
    .max(320)
    .refine((v) => !/[\r\n]/.test(v), 'must be one line'),
  subject: headerSafe(500),
  text: z.string().min(1).max(1_000_000),
  html: z.string().max(2_000_000).optional(),
  /** Names the event: queueing the same key twice in one organization keeps one message. */
  dedupeKey: z.string().min(1).max(300).optional(),
});
export type QueueMailInput = z.input<typeof QueueMailSchema>;

/**
 * Queues an email on the caller's transaction: the outbox row and its send job commit or roll
 * back with the event that causes them. Call it with the event's transaction, never `db`.
 * Returns the outbox id, and `queued: false` when the dedupe key already had a message. Throws a
 * ZodError on a malformed address or a multi-line subject.
 */
export async function queueMail(tx: Queryable, input: QueueMailInput): Promise<{ id: string; queued: boolean }> {
  const mail = QueueMailSchema.parse(input);
  const [row] = await tx
    .insert(outbox)
    .values({
      organizationId: mail.organizationId,
      toAddress: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html ?? null,
      dedupeKey: mail.dedupeKey ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  if (!row) {
    // Only the dedupe key can conflict (ids are fresh): the event already has its message.
    const [existing] = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.organizationId, mail.organizationId), eq(outbox.dedupeKey, mail.dedupeKey!)));
    return { id: existing!.id, queued: false };
  }
  await enqueue(tx, sendMailJob, { outboxId: row.id });
  return { id: row.id, queued: true };
}
