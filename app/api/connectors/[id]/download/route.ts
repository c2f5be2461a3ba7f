// GET /api/connectors/:id/download — the connector as a Power Platform package (zip), for those who may edit it.
import { db } from '@/db/client';
import { assert } from '@/lib/authz';
import { buildPackage, packageFileName } from '@/lib/connectors/package';
import { getDraft } from '@/lib/connectors/service';
import { parseId, withActor } from '@/lib/http';

export const GET = withActor<{ id: string }>(async (actor, _request, params) => {
  // Closed-source copies are refused here by the policy (needsDefinition), whatever the caller's level.
  const connector = await assert(actor, 'connector:download', { kind: 'connector', id: parseId(params.id) });
  const draft = await getDraft(db, connector.id);
  const zip = await buildPackage(draft.name, draft);
  return new Response(new Uint8Array(zip), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(packageFileName(draft.name))}`,
      'Cache-Control': 'private, no-store',
    },
  });
});
