import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '@/db/schema';
import { createOrganization, setupTestDatabase } from '@/db/testing';
import { JobQueue, setJobQueue } from '@/lib/jobs';
import { jobRows, waitFor } from '@/lib/jobs/testing';
import { rowsOf } from '@/lib/sql';
import { mailConfig } from './config';
import { CLAIM_LEASE_SECONDS, deliverMail, MailBusyError, NOT_CONFIGURED } from './deliver';
import { purgeOutboxJob, sendMailJob } from './jobs';
import { queueMail } from './outbox';

const t = setupTestDatabase();

/** A real SMTP server on a free port; `refuse` answers MAIL FROM with an error this many times. */
interface Received {
  raw: string;
  mailFrom: string;
  rcptTo: string[];
  user: unknown;
}
const smtp = {
  received: [] as Received[],
  mailFromAttempts: 0,
  refuse: 0,
  refuseWith: { code: 451, text: '4.3.0 Try again later' },
};
const server = new SMTPServer({
  authOptional: true,
  allowInsecureAuth: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onAuth(auth, _session, callback) {
    callback(null, { user: auth.username });
  },
  onMailFrom(_address, _session, callback) {
    smtp.mailFromAttempts++;
    if (smtp.refuse > 0) {
      smtp.refuse--;
      callback(Object.assign(new Error(smtp.refuseWith.text), { responseCode: smtp.refuseWith.code }));
      return;
    }
    callback();
  },
  onData(stream, session: SMTPServerSession, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      smtp.received.push({
        raw: Buffer.concat(chunks).toString('utf8'),
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
        user: session.user,
      });
      callback();
    });
  },
});

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) back to text. */
function decodeWords(value: string): string {
  const q = (text: string) =>
    text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_all, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(q(text), 'latin1').toString('utf8'),
    );
}

/** Header name (lower case) → unfolded, decoded value, and the body, of a raw message. */
function parse(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body: raw.slice(split + 4) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const outboxRow = async (id: string) => (await t.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;
const silent = pino({ level: 'silent' });

let queue: JobQueue;
let organizationId: string;
let smtpUrl: string;
const env = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://mailer:s3cret-pass@127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  queue = new JobQueue(t.handle, {
    jobs: [sendMailJob, purgeOutboxJob],
    // Retries a second apart instead of 30 s, 1 min, …
    overrides: { 'mail.send': { backoff: { delaySeconds: 1, exponential: false }, pollingIntervalSeconds: 0.5 } },
  });
  await queue.start();
  setJobQueue(queue);
  await queue.startWorkers({ queues: ['mail.send'] });
  organizationId = (await createOrganization(t.db)).id;
});

afterAll(async () => {
  await queue?.stopWorkers({ timeoutMs: 2000 });
  setJobQueue(undefined);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  process.env.SMTP_URL = env.SMTP_URL;
  process.env.MAIL_FROM = env.MAIL_FROM;
});

beforeEach(() => {
  process.env.SMTP_URL = smtpUrl;
  process.env.MAIL_FROM = 'Makerport <noreply@makerport.test>';
  smtp.received = [];
  smtp.mailFromAttempts = 0;
  smtp.refuse = 0;
  smtp.refuseWith = { code: 451, text: '4.3.0 Try again later' };
});

const mail = (overrides: Partial<Parameters<typeof queueMail>[1]> = {}) => ({
  organizationId,
  to: 'lynne@contoso.test',
  subject: 'Megan sent you a copy of "Expense report"',
  text: 'Open Makerport to create your flow.',
  html: '<p>Open <b>Makerport</b> to create your flow.</p>',
  ...overrides,
});

describe('sending from the outbox', () => {
  it('delivers a message queued with its event once, with the right headers, and marks it sent', async () => {
    const { id, queued } = await t.db.transaction((tx) => queueMail(tx, mail()));
    expect(queued).toBe(true);
    await waitFor(() => smtp.received.length === 1, 10_000, 'the message');
    await waitFor(async () => (await outboxRow(id)).status === 'sent', 5000);
    await sleep(1000);
    expect(smtp.received).toHaveLength(1);

    const [message] = smtp.received;
    expect(message!.mailFrom).toBe('noreply@makerport.test');
    expect(message!.rcptTo).toEqual(['lynne@contoso.test']);
    expect(message!.user).toBe('mailer');
    const { headers, body } = parse(message!.raw);
    expect(headers.get('from')).toBe('Makerport <noreply@makerport.test>');
    expect(headers.get('to')).toBe('lynne@contoso.test');
    expect(headers.get('subject')).toBe('Megan sent you a copy of "Expense report"');
    expect(headers.get('message-id')).toBe(`<${id}@makerport.test>`);
    expect(headers.get('auto-submitted')).toBe('auto-generated');
    expect(headers.get('content-type')).toMatch(/^multipart\/alternative; boundary=/);
    expect(body).toContain('Open Makerport to create your flow.');
    expect(body).toContain('<p>Open <b>Makerport</b> to create your flow.</p>');

    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null, messageId: `<${id}@makerport.test>`, claimedAt: null });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('retries while the server refuses, with backoff, and delivers once', async () => {
    smtp.refuse = 2;
    const started = Date.now();
    const { id } = await t.db.transaction((tx) => queueMail(tx, mail({ subject: 'Retried' })));
    await waitFor(async () => (await outboxRow(id)).status === 'sent', 15_000, 'delivery after two refusals');
    // Two backoffs of at least a second each (the test's setting; 30 s, 1 min, … in production).
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    await sleep(1000);
    expect(smtp.mailFromAttempts).toBe(3);
    expect(smtp.received).toHaveLength(1);
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    const [job] = (await jobRows(t.db, 'mail.send')).filter((j) => (j.data as { outboxId: string }).outboxId === id);
    expect(job).toMatchObject({ state: 'completed', retryCount: 2 });
  });

  it('records a refusal it is waiting to retry, and fails a permanently refused message without retrying', async () => {
    smtp.refuse = 1;
    const { id: retried } = await t.db.transaction((tx) => queueMail(tx, mail({ subject: 'Later' })));
    await waitFor(async () => (await outboxRow(retried)).status === 'retrying', 5000, 'the first refusal');
    expect((await outboxRow(retried)).lastError).toContain('451 4.3.0 Try again later');
    await waitFor(async () => (await outboxRow(retried)).status === 'sent', 10_000);

    smtp.refuse = 1;
    smtp.refuseWith = { code: 550, text: '5.1.1 No such user' };
    smtp.mailFromAttempts = 0;
    const { id } = await t.db.transaction((tx) => queueMail(tx, mail({ to: 'nobody@contoso.test' })));
    await waitFor(async () => (await outboxRow(id)).status === 'failed', 5000, 'the permanent failure');
    await sleep(2000);
    expect(smtp.mailFromAttempts).toBe(1);
    expect(await outboxRow(id)).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
    expect((await outboxRow(id)).lastError).toContain('550 5.1.1 No such user');
  });

  it('sends nothing when the event’s transaction rolls back', async () => {
    const rollback = new Error('the event failed');
    let id = '';
    await expect(
      t.db.transaction(async (tx) => {
        id = (await queueMail(tx, mail({ subject: 'Never' }))).id;
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    await sleep(1500);
    expect(smtp.mailFromAttempts).toBe(0);
    expect(await t.db.select().from(outbox).where(eq(outbox.id, id))).toEqual([]);
    expect((await jobRows(t.db, 'mail.send')).filter((j) => (j.data as { outboxId: string }).outboxId === id)).toEqual([]);
  });

  it('keeps one message per dedupe key, and sends it once even when a second job asks for it', async () => {
    const first = await t.db.transaction((tx) => queueMail(tx, mail({ dedupeKey: 'flow-copy:1:lynne' })));
    const second = await t.db.transaction((tx) => queueMail(tx, mail({ dedupeKey: 'flow-copy:1:lynne', subject: 'Other' })));
    expect(second).toEqual({ id: first.id, queued: false });
    // Another organization may use the same key.
    const other = await createOrganization(t.db);
    const elsewhere = await t.db.transaction((tx) => queueMail(tx, mail({ organizationId: other.id, dedupeKey: 'flow-copy:1:lynne' })));
    expect(elsewhere.queued).toBe(true);
    // A duplicate send job for the first message, as a retried event might enqueue.
    await queue.enqueue(t.db, sendMailJob, { outboxId: first.id });

    await waitFor(async () => (await outboxRow(first.id)).status === 'sent' && (await outboxRow(elsewhere.id)).status === 'sent', 10_000);
    const jobs = (await jobRows(t.db, 'mail.send')).filter((j) => (j.data as { outboxId: string }).outboxId === first.id);
    await waitFor(async () => {
      const states = (await jobRows(t.db, 'mail.send')).filter((j) => (j.data as { outboxId: string }).outboxId === first.id);
      return states.every((j) => j.state === 'completed');
    }, 5000);
    expect(jobs).toHaveLength(2);
    expect(smtp.received.filter((m) => parse(m.raw).headers.get('message-id') === `<${first.id}@makerport.test>`)).toHaveLength(1);
    expect(smtp.received).toHaveLength(2);
    expect((await outboxRow(first.id)).attempts).toBe(1);
  });

  it('without SMTP configured sends nothing, fails nothing, and says so on the row', async () => {
    delete process.env.SMTP_URL;
    const { id } = await t.db.transaction((tx) => queueMail(tx, mail({ subject: 'No SMTP' })));
    await waitFor(async () => (await outboxRow(id)).status === 'not_sent', 5000);
    expect(await outboxRow(id)).toMatchObject({ status: 'not_sent', lastError: NOT_CONFIGURED, attempts: 0, sentAt: null });
    expect(NOT_CONFIGURED).toBe('not sent: SMTP not configured');
    const [job] = (await jobRows(t.db, 'mail.send')).filter((j) => (j.data as { outboxId: string }).outboxId === id);
    await waitFor(async () => (await jobRows(t.db, 'mail.send')).find((j) => j.id === job!.id)?.state === 'completed', 5000);
    expect(smtp.mailFromAttempts).toBe(0);
  });
});

describe('the claim', () => {
  /** A row as a worker left it: claimed `secondsAgo` seconds ago and never marked. */
  async function stuckRow(secondsAgo: number) {
    const id = (await t.db.transaction((tx) => queueMail(tx, mail({ subject: 'Stuck' })))).id;
    // Let its job run first, then rewind the row to a claim in progress.
    await waitFor(async () => (await outboxRow(id)).status === 'sent', 10_000);
    await t.db
      .update(outbox)
      .set({ status: 'sending', sentAt: null, claimedAt: sql`now() - make_interval(secs => ${secondsAgo})` })
      .where(eq(outbox.id, id));
    smtp.received = [];
    smtp.mailFromAttempts = 0;
    return id;
  }

  it('leaves a message another worker is sending alone (the job retries and then finds it sent)', async () => {
    const id = await stuckRow(5);
    await expect(deliverMail(t.db, id, { isLastAttempt: false, log: silent })).rejects.toBeInstanceOf(MailBusyError);
    expect(smtp.mailFromAttempts).toBe(0);
    await t.db.update(outbox).set({ status: 'sent' }).where(eq(outbox.id, id));
    expect(await deliverMail(t.db, id, { isLastAttempt: false, log: silent })).toBe('already_done');
    expect(smtp.mailFromAttempts).toBe(0);
  });

  it('sends again, with the same Message-ID, a message whose claim outlived the lease (a worker died after sending)', async () => {
    const id = await stuckRow(CLAIM_LEASE_SECONDS + 5);
    expect(await deliverMail(t.db, id, { isLastAttempt: false, log: silent })).toBe('sent');
    expect(smtp.received).toHaveLength(1);
    expect(parse(smtp.received[0]!.raw).headers.get('message-id')).toBe(`<${id}@makerport.test>`);
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('logs ids, never the recipient, subject, body or SMTP password', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const secretSubject = 'Reset code 918273';
    // Rows without a send job, so only this test's calls deliver them.
    const [sent, refused] = await t.db
      .insert(outbox)
      .values(
        [1, 2].map(() => ({ organizationId, toAddress: 'private.person@contoso.test', subject: secretSubject, textBody: 'body-918273' })),
      )
      .returning({ id: outbox.id });
    expect(await deliverMail(t.db, sent!.id, { isLastAttempt: false, log })).toBe('sent');
    smtp.refuse = 1;
    await expect(deliverMail(t.db, refused!.id, { isLastAttempt: false, log })).rejects.toThrow();
    expect(smtp.received).toHaveLength(1);
    const output = lines.join('');
    expect(output).toContain(sent!.id);
    expect(output).toContain(refused!.id);
    expect(output).not.toContain('private.person');
    expect(output).not.toContain('918273');
    expect(output).not.toContain('s3cret-pass');
  });
});

describe('queueMail input', () => {
  it('refuses a multi-line subject, a bad address and an empty body, on the caller’s transaction', async () => {
    await expect(queueMail(t.db, mail({ subject: 'Hi\r\nBcc: victim@example.com' }))).rejects.toThrow('must be one line');
    await expect(queueMail(t.db, mail({ to: 'not an address' }))).rejects.toThrow();
    await expect(queueMail(t.db, mail({ text: '' }))).rejects.toThrow();
  });
});

describe('mail settings', () => {
  it('reads SMTP_URL and MAIL_FROM', () => {
    expect(mailConfig({})).toBeNull();
    expect(mailConfig({ SMTP_URL: ' ' })).toBeNull();
    expect(mailConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465', MAIL_FROM: 'Portal <portal@example.com>' })).toEqual({
      smtpUrl: 'smtps://u:p@mail.example.com:465',
      from: 'Portal <portal@example.com>',
      fromDomain: 'example.com',
    });
    expect(mailConfig({ SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: 'bare@example.org' })?.fromDomain).toBe('example.org');
    expect(mailConfig({ SMTP_URL: 'smtp://mail.example.com' })?.from).toBe('Makerport <noreply@localhost>');
    expect(() => mailConfig({ SMTP_URL: 'http://mail.example.com' })).toThrow('smtp://');
    expect(() => mailConfig({ SMTP_URL: 'mail.example.com' })).toThrow('not a URL');
    expect(() => mailConfig({ SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: 'Makerport' })).toThrow('MAIL_FROM');
  });
});

describe('the outbox purge', () => {
  it('deletes finished messages past the retention, keeps recent and unsent ones, and runs nightly', async () => {
    const other = await createOrganization(t.db);
    const old = sql`now() - interval '40 days'`;
    const rows = await t.db
      .insert(outbox)
      .values([
        { organizationId: other.id, toAddress: 'a@x.test', subject: 'old sent', textBody: '-', status: 'sent', createdAt: old },
        { organizationId: other.id, toAddress: 'a@x.test', subject: 'old not sent', textBody: '-', status: 'not_sent', createdAt: old },
        { organizationId: other.id, toAddress: 'a@x.test', subject: 'old queued', textBody: '-', status: 'retrying', createdAt: old },
        { organizationId: other.id, toAddress: 'a@x.test', subject: 'recent sent', textBody: '-', status: 'sent' },
      ])
      .returning({ subject: outbox.subject });
    expect(rows).toHaveLength(4);
    const result = await purgeOutboxJob.handler(
      {},
      { jobId: 'test', attempt: 1, isLastAttempt: false, log: silent, signal: new AbortController().signal },
    );
    expect(result).toEqual({ deleted: 2 });
    const left = await t.db.select({ subject: outbox.subject }).from(outbox).where(eq(outbox.organizationId, other.id));
    expect(left.map((r) => r.subject).sort()).toEqual(['old queued', 'recent sent']);
    const scheduled = rowsOf(await t.db.execute(sql`select cron, timezone from pgboss.schedule where name = 'mail.purge-outbox'`));
    expect(scheduled).toEqual([{ cron: '23 3 * * *', timezone: 'UTC' }]);
  });
});
