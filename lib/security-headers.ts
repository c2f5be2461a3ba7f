/*
 * The Content-Security-Policy of every page (proxy.ts sets it per request). Scripts run only when
 * they carry the request's nonce, which Next puts on its own scripts when it finds the nonce in the
 * policy of the request it renders ('strict-dynamic' lets those load the chunks they need). No page
 * may be framed. Style attributes stay allowed (React renders colours inline), style elements need
 * the nonce. Development adds what React's dev tooling and hot reload need: eval and websockets.
 * No `upgrade-insecure-requests`: a portal served over plain HTTP on a LAN would break; HTTPS
 * deployments get HSTS (next.config.js).
 */

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The policy for one response. `formTargets` are origins a form may post to or be redirected to
 * after posting (the Entra ID sign-in form lands on Microsoft's login page).
 */
export function contentSecurityPolicy(nonce: string, options: { development: boolean; formTargets?: string[] }): string {
  const dev = options.development;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", dev ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'blob:', 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(dev ? ['ws:', 'wss:'] : [])],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'", ...(options.formTargets ?? [])],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
