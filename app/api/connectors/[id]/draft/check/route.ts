// POST /api/connectors/:id/draft/check — reads a document being edited, as saving would, and says
// what it found (the edit page calls it as the maker types). Nothing is saved.
import { z } from 'zod';
import { db } from '@/db/client';
import { assert } from '@/lib/authz';
import { editDefinitionOffThread } from '@/lib/connectors/parse-pool';
import { getDraft } from '@/lib/connectors/service';
import { invalidFromZod, parseId, readJsonLimited, withActorResult } from '@/lib/http';

const DOCUMENT_LIMIT = 10 * 1024 * 1024;
const schema = z.object({ document: z.string().max(DOCUMENT_LIMIT, 'The document is longer than 10 MB.') });

export const POST = withActorResult<{ id: string }, { operations: number; warnings: { message: string; location: string }[] }>(
  async (actor, request, params) => {
    const id = parseId(params.id);
    const connector = await assert(actor, 'connector:edit', { kind: 'connector', id });
    const parsed = schema.safeParse(await readJsonLimited(request, DOCUMENT_LIMIT + 1024));
    if (!parsed.success) throw invalidFromZod(parsed.error);
    const current = await getDraft(db, connector.id);
    const checked = await editDefinitionOffThread(
      current,
      { name: current.name, description: current.description, iconColor: current.iconColor, documentText: parsed.data.document },
      actor.userId,
    );
    return { operations: checked.operations.length, warnings: checked.warnings.slice(0, 50) };
  },
);
