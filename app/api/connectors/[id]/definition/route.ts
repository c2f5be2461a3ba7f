// GET /api/connectors/:id/definition — the draft's API document as JSON, for those who may read the source.
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { connectors } from '@/db/schema';
import { assert } from '@/lib/authz';
import { parseId, withActor } from '@/lib/http';

export const GET = withActor<{ id: string }>(async (actor, _request, params) => {
  const connector = await assert(actor, 'connector:view-definition', { kind: 'connector', id: parseId(params.id) });
  const [row] = await db.select({ document: connectors.document }).from(connectors).where(eq(connectors.id, connector.id));
  return new Response(JSON.stringify(row!.document, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'",
    },
  });
});
