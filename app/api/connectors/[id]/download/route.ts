// GET /api/connectors/:id/download — the connector as a Power Platform package (zip), for those who may edit it.
import { db } from '@/db/client';
import { currentActor } from '@/lib/auth/current-user';
import { assert } from '@/lib/authz';
import { buildPackage, packageFileName } from '@/lib/connectors/package';
import { getDraft } from '@/lib/connectors/service';
import { AppError } from '@/lib/errors';
import { errorResponse, parseId } from '@/lib/http';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  try {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    const id = parseId((await params).id);
    // Closed-source copies are refused here by the policy (needsSource), whatever the caller's level.
    const connector = await assert(actor, 'connector:download', { kind: 'connector', id });
    const draft = await getDraft(db, connector.id);
    const zip = await buildPackage(draft.name, draft);
    return new Response(new Uint8Array(zip), {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(packageFileName(draft.name))}`,
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (error) {
    return errorResponse(error, actor?.requestId);
  }
}
