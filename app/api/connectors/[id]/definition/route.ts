// GET /api/connectors/:id/definition — the draft's API document as JSON, for those who may read the source.
import { eq } from 'drizzle-orm';
import { NextResponse } from 'next/server';
import { db } from '@/db/client';
import { connectors } from '@/db/schema';
import { currentActor } from '@/lib/auth/current-user';
import { assert } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { errorResponse, parseId } from '@/lib/http';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  try {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    const id = parseId((await params).id);
    const connector = await assert(actor, 'connector:view-definition', { kind: 'connector', id });
    const [row] = await db.select({ document: connectors.document }).from(connectors).where(eq(connectors.id, connector.id));
    return new NextResponse(JSON.stringify(row!.document, null, 2), {
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-store', 'Content-Security-Policy': "default-src 'none'" },
    });
  } catch (error) {
    return errorResponse(error, actor?.requestId);
  }
}
