'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { deleteConnectorAction, deleteImpactAction } from '@/app/(portal)/environments/[environmentId]/connectors/actions';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { Spinner } from '@/components/ui/spinner';
import type { DeleteImpact } from '@/lib/connectors/service';
import { paths } from '@/lib/paths';

/** Delete, after showing what goes with it (connections) and what breaks (flows), and typing the name. */
export function DeleteConnectorButton({
  environmentId,
  connectorId,
  connectorName,
  initiallyOpen = false,
}: {
  environmentId: string;
  connectorId: string;
  connectorName: string;
  /** Opened from a list's row menu (`?confirm=delete`): the dialog starts open. */
  initiallyOpen?: boolean;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const opened = useRef(false);
  useEffect(() => {
    if (!initiallyOpen || opened.current) return;
    opened.current = true;
    onOpenChange(true);
    // Only once, on arrival.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initiallyOpen]);
  const [impact, setImpact] = useState<DeleteImpact | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [loading, startLoading] = useTransition();
  const [deleting, startDeleting] = useTransition();

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) return;
    setTyped('');
    setError(null);
    setImpact(null);
    startLoading(async () => {
      const result = await deleteImpactAction({ connectorId });
      if (result.ok) setImpact(result.data);
      else setError(result.message);
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Delete connector"
      description={`Deleting ${connectorName} can’t be undone.`}
      trigger={<Button variant="danger">Delete</Button>}
      wide
    >
      <div className="space-y-4 text-sm">
        {error ? <Notice tone="error">{error}</Notice> : null}
        {loading || (!impact && !error) ? <Spinner label="Checking what uses this connector" /> : null}
        {impact ? (
          <>
            <section aria-labelledby="delete-connections">
              <h3 id="delete-connections" className="font-medium">
                {impact.connections.length === 0
                  ? 'No connections were made from this connector.'
                  : `These ${impact.connections.length} connection${impact.connections.length === 1 ? '' : 's'} will be deleted:`}
              </h3>
              {impact.connections.length > 0 ? (
                <ul className="mt-1 max-h-40 list-disc overflow-y-auto pl-5 text-slate-700">
                  {impact.connections.map((c) => (
                    <li key={c.id}>
                      {c.name} <span className="text-slate-500">· owned by {c.ownerName}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </section>
            <section aria-labelledby="delete-flows">
              <h3 id="delete-flows" className="font-medium">
                {impact.flows.length === 0
                  ? 'No flows use those connections.'
                  : `These ${impact.flows.length} flow${impact.flows.length === 1 ? '' : 's'} use them and will stop working:`}
              </h3>
              {impact.flows.length > 0 ? (
                <ul className="mt-1 max-h-40 list-disc overflow-y-auto pl-5 text-slate-700">
                  {impact.flows.map((f) => (
                    <li key={f.id}>
                      {f.name}{' '}
                      <span className="text-slate-500">
                        · {f.environmentName} · owners: {f.owners.join(', ') || 'none'}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </section>
            <section aria-labelledby="delete-access">
              <h3 id="delete-access" className="font-medium">
                {impact.access.length === 0
                  ? 'Nobody else has access.'
                  : `These ${impact.access.length} people and groups lose their access:`}
              </h3>
              {impact.access.length > 0 ? (
                <ul className="mt-1 max-h-40 list-disc overflow-y-auto pl-5 text-slate-700">
                  {impact.access.map((a, i) => (
                    <li key={`${a.name}-${i}`}>
                      {a.kind === 'everyone' ? 'Everyone in the organization' : a.name}{' '}
                      <span className="text-slate-500">
                        · {a.kind === 'group' ? 'group · ' : ''}
                        {a.levelLabel}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </section>
            <section aria-labelledby="delete-environments">
              <h3 id="delete-environments" className="font-medium">
                {impact.share
                  ? `Sharing v${impact.share.version} with ${
                      impact.share.allEnvironments ? 'all environments' : impact.share.environmentNames.join(', ') || 'no environment'
                    } stops.`
                  : 'It isn’t shared with other environments.'}
              </h3>
              <p className="mt-1 text-slate-700">
                {impact.installedCopies === 0
                  ? 'No other environment has installed it.'
                  : `${impact.installedCopies} installed cop${impact.installedCopies === 1 ? 'y keeps' : 'ies keep'} working as ${
                      impact.installedCopies === 1 ? 'it is' : 'they are'
                    }, but will get no updates.`}
              </p>
            </section>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                setError(null);
                startDeleting(async () => {
                  const result = await deleteConnectorAction({ connectorId, confirmName: typed });
                  if (!result.ok) {
                    setError(result.message);
                    return;
                  }
                  setOpen(false);
                  router.push(paths.connectors(environmentId));
                  router.refresh();
                });
              }}
              className="space-y-3"
            >
              <TextField
                label="Type the name to confirm"
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                autoComplete="off"
                hint={
                  <>
                    Type <strong className="font-semibold text-slate-700">{connectorName}</strong>
                  </>
                }
              />
              <div className="flex justify-end gap-2">
                <DialogClose asChild>
                  <Button variant="secondary">Cancel</Button>
                </DialogClose>
                <Button type="submit" variant="danger" disabled={deleting || typed.trim() !== connectorName}>
                  {deleting ? 'Deleting…' : 'Delete connector'}
                </Button>
              </div>
            </form>
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
