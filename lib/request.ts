import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';

/** The request id `proxy.ts` stamped on this request (or a fresh one outside a request). */
export async function requestId(): Promise<string> {
  try {
    const h = await headers();
    return h.get('x-request-id') ?? randomUUID();
  } catch {
    return randomUUID();
  }
}

/** The caller's address as the proxy in front reports it, for sign-in throttling. */
export async function clientAddress(): Promise<string> {
  try {
    const h = await headers();
    return h.get('x-forwarded-for')?.split(',')[0]?.trim() || h.get('x-real-ip') || 'local';
  } catch {
    return 'local';
  }
}
