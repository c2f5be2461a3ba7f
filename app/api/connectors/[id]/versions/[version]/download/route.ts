// GET /api/connectors/:id/versions/:version/download — one released version as a Power Platform package, for those who may download the connector.
import { z } from 'zod';
import { db } from '@/db/client';
import { assert } from '@/lib/authz';
import { buildPackage, packageFileName } from '@/lib/connectors/package';
import { getVersion } from '@/lib/connectors/queries';
import { AppError } from '@/lib/errors';
import { parseId, withActor } from '@/lib/http';

const versionSchema = z.coerce.number().int().positive().max(1_000_000);

export const GET = withActor<{ id: string; version: string }>(async (actor, _request, params) => {
  const connector = await assert(actor, 'connector:download', { kind: 'connector', id: parseId(params.id) });
  const number = versionSchema.safeParse(params.version);
  if (!number.success) throw new AppError('NOT_FOUND');
  const version = await getVersion(db, connector.id, number.data);
  if (!version) throw new AppError('NOT_FOUND', `${connector.name} has no v${number.data}.`);
  const zip = await buildPackage(version.name, version);
  return new Response(new Uint8Array(zip), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(packageFileName(`${version.name} v${version.version}`))}`,
      'Cache-Control': 'private, no-store',
    },
  });
});
