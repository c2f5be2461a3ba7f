// GET /api/principals?q= — people picker: users, groups and Everyone of the caller's organization matching q.
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { db } from '@/db/client';
import { currentActor } from '@/lib/auth/current-user';
import { canInOrganization } from '@/lib/authz';
import { searchPrincipals } from '@/lib/directory/queries';
import { AppError } from '@/lib/errors';
import { errorResponse } from '@/lib/http';

const querySchema = z.object({ q: z.string().trim().max(100).default('') });

export async function GET(request: NextRequest) {
  const actor = await currentActor();
  try {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    const parsed = querySchema.safeParse({ q: request.nextUrl.searchParams.get('q') ?? undefined });
    if (!parsed.success) throw new AppError('INVALID_INPUT', 'The search is too long.');
    if (!canInOrganization(actor, 'directory:search')) throw new AppError('FORBIDDEN');
    const results = await searchPrincipals(db, actor, parsed.data.q);
    return NextResponse.json({ results }, { headers: { 'Cache-Control': 'private, no-store' } });
  } catch (error) {
    return errorResponse(error, actor?.requestId);
  }
}
