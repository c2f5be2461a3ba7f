import { randomUUID } from 'node:crypto';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import type { Session } from 'next-auth';
import { auth } from '@/auth';

/*
 * Sends anonymous visitors to sign-in and stamps a request id. It is a convenience, never the
 * security boundary: every page, server action and route handler authenticates and authorizes itself.
 */
function route(request: NextRequest & { auth: Session | null }) {
  const path = request.nextUrl.pathname;
  const isPublic = path === '/sign-in' || path.startsWith('/api/');
  if (!request.auth?.user && !isPublic) {
    const url = new URL('/sign-in', request.nextUrl);
    if (path !== '/') url.searchParams.set('callbackUrl', path + request.nextUrl.search);
    return NextResponse.redirect(url);
  }
  const headers = new Headers(request.headers);
  const id = headers.get('x-request-id') || randomUUID();
  headers.set('x-request-id', id);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('x-request-id', id);
  return response;
}

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  // With the lazy Auth.js config, wrapping a handler resolves to the wrapped handler.
  const handler = (await auth(route as never)) as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response>;
  return handler(request, event);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)'],
};
