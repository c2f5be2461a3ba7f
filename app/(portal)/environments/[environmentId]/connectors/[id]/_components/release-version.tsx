'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { releaseVersionAction, shareWithEnvironmentsAction } from '@/app/(portal)/environments/[environmentId]/connectors/actions';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { toast } from '@/components/ui/toaster';

type Share = {
  version: number;
  sourceKind: 'open' | 'closed';
  allEnvironments: boolean;
  environmentIds: string[];
  environmentNames: string[];
};

/**
 * `Release version`: freezes the draft, with optional release notes. Disabled, with the reason, when
 * the draft is the same as the latest version. When an older version is shared with other
 * environments, it then offers to share the new one in its place.
 */
export function ReleaseVersionButton({
  connectorId,
  latestVersion,
  unchangedReason,
}: {
  connectorId: string;
  latestVersion: number;
  /** Why there is nothing to release (the draft equals the latest version), or null. */
  unchangedReason: string | null;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [offer, setOffer] = useState<{ version: number; share: Share } | null>(null);
  const [pending, startTransition] = useTransition();
  const reasonId = `${connectorId}-release-reason`;

  function release() {
    setError(null);
    startTransition(async () => {
      const result = await releaseVersionAction({ connectorId, releaseNotes: notes });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      const { version, share, canUpdateShare } = result.data;
      toast(`Released v${version}.`);
      setNotes('');
      router.refresh();
      if (share && canUpdateShare && share.version < version) setOffer({ version, share });
      else setOpen(false);
    });
  }

  function updateShare() {
    if (!offer) return;
    startTransition(async () => {
      const result = await shareWithEnvironmentsAction({
        connectorId,
        version: offer.version,
        sourceKind: offer.share.sourceKind,
        allEnvironments: offer.share.allEnvironments,
        environmentIds: offer.share.environmentIds,
      });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      toast(`v${offer.version} is now shared in place of v${offer.share.version}.`);
      setOffer(null);
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <>
      <span className="inline-flex flex-col">
        <Button
          variant="secondary"
          aria-disabled={unchangedReason != null || undefined}
          aria-describedby={unchangedReason ? reasonId : undefined}
          onClick={() => {
            if (unchangedReason) {
              toast(unchangedReason, 'info');
              return;
            }
            setOffer(null);
            setError(null);
            setOpen(true);
          }}
          className={unchangedReason ? 'cursor-not-allowed opacity-60' : undefined}
        >
          Release version
        </Button>
        {unchangedReason ? (
          <span id={reasonId} className="sr-only">
            {unchangedReason}
          </span>
        ) : null}
      </span>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={offer ? `v${offer.version} released` : `Release v${latestVersion + 1}`}
        description={
          offer ? undefined : 'Freezes the draft as a version that never changes. Connections and flows use the latest released version.'
        }
      >
        {offer ? (
          <div className="space-y-4 text-sm">
            {error ? <Notice tone="error">{error}</Notice> : null}
            <p>
              v{offer.share.version} is shared with{' '}
              {offer.share.allEnvironments ? 'all environments' : offer.share.environmentNames.join(', ') || 'no environment'} as{' '}
              {offer.share.sourceKind} source. Share v{offer.version} in its place? Environments that installed it are offered the update.
            </p>
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary">Not now</Button>
              </DialogClose>
              <Button onClick={updateShare} disabled={pending}>
                {pending ? 'Sharing…' : `Share v${offer.version}`}
              </Button>
            </div>
          </div>
        ) : (
          <form
            className="space-y-4 text-sm"
            onSubmit={(event) => {
              event.preventDefault();
              release();
            }}
          >
            {error ? <Notice tone="error">{error}</Notice> : null}
            <TextField
              label="Release notes (optional)"
              multiline
              rows={4}
              value={notes}
              maxLength={4000}
              onChange={(event) => setNotes(event.target.value)}
              hint="What changed, for the people who use this connector."
            />
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={pending}>
                {pending ? 'Releasing…' : 'Release'}
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
