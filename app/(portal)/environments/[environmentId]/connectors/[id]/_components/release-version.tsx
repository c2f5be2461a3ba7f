'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { releaseVersionAction } from '@/app/(portal)/environments/[environmentId]/connectors/actions';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toaster';

export function ReleaseVersionButton({ connectorId }: { connectorId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="secondary"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await releaseVersionAction({ connectorId });
          toast(result.ok ? `Released v${result.data.version}.` : result.message, result.ok ? 'success' : 'error');
          if (result.ok) router.refresh();
        })
      }
    >
      {pending ? 'Releasing…' : 'Release version'}
    </Button>
  );
}
