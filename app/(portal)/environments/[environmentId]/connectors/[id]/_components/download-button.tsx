'use client';

import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toaster';

/** The download filename from a Content-Disposition header (RFC 6266 `filename*` first). */
function filenameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (star) return decodeURIComponent(star);
  return /filename="?([^";]+)"?/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Downloads the package without leaving the page: a refusal (access changed, the connector was
 * deleted, a limit) becomes a status message instead of a page of JSON.
 */
export function DownloadButton({ href, fallbackName }: { href: string; fallbackName: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="secondary"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          try {
            const response = await fetch(href, { credentials: 'same-origin' });
            if (!response.ok) {
              const body = (await response.json().catch(() => null)) as { message?: string } | null;
              toast(body?.message ?? 'The download didn’t work. Try again.', 'error');
              return;
            }
            const blob = await response.blob();
            const url = URL.createObjectURL(blob);
            const link = document.createElement('a');
            link.href = url;
            link.download = filenameOf(response.headers.get('Content-Disposition'), fallbackName);
            document.body.append(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10_000);
          } catch {
            toast('The download didn’t work: the server couldn’t be reached.', 'error');
          }
        })
      }
    >
      {pending ? 'Preparing…' : 'Download'}
    </Button>
  );
}
