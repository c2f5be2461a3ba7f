import 'server-only';
import { NextResponse } from 'next/server';
import { currentActor } from '@/lib/auth/current-user';
import { assert, isId } from '@/lib/authz';
import { paths, type EnvironmentSection } from '@/lib/paths';

/*
 * URLs from before the environment moved into the path (bookmarks, old links). Lists go to the
 * user's remembered environment; a resource goes to its own environment, if the user may see it.
 */

function signIn(request: Request): NextResponse {
  const url = new URL(request.url);
  const target = new URL(paths.signIn(), url);
  target.searchParams.set('callbackUrl', url.pathname + url.search);
  return NextResponse.redirect(target, 307);
}

const notFound = () => new NextResponse('Not found', { status: 404 });

/** GET /<section> — the section's list in the remembered environment. */
export async function redirectSection(request: Request, section: EnvironmentSection): Promise<Response> {
  const actor = await currentActor();
  if (!actor) return signIn(request);
  const url = new URL(request.url);
  if (!actor.environment) return NextResponse.redirect(new URL(paths.home(), url), 307);
  return NextResponse.redirect(new URL(paths.section(actor.environment.id, section) + url.search, url), 308);
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
    return NextResponse.redirect(new URL(target, url), 308);
  }
  if (!isId(first) || rest.length > 2 || (second != null && second !== 'edit')) return notFound();
  try {
    const connector = await assert(actor, 'connector:view', { kind: 'connector', id: first });
    const target =
      second === 'edit'
        ? paths.editConnector(connector.environmentId, connector.id)
        : paths.connector(connector.environmentId, connector.id);
    const query = url.search ? (target.includes('?') ? `&${url.search.slice(1)}` : url.search) : '';
    return NextResponse.redirect(new URL(target + query, url), 308);
  } catch {
    return notFound();
  }
}
