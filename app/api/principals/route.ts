// GET /api/principals?q= — people picker: users, groups and Everyone of the caller's organization matching q
// (guests: the user with exactly that email); rate-limited per user.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/db/client';
import { assertOrganization } from '@/lib/authz';
import { searchPeople } from '@/lib/directory/people-search';
import { AppError } from '@/lib/errors';
import { withActor } from '@/lib/http';

const querySchema = z.object({ q: z.string().trim().max(100).default('') });

export const GET = withActor<Record<string, never>>(async (actor, request) => {
  const parsed = querySchema.safeParse({ q: new URL(request.url).searchParams.get('q') ?? undefined });
  if (!parsed.success) throw new AppError('INVALID_INPUT', 'The search is too long.');
  assertOrganization(actor, 'directory:search');
  const results = await searchPeople(db, actor, parsed.data.q);
  return NextResponse.json({ results }, { headers: { 'Cache-Control': 'private, no-store' } });
});
