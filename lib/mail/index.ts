import 'server-only';

export { mailConfig, type MailConfig } from './config';
export { CLAIM_LEASE_SECONDS, deliverMail, MailBusyError, NOT_CONFIGURED, type DeliveryOutcome } from './deliver';
export { OUTBOX_RETENTION_DAYS, purgeOutboxJob, sendMailJob } from './jobs';
export { queueMail, QueueMailSchema, type QueueMailInput } from './outbox';
