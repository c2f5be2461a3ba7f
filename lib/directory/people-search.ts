import 'server-only';
import type { Queryable } from '@/db/client';
import type { Actor } from '@/lib/authz';
import { consumeRateLimit } from '@/lib/rate-limit';
import { searchPrincipals, type PrincipalOption } from './queries';

/** Searches per user per minute: the picker debounces typing, so a person stays far below it. */
export const PEOPLE_SEARCH_LIMIT = 60;

/**
 * The people picker's search (app/api/principals), rate-limited per user so nobody walks the
 * directory by brute force. Callers authorize `directory:search` first; throws LIMIT_EXCEEDED.
 */
export async function searchPeople(tx: Queryable, actor: Actor, query: string, now = new Date()): Promise<PrincipalOption[]> {
  await consumeRateLimit(
    tx,
    `people-search:${actor.userId}`,
    { limit: PEOPLE_SEARCH_LIMIT, windowMs: 60_000, message: 'Too many searches. Wait a minute, then try again.' },
    now,
  );
  return searchPrincipals(tx, actor, query);
}
