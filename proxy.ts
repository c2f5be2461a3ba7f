import { randomUUID } from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';
import { entraSettingsFromEnv } from '@/lib/auth/entra-settings';
import { contentSecurityPolicy, newNonce } from '@/lib/security-headers';

/*
 * Sends visitors without a session cookie to sign-in and stamps a request id. It is a convenience,
 * never the security boundary: every page, server action and route handler authenticates (and checks
 * the user is still active) and authorizes itself.
 *
 * It only looks at whether a session cookie is present and never writes one. Wrapping Auth.js here
 * would re-issue the session cookie on every request, and a prefetch in flight while someone signs
 * out could then put the session back after sign-out deleted it.
 *
 * It also gives every page its Content-Security-Policy with a fresh nonce (lib/security-headers.ts):
 * set on the request, Next finds the nonce there and puts it on its own scripts; set on the
 * response, the browser enforces it. The other security headers are static (next.config.js).
 */
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
}

export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  const isPublic = path === '/sign-in' || path.startsWith('/api/');
  if (!isPublic && !hasSessionCookie(request)) {
    const url = new URL('/sign-in', request.nextUrl);
    if (path !== '/') url.searchParams.set('callbackUrl', path + request.nextUrl.search);
    return NextResponse.redirect(url);
  }
  const headers = new Headers(request.headers);
  const id = headers.get('x-request-id') || randomUUID();
  headers.set('x-request-id', id);
  const entra = entraSettingsFromEnv();
  const policy = contentSecurityPolicy(newNonce(), {
    development: process.env.NODE_ENV === 'development',
    formTargets: entra ? [new URL(entra.issuer).origin] : [],
  });
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('x-request-id', id);
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)'],
};
