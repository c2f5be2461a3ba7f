import 'server-only';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { requireUser } from '@/lib/auth/current-user';
import { assertEnvironment, type Actor, type ActorEnvironment } from '@/lib/authz';
import { AppError } from '@/lib/errors';

/** For pages: runs a lookup and turns NOT_FOUND into the 404 page (other errors go to the error page). */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) notFound();
    throw error;
  }
}

/**
 * The signed-in user and the environment named by the URL (`/environments/<id>/…`), once per
 * request. An environment of another organization, an unknown id or one the user holds no role in
 * is the 404 page; the layout calls this before anything streams, so the status is a real 404.
 */
export const requireEnvironment = cache(async (environmentId: string): Promise<{ actor: Actor; environment: ActorEnvironment }> => {
  const actor = await requireUser();
  const environment = await orNotFound(async () => assertEnvironment(actor, 'environment:view', environmentId));
  return { actor, environment };
});

/**
 * This request's Content-Security-Policy nonce (proxy.ts sets the policy on the request), for a
 * client component that must add its own <style> (CodeMirror), which the policy otherwise blocks.
 */
export async function cspNonce(): Promise<string | undefined> {
  const policy = (await headers()).get('content-security-policy') ?? '';
  return /'nonce-([^']+)'/.exec(policy)?.[1];
}
