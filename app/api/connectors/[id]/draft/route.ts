// PUT /api/connectors/:id/draft — saves the draft from the edit page: name, description, colour
// and optionally a replaced API document (JSON body). A document can be megabytes, so it comes
// here with its own body limit rather than through a server action.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { db } from '@/db/client';
import { assert } from '@/lib/authz';
import { editDefinitionOffThread } from '@/lib/connectors/parse-pool';
import { getDraft, updateDraft } from '@/lib/connectors/service';
import { invalidFromZod, parseId, readJsonLimited, withActorResult } from '@/lib/http';

const DOCUMENT_LIMIT = 10 * 1024 * 1024;

const schema = z.object({
  /** The draft's hash when the edit form was opened: saving over a newer draft is a CONFLICT. */
  baseHash: z.string().min(1).max(200),
  name: z.string().max(200),
  description: z.string().max(2000).default(''),
  iconColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Pick a colour like #1a2b3c.'),
  document: z.string().max(DOCUMENT_LIMIT, 'The document is longer than 10 MB.').optional(),
  /** A new icon, base64 (PNG or JPEG, at most 1 MB: checked by content). */
  icon: z
    .string()
    .max(1_400_000, 'The icon is larger than 1 MB.')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The icon isn’t readable.')
    .optional(),
});

export const PUT = withActorResult<{ id: string }, { warnings: number }>(async (actor, request, params) => {
  const id = parseId(params.id);
  // Refuse before reading the body.
  await assert(actor, 'connector:edit', { kind: 'connector', id });
  const parsed = schema.safeParse(await readJsonLimited(request, DOCUMENT_LIMIT + 64 * 1024));
  if (!parsed.success) throw invalidFromZod(parsed.error);
  const input = parsed.data;
  // A replaced document is parsed on a worker thread of the parse pool, like an upload.
  const definition = await editDefinitionOffThread(
    await getDraft(db, id),
    {
      name: input.name,
      description: input.description,
      iconColor: input.iconColor.toLowerCase(),
      documentText: input.document,
      icon: input.icon ? Buffer.from(input.icon, 'base64') : undefined,
    },
    actor.userId,
  );
  await db.transaction(async (tx) =>
    updateDraft(tx, actor, await assert(actor, 'connector:edit', { kind: 'connector', id }, tx), definition, input.baseHash),
  );
  revalidatePath('/environments/[environmentId]', 'layout');
  return { warnings: definition.warnings.length };
});
