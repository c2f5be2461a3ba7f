'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import {
  installConnectorAction,
  shareWithEnvironmentsAction,
  stopSharingAction,
  updateInstalledAction,
} from '@/app/(portal)/environments/[environmentId]/connectors/actions';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { Notice } from '@/components/ui/notice';
import { toast } from '@/components/ui/toaster';

type Result = { ok: true } | { ok: false; message: string };

/** A button that runs one action, shows progress and the outcome, and refreshes the page. */
function ActionButton({
  label,
  busy,
  run,
  variant = 'primary',
  done,
}: {
  label: string;
  busy: string;
  run: () => Promise<Result>;
  variant?: 'primary' | 'secondary' | 'ghost';
  done: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="sm"
      variant={variant}
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await run();
          toast(result.ok ? done : result.message, result.ok ? 'success' : 'error');
          if (result.ok) router.refresh();
        })
      }
    >
      {pending ? busy : label}
    </Button>
  );
}

export function InstallButton({ shareId, environmentId, name }: { shareId: string; environmentId: string; name: string }) {
  return (
    <ActionButton
      label="Install"
      busy="Installing…"
      done={`${name} installed.`}
      run={() => installConnectorAction({ shareId, environmentId })}
    />
  );
}

export function UpdateButton({ connectorId, name, version }: { connectorId: string; name: string; version: number }) {
  return (
    <ActionButton
      label="Update"
      busy="Updating…"
      done={`${name} updated to v${version}.`}
      run={() => updateInstalledAction({ connectorId })}
    />
  );
}

export function StopSharingButton({ connectorId, name }: { connectorId: string; name: string }) {
  return (
    <ActionButton
      variant="ghost"
      label="Stop sharing"
      busy="Stopping…"
      done={`${name} is no longer offered.`}
      run={() => stopSharingAction({ connectorId })}
    />
  );
}

interface ShareableConnector {
  id: string;
  name: string;
  latestVersion: number;
}

interface TargetEnvironment {
  id: string;
  name: string;
  region: string;
  closedSourceBlockedReason: string | null;
}

const selectClass =
  'mt-1 block h-9 w-full rounded-md border-0 bg-white py-1 pl-2 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600';

/** `Share connector`: pick a connector and released version, open or closed source, and all or chosen environments. */
export function ShareConnectorDialog({
  connectors,
  environments,
  closedSourceReason,
  sourceRegion,
}: {
  connectors: ShareableConnector[];
  environments: TargetEnvironment[];
  closedSourceReason: string | null;
  sourceRegion: string;
}) {
  const router = useRouter();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [connectorId, setConnectorId] = useState(connectors[0]?.id ?? '');
  const connector = connectors.find((c) => c.id === connectorId);
  const [version, setVersion] = useState(connector?.latestVersion ?? 1);
  const [sourceKind, setSourceKind] = useState<'open' | 'closed'>('open');
  const [scope, setScope] = useState<'all' | 'chosen'>('all');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const closed = sourceKind === 'closed';
  const reachable = environments.filter((e) => !closed || !e.closedSourceBlockedReason);

  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title="Share connector"
      description="Offer a released version to other environments of your organization."
      trigger={<Button>Share connector</Button>}
      wide
    >
      <form
        className="space-y-5 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          setError(null);
          startTransition(async () => {
            const result = await shareWithEnvironmentsAction({
              connectorId,
              version,
              sourceKind,
              allEnvironments: scope === 'all',
              environmentIds: scope === 'all' ? [] : [...chosen].filter((id) => reachable.some((e) => e.id === id)),
            });
            if (!result.ok) {
              setError(result.message);
              return;
            }
            setOpen(false);
            router.refresh();
          });
        }}
      >
        {error ? <Notice tone="error">{error}</Notice> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={`${ids}-connector`} className="font-medium text-slate-800">
              Connector
            </label>
            <select
              id={`${ids}-connector`}
              className={selectClass}
              value={connectorId}
              onChange={(event) => {
                setConnectorId(event.target.value);
                setVersion(connectors.find((c) => c.id === event.target.value)?.latestVersion ?? 1);
              }}
            >
              {connectors.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${ids}-version`} className="font-medium text-slate-800">
              Version
            </label>
            <select
              id={`${ids}-version`}
              className={selectClass}
              value={version}
              onChange={(event) => setVersion(Number(event.target.value))}
            >
              {Array.from({ length: connector?.latestVersion ?? 0 }, (_, i) => (connector?.latestVersion ?? 0) - i).map((v) => (
                <option key={v} value={v}>
                  v{v}
                </option>
              ))}
            </select>
          </div>
        </div>

        <fieldset>
          <legend className="font-medium text-slate-800">Source code</legend>
          <div className="mt-2 space-y-2">
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name="sourceKind"
                value="open"
                checked={!closed}
                onChange={() => setSourceKind('open')}
                className="mt-1"
              />
              <span>
                <span className="font-medium">Open source</span>
                <span className="block text-slate-600">Recipients see the definition and may change their installed copy.</span>
              </span>
            </label>
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name="sourceKind"
                value="closed"
                checked={closed}
                disabled={closedSourceReason != null}
                aria-describedby={`${ids}-closed-hint`}
                onChange={() => setSourceKind('closed')}
                className="mt-1"
              />
              <span className={closedSourceReason ? 'text-slate-400' : undefined}>
                <span className="font-medium">Closed source</span>
                <span id={`${ids}-closed-hint`} className="block text-slate-600">
                  {closedSourceReason ??
                    `Recipients install and use it but never see the definition, can’t download, edit or re-share it. Only environments in ${sourceRegion}.`}
                </span>
              </span>
            </label>
          </div>
        </fieldset>

        <fieldset>
          <legend className="font-medium text-slate-800">Environments</legend>
          <div className="mt-2 space-y-2">
            <label className="flex items-center gap-2">
              <input type="radio" name="scope" value="all" checked={scope === 'all'} onChange={() => setScope('all')} />
              <span>All environments{closed ? ` in ${sourceRegion}` : ''}, including new ones</span>
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="scope" value="chosen" checked={scope === 'chosen'} onChange={() => setScope('chosen')} />
              <span>Chosen environments</span>
            </label>
            {scope === 'chosen' ? (
              <ul className="ml-6 space-y-1.5">
                {environments.map((e) => {
                  const blocked = closed ? e.closedSourceBlockedReason : null;
                  return (
                    <li key={e.id}>
                      <label className={`flex items-start gap-2 ${blocked ? 'text-slate-400' : ''}`}>
                        <input
                          type="checkbox"
                          className="mt-1"
                          disabled={blocked != null}
                          checked={!blocked && chosen.has(e.id)}
                          onChange={(event) =>
                            setChosen((set) => {
                              const next = new Set(set);
                              if (event.target.checked) next.add(e.id);
                              else next.delete(e.id);
                              return next;
                            })
                          }
                        />
                        <span>
                          {e.name} <span className="text-slate-500">({e.region})</span>
                          {blocked ? <span className="block text-xs">{blocked}</span> : null}
                        </span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            ) : null}
          </div>
        </fieldset>

        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button
            type="submit"
            disabled={pending || !connectorId || (scope === 'chosen' && ![...chosen].some((id) => reachable.some((e) => e.id === id)))}
          >
            {pending ? 'Sharing…' : 'Share connector'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
