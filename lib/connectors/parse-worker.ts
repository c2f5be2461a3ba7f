import { parentPort } from 'node:worker_threads';
import { AppError } from '@/lib/errors';
import { editDefinition, readConnectorUpload, type ConnectorDefinition } from './definition';

/*
 * One parse at a time, on a worker thread of the parse pool: reading an upload (or an edited
 * document) is the one step whose cost depends on what a stranger sends, so it never runs on the
 * event loop that answers requests.
 */

export type ParseJob =
  | { kind: 'upload'; input: Parameters<typeof readConnectorUpload>[0] }
  | { kind: 'edit'; current: ConnectorDefinition; edit: Parameters<typeof editDefinition>[1] };

export type ParseReply =
  | { ok: true; definition: ConnectorDefinition }
  | { ok: false; error: { code: AppError['code']; message: string; detail?: string } | { code: 'INTERNAL'; message: string } };

/** Buffers cross threads as plain Uint8Arrays; the services expect Buffers. */
function revive(job: ParseJob): ParseJob {
  if (job.kind === 'upload') {
    return { ...job, input: { ...job.input, files: job.input.files.map((f) => ({ ...f, data: Buffer.from(f.data) })) } };
  }
  return {
    ...job,
    current: { ...job.current, icon: job.current.icon ? Buffer.from(job.current.icon) : null },
    edit: { ...job.edit, icon: job.edit.icon ? Buffer.from(job.edit.icon) : undefined },
  };
}

parentPort!.on('message', async (raw: ParseJob) => {
  let reply: ParseReply;
  try {
    const job = revive(raw);
    const definition = job.kind === 'upload' ? await readConnectorUpload(job.input) : await editDefinition(job.current, job.edit);
    reply = { ok: true, definition };
  } catch (error) {
    reply =
      error instanceof AppError
        ? { ok: false, error: { code: error.code, message: error.message, detail: error.detail } }
        : { ok: false, error: { code: 'INTERNAL', message: (error as Error)?.message ?? String(error) } };
  }
  parentPort!.postMessage(reply);
});
