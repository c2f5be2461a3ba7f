import 'server-only';

export { defineJob, type JobContext, type JobDefinition, type JobHandler, type JobOptions, type QueuePolicy } from './define';
export { JobQueue, type EnqueueOptions, type JobQueueOptions } from './queue';
export {
  enqueue,
  getJobQueue,
  prepareJobs,
  schedule,
  setJobQueue,
  startInProcessWorkers,
  startWorkers,
  stopWorkers,
  unschedule,
  wakeWorkers,
  workersEnabled,
} from './runtime';
