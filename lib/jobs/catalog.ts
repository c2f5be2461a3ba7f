import type { JobDefinition } from './define';
import { purgeOutboxJob, sendMailJob } from '@/lib/mail/jobs';

/**
 * Every background job of the app. A job listed here gets its queue (and its declared schedule)
 * when the database starts, and workers in every process that runs them. Add yours with one line.
 */
export const jobCatalog: readonly JobDefinition[] = [sendMailJob, purgeOutboxJob];
