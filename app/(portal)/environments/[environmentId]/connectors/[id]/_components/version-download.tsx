'use client';

import { useTransition } from 'react';
import { downloadFrom } from '@/components/ui/download';
import { paths } from '@/lib/paths';

/** Downloads one released version as a package (a refusal is a status message). */
export function VersionDownload({ connectorId, name, version }: { connectorId: string; name: string; version: number }) {
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      aria-label={`Download v${version}`}
      onClick={() =>
        startTransition(() => downloadFrom(paths.api.connectorVersionDownload(connectorId, version), `${name} v${version}.zip`))
      }
      className="text-sm text-brand-700 hover:underline disabled:opacity-50"
    >
      {pending ? 'Preparing…' : 'Download'}
    </button>
  );
}
