'use client';

import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { downloadFrom } from '@/components/ui/download';

/** `Download`: the package, without leaving the page (a refusal is a status message). */
export function DownloadButton({ href, fallbackName }: { href: string; fallbackName: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button variant="secondary" disabled={pending} onClick={() => startTransition(() => downloadFrom(href, fallbackName))}>
      {pending ? 'Preparing…' : 'Download'}
    </Button>
  );
}
