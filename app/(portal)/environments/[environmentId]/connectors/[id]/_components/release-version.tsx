'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { releaseVersionAction } from '@/app/(portal)/environments/[environmentId]/connectors/actions';
import { Button } from '@/components/ui/button';

export function ReleaseVersionButton({ connectorId }: { connectorId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  return (
    <div className="flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await releaseVersionAction({ connectorId });
            setMessage(result.ok ? { tone: 'ok', text: `Released v${result.data.version}.` } : { tone: 'error', text: result.message });
            if (result.ok) router.refresh();
          })
        }
      >
        {pending ? 'Releasing…' : 'Release version'}
      </Button>
      <span
        role={message?.tone === 'error' ? 'alert' : 'status'}
        className={message?.tone === 'error' ? 'text-sm text-red-700' : 'text-sm text-emerald-700'}
      >
        {message?.text}
      </span>
    </div>
  );
}
