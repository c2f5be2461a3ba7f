// GET /api/principals?q= — people picker: users, groups and Everyone of the caller's organization matching q.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/db/client';
import { assertOrganization } from '@/lib/authz';
import { searchPrincipals } from '@/lib/directory/queries';
import { AppError } from '@/lib/errors';
import { withActor } from '@/lib/http';

const querySchema = z.object({ q: z.string().trim().max(100).default('') });

export const GET = withActor<Record<string, never>>(async (actor, request) => {
  const parsed = querySchema.safeParse({ q: new URL(request.url).searchParams.get('q') ?? undefined });
  if (!parsed.success) throw new AppError('INVALID_INPUT', 'The search is too long.');
  assertOrganization(actor, 'directory:search');
  const results = await searchPrincipals(db, actor, parsed.data.q);
  return NextResponse.json({ results }, { headers: { 'Cache-Control': 'private, no-store' } });
});
