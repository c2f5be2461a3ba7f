import type { ActionResult } from '@/lib/action';

/**
 * Sends a request to a route handler that answers like a server action (`lib/http.ts`
 * `withActorResult`) and returns its result; a network failure or a response that isn't that
 * shape (a proxy's error page) becomes a plain failure, never a throw.
 */
export async function sendForResult<T>(url: string, init: RequestInit): Promise<ActionResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    return { ok: false, code: 'INTERNAL', message: 'The request didn’t reach Makerport. Check your connection and try again.' };
  }
  try {
    const body = (await response.json()) as ActionResult<T>;
    if (typeof body === 'object' && body !== null && 'ok' in body) return body;
  } catch {
    // Not JSON: fall through.
  }
  return response.status === 413
    ? { ok: false, code: 'LIMIT_EXCEEDED', message: 'The upload is too large.' }
    : { ok: false, code: 'INTERNAL', message: `Something went wrong on our side (HTTP ${response.status}). Try again.` };
}
