'use client';

import { toast } from './toaster';

/** The download filename from a Content-Disposition header (RFC 6266 `filename*` first). */
function filenameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (star) return decodeURIComponent(star);
  return /filename="?([^";]+)"?/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Downloads a file without leaving the page: a refusal (access changed, the thing was deleted,
 * a limit) becomes a status message with the server's explanation instead of a page of JSON.
 */
export async function downloadFrom(href: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(href, { credentials: 'same-origin' });
  } catch {
    toast('The download didn’t work: the server couldn’t be reached.', 'error');
    return;
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    toast(body?.message ?? 'The download didn’t work. Try again.', 'error');
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), {
    href: url,
    download: filenameOf(response.headers.get('Content-Disposition'), fallbackName),
  });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
