import 'server-only';
import ipaddr from 'ipaddr.js';
import type { Logger } from 'pino';
import { log } from '@/lib/log';

/*
 * The client address sign-in throttling counts against. X-Forwarded-For is a list each proxy appends
 * to, so only the entries our own proxies wrote can be believed, and they are the rightmost ones.
 * Next itself only fills the header in with the socket's address when a request has none (checked
 * on next dev and next start 16.4: a client that sends one replaces it), so server.mjs appends the
 * socket's address to every request, as a proxy would. The last entry is then the peer that
 * connected to us: with MAKERPORT_TRUSTED_PROXIES=0 that is the client; behind N proxies the client
 * is the entry N places to its left.
 */

/** Reads MAKERPORT_TRUSTED_PROXIES: a whole number of proxy hops in front of the app, 0 by default. */
export function trustedProxyCount(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0 || count > 20) {
    throw new Error(`MAKERPORT_TRUSTED_PROXIES must be a whole number from 0 to 20 (got "${value}").`);
  }
  return count;
}

/**
 * The client's address from an X-Forwarded-For value whose last entry is the socket's own address,
 * skipping `trustedProxies` hops from the right; IPv6 clients are keyed by their /64. "unknown" when
 * that entry is not an address.
 */
export function clientAddress(forwardedFor: string | null, trustedProxies: number): string {
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  if (hops.length === 0) return 'unknown';
  return normalize(hops[Math.max(0, hops.length - 1 - trustedProxies)]!);
}

function normalize(hop: string): string {
  const bare = hop.match(/^\[(.+)\](?::\d+)?$/)?.[1] ?? hop.match(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/)?.[1] ?? hop;
  if (!ipaddr.isValid(bare)) return 'unknown';
  const address = ipaddr.process(bare);
  if (address.kind() === 'ipv4') return address.toString();
  // One subscriber usually holds a whole /64: counting single IPv6 addresses would let them rotate freely.
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}

/** Whether scripts/server.mjs runs this process, so the last X-Forwarded-For entry is the socket's own. */
export function peerAddressAppended(): boolean {
  return (globalThis as Record<symbol, unknown>)[Symbol.for('makerport.peerAddressAppended')] === true;
}

/** The client address of a request, per MAKERPORT_TRUSTED_PROXIES. */
export function requestClientAddress(headers: Headers): string {
  return clientAddress(headers.get('x-forwarded-for'), trustedProxyCount(process.env.MAKERPORT_TRUSTED_PROXIES));
}

/**
 * At start: refuses a malformed MAKERPORT_TRUSTED_PROXIES and warns when the socket address is not
 * appended (plain `next start`/`next dev`), where a client could name the address it is counted as.
 */
export function announceClientAddressSetup(logger: Pick<Logger, 'info' | 'warn'> = log): void {
  const proxies = trustedProxyCount(process.env.MAKERPORT_TRUSTED_PROXIES);
  if (!peerAddressAppended() && proxies === 0) {
    logger.warn(
      'Not started through scripts/server.mjs (npm start / npm run dev): with MAKERPORT_TRUSTED_PROXIES=0 a client could choose the address sign-in throttling counts it as.',
    );
    return;
  }
  logger.info(
    `Sign-in throttling counts clients by address ${proxies === 0 ? 'of the socket' : `${proxies} proxy hop(s) from the right`}.`,
  );
}
