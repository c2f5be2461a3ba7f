import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { outbox } from '@/db/schema';
import { createOrganization, setupTestDatabase } from '@/db/testing';
import { queueMail } from '@/lib/mail';
import { jobCatalog } from './catalog';
import { enqueue, getJobQueue, prepareJobs, setJobQueue, startInProcessWorkers, stopWorkers, workersEnabled } from './runtime';
import { waitFor } from './testing';

const t = setupTestDatabase();

afterAll(async () => {
  await stopWorkers({ timeoutMs: 2000 });
  setJobQueue(undefined);
});

describe('MAKERPORT_WORKERS', () => {
  it.each([
    [undefined, true],
    ['', true],
    ['on', true],
    ['ON', true],
    ['true', true],
    ['1', true],
    ['off', false],
    [' Off ', false],
    ['false', false],
    ['0', false],
  ])('%j → %j', (value, expected) => {
    expect(workersEnabled({ MAKERPORT_WORKERS: value })).toBe(expected);
  });

  it('refuses anything else', () => {
    expect(() => workersEnabled({ MAKERPORT_WORKERS: 'sometimes' })).toThrow('MAKERPORT_WORKERS must be "on" or "off"');
  });
});

describe('the catalogue', () => {
  it('names each job once', () => {
    const names = jobCatalog.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['mail.send', 'mail.purge-outbox']));
  });
});

describe('the process-wide queue', () => {
  it('is prepared once for the process database, runs no workers when they are off, and one set when on', async () => {
    const queue = await prepareJobs();
    expect(await getJobQueue()).toBe(queue);
    expect(queue.handle).toBe(t.handle);
    const organization = await createOrganization(t.db);

    const saved = { workers: process.env.MAKERPORT_WORKERS, smtp: process.env.SMTP_URL };
    delete process.env.SMTP_URL;
    try {
      process.env.MAKERPORT_WORKERS = 'off';
      await startInProcessWorkers();
      expect(queue.working).toBe(false);
      const { id } = await t.db.transaction((tx) =>
        queueMail(tx, { organizationId: organization.id, to: 'a@contoso.test', subject: 'Hi', text: 'Hello' }),
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await t.db.select().from(outbox).where(eq(outbox.id, id)))[0]!.status).toBe('queued');

      process.env.MAKERPORT_WORKERS = 'on';
      await startInProcessWorkers();
      await startInProcessWorkers();
      expect(queue.working).toBe(true);
      // The queued message is handled by the catalogue's mail job (no SMTP here: "not sent").
      await waitFor(async () => (await t.db.select().from(outbox).where(eq(outbox.id, id)))[0]!.status === 'not_sent', 10_000);
      await expect(enqueue(t.db, 'mail.send', { outboxId: 'not-a-uuid' })).rejects.toThrow('Invalid payload for job "mail.send": outboxId');
    } finally {
      process.env.MAKERPORT_WORKERS = saved.workers;
      if (saved.smtp === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = saved.smtp;
    }
  });
});
