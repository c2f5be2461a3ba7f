// GET /api/connectors/:id/icon — the connector's icon (PNG or JPEG), for those who may view it.
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { connectors } from '@/db/schema';
import { assert } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { parseId, withActor } from '@/lib/http';

export const GET = withActor<{ id: string }>(async (actor, _request, params) => {
  const connector = await assert(actor, 'connector:view', { kind: 'connector', id: parseId(params.id) });
  const [row] = await db
    .select({ icon: connectors.icon, iconType: connectors.iconType })
    .from(connectors)
    .where(eq(connectors.id, connector.id));
  if (!row?.icon || !row.iconType) throw new AppError('NOT_FOUND');
  return new Response(new Uint8Array(row.icon), {
    headers: { 'Content-Type': row.iconType, 'Cache-Control': 'private, max-age=300', 'Content-Security-Policy': "default-src 'none'" },
  });
});
