// POST /api/environments/:environmentId/connectors — a new connector from uploaded files (OpenAPI
// or a Power Platform package) or pasted text, as a multipart form. Uploads come here, not through
// a server action: actions keep a small body limit, this handler streams with its own.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { db } from '@/db/client';
import { assertEnvironment, assertEnvironmentNow } from '@/lib/authz';
import { uploadLimits } from '@/lib/connectors/files';
import { readConnectorUploadOffThread } from '@/lib/connectors/parse-pool';
import { createConnector } from '@/lib/connectors/service';
import { AppError } from '@/lib/errors';
import { formDataToObject } from '@/lib/action';
import { invalidFromZod, parseId, readFormLimited, withActorResult } from '@/lib/http';

/** The files' limit plus room for the form's own fields and multipart framing. */
const BODY_LIMIT = uploadLimits.totalBytes + 1024 * 1024;

const file = z.instanceof(File);
const schema = z.object({
  name: z.string().max(200).optional().default(''),
  pasted: z
    .string()
    .max(10 * 1024 * 1024, 'The pasted document is longer than 10 MB.')
    .optional()
    .default(''),
  files: z.union([file, z.array(file)]).optional(),
});

export const POST = withActorResult<{ environmentId: string }, { id: string; warnings: number }>(async (actor, request, params) => {
  const environmentId = parseId(params.environmentId);
  // Refuse before reading the body: someone who may not create here never gets to upload.
  const env = assertEnvironment(actor, 'environment:create', environmentId);
  const parsed = schema.safeParse(formDataToObject(await readFormLimited(request, BODY_LIMIT)));
  if (!parsed.success) throw invalidFromZod(parsed.error);
  const input = parsed.data;
  const files = (Array.isArray(input.files) ? input.files : input.files ? [input.files] : []).filter((f) => f.size > 0);
  const uploads = await Promise.all(files.map(async (f) => ({ name: f.name, data: Buffer.from(await f.arrayBuffer()) })));
  if (uploads.length === 0 && !input.pasted.trim()) {
    throw new AppError('INVALID_INPUT', 'Choose an API definition file or a connector package, or paste a definition.');
  }
  // Read on a worker thread of the parse pool: its cost depends on what was sent.
  const definition = await readConnectorUploadOffThread(
    { files: uploads, pasted: uploads.length ? undefined : input.pasted, name: input.name.trim() || undefined },
    actor.userId,
  );
  const created = await db.transaction(async (tx) => {
    await assertEnvironmentNow(tx, actor, 'environment:create', env.id);
    return createConnector(tx, actor, { environmentId: env.id, definition });
  });
  revalidatePath('/environments/[environmentId]', 'layout');
  return { id: created.id, warnings: definition.warnings.length };
});
