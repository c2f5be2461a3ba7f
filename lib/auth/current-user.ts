import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { auth } from '@/auth';
import { db } from '@/db/client';
import { loadActor, type Actor } from '@/lib/authz';
import { requestId } from '@/lib/request';

/**
 * The signed-in, active user of this request, or null. One query (lib/authz `loadActor`), cached
 * for the request. A deactivated user's token still decodes, but this returns null: their session
 * stops working on the next request.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return loadActor(db, userId, await requestId());
});

/** For pages: the actor, or a redirect to sign-in. */
export async function requireUser(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) {
    const session = await auth();
    redirect(session?.user?.id ? '/sign-in?error=SessionEnded' : '/sign-in');
  }
  return actor;
}
