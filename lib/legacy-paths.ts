import 'server-only';
import { currentActor } from '@/lib/auth/current-user';
import { assert, isId } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { paths, type EnvironmentSection } from '@/lib/paths';

/*
 * URLs from before the environment moved into the path (bookmarks, old links). Lists go to the
 * user's remembered environment; a resource goes to its own environment, if the user may see it.
 */

/**
 * A redirect with a relative Location: behind a proxy (and under `next start` on 127.0.0.1) the
 * request URL's host need not be the one the browser used, and the session cookie belongs to that one.
 */
const redirectTo = (location: string, status: 307 | 308) => new Response(null, { status, headers: { Location: location } });

function signIn(request: Request): Response {
  const url = new URL(request.url);
  return redirectTo(`${paths.signIn()}?${new URLSearchParams({ callbackUrl: url.pathname + url.search })}`, 307);
}

const notFound = () => new Response('Not found', { status: 404 });

/** GET /<section> — the section's list in the remembered environment. */
export async function redirectSection(request: Request, section: EnvironmentSection): Promise<Response> {
  const actor = await currentActor();
  if (!actor) return signIn(request);
  const url = new URL(request.url);
  if (!actor.environment) return redirectTo(paths.home(), 307);
  return redirectTo(paths.section(actor.environment.id, section) + url.search, 308);
}

/** GET /connectors/<rest> — `new`, `shared`, or one connector (and its `edit`), in the right environment. */
export async function redirectConnectors(request: Request, rest: string[]): Promise<Response> {
  const actor = await currentActor();
  if (!actor) return signIn(request);
  const url = new URL(request.url);
  const [first, second] = rest;
  if (!first) return redirectSection(request, 'connectors');
  if (first === 'new' || first === 'shared') {
    if (!actor.environment || rest.length > 1) return notFound();
    const target = first === 'new' ? paths.newConnector(actor.environment.id) : paths.sharedConnectors(actor.environment.id);
    return redirectTo(target, 308);
  }
  if (!isId(first) || rest.length > 2 || (second != null && second !== 'edit')) return notFound();
  try {
    const connector = await assert(actor, 'connector:view', { kind: 'connector', id: first });
    const target =
      second === 'edit'
        ? paths.editConnector(connector.environmentId, connector.id)
        : paths.connector(connector.environmentId, connector.id);
    const query = url.search ? (target.includes('?') ? `&${url.search.slice(1)}` : url.search) : '';
    return redirectTo(target + query, 308);
  } catch (error) {
    // Not visible is "not found"; anything else is a real failure and must not hide as a 404.
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) return notFound();
    throw error;
  }
}
