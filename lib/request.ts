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
