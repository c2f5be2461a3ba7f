'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState, useTransition } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import type { AccessRow } from '@/lib/sharing/grants';
import { PeoplePicker, type Principal } from './people-picker';

export interface ShareLevel {
  value: string;
  label: string;
  rank: number;
}

/** A row of `People with access`: the server's access row with its level's label. */
export type ShareRow = Omit<AccessRow, 'levelName'> & { levelLabel: string };

type Result = { ok: true; data?: unknown } | { ok: false; message: string };

export interface SharePanelProps {
  resourceLabel: string;
  /** Levels `Share` can hand out, lowest first. */
  levels: ShareLevel[];
  /** The highest rank this user may grant; null when they may only look. */
  grantable: number | null;
  /** The highest rank Everyone may get. */
  everyoneMax: number;
  rows: ShareRow[];
  onShare: (input: { principalKind: Principal['kind']; principalId: string; level: string }) => Promise<Result>;
  onChange: (input: { principalId: string; level: string }) => Promise<Result>;
  onRemove: (input: { principalId: string }) => Promise<Result>;
}

const selectClass =
  'h-9 rounded-md border-0 bg-white py-1 pl-2 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 disabled:opacity-50';

/**
 * The Share panel (DESIGN.md §6) for any resource kind: pick people or groups, a permission,
 * `Share`; the `People with access` table with per-row permission and removal. It only offers
 * what the server allows, and the server checks every change again.
 */
export function SharePanel(props: SharePanelProps) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }));
  return (
    <QueryClientProvider client={client}>
      <SharePanelInner {...props} />
    </QueryClientProvider>
  );
}

function SharePanelInner({ resourceLabel, levels, grantable, everyoneMax, rows, onShare, onChange, onRemove }: SharePanelProps) {
  const router = useRouter();
  const permissionId = useId();
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [level, setLevel] = useState(levels[0]?.value ?? '');
  const [message, setMessage] = useState<{ tone: 'success' | 'info' | 'error'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const canShare = grantable != null;

  const offered = (kind: Principal['kind']) =>
    levels.filter((l) => l.rank <= (grantable ?? -1) && (kind !== 'everyone' || l.rank <= everyoneMax));
  const choices = offered(principal?.kind ?? 'user');
  const exclude = useMemo(() => new Set(rows.map((r) => r.principalId)), [rows]);
  const chosenLevel = choices.some((c) => c.value === level) ? level : (choices[0]?.value ?? '');

  function run(work: () => Promise<Result>, success: string) {
    setMessage(null);
    startTransition(async () => {
      const result = await work();
      if (!result.ok) {
        setMessage({ tone: 'error', text: result.message });
        return;
      }
      // A note (the recipient got no role in the default environment) matters more than "Shared".
      const data = result.data as { note?: string | null } | undefined;
      const note = data?.note;
      setMessage(note ? { tone: 'info', text: `${success} ${note}` } : { tone: 'success', text: success });
      router.refresh();
    });
  }

  return (
    <div className="space-y-5">
      {canShare ? (
        <form
          className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
          onSubmit={(event) => {
            event.preventDefault();
            if (!principal) return;
            const p = principal;
            run(async () => {
              const result = await onShare({ principalKind: p.kind, principalId: p.id, level: chosenLevel });
              if (result.ok) setPrincipal(null);
              return result;
            }, `Shared with ${p.name}.`);
          }}
        >
          <h2 className="mb-3 text-base font-semibold">Share {resourceLabel}</h2>
          <div className="flex flex-col gap-3 md:flex-row md:items-start">
            <div className="flex-1">
              <PeoplePicker value={principal} onChange={setPrincipal} exclude={exclude} />
            </div>
            <div>
              <label htmlFor={permissionId} className="sr-only">
                Permission
              </label>
              <select id={permissionId} value={chosenLevel} onChange={(event) => setLevel(event.target.value)} className={selectClass}>
                {choices.map((l) => (
                  <option key={l.value} value={l.value}>
                    {l.label}
                  </option>
                ))}
              </select>
            </div>
            <Button type="submit" disabled={!principal || pending || !chosenLevel}>
              {pending ? 'Sharing…' : 'Share'}
            </Button>
          </div>
          {principal?.kind === 'everyone' ? (
            <p className="mt-2 text-xs text-slate-500">Everyone in the organization can only be given view access.</p>
          ) : null}
        </form>
      ) : (
        <Notice tone="info">You can see who has access. Sharing needs Can view + share or more.</Notice>
      )}
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full text-left text-sm" aria-label="People with access">
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Name
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Permission
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => {
              const manageable = canShare && !row.isOwner && row.level <= (grantable ?? -1);
              const rowChoices = offered(row.principalKind);
              return (
                <tr key={row.principalId}>
                  <td className="px-4 py-2.5">
                    <div className="flex flex-wrap items-center gap-1.5">
                      <span className="font-medium text-slate-900">{row.name}</span>
                      {row.isGuest ? <Badge tone="amber">Guest</Badge> : null}
                      {row.principalKind === 'group' ? <Badge>Group</Badge> : null}
                      {row.isDeactivated ? <Badge tone="red">Deactivated</Badge> : null}
                    </div>
                    {row.detail ? <div className="text-xs text-slate-500">{row.detail}</div> : null}
                  </td>
                  <td className="px-4 py-2.5">
                    {manageable && rowChoices.length > 0 ? (
                      <select
                        aria-label={`Permission for ${row.name}`}
                        value={levels.find((l) => l.rank === row.level)?.value}
                        disabled={pending}
                        onChange={(event) => {
                          const next = event.target.value;
                          run(() => onChange({ principalId: row.principalId, level: next }), `Changed access for ${row.name}.`);
                        }}
                        className={selectClass}
                      >
                        {rowChoices.map((l) => (
                          <option key={l.value} value={l.value}>
                            {l.label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className={row.isOwner ? 'font-medium text-violet-700' : 'text-slate-700'}>{row.levelLabel}</span>
                    )}
                  </td>
                  <td className="px-4 py-2.5 text-right">
                    {manageable ? (
                      <Button
                        variant="ghost"
                        size="sm"
                        disabled={pending}
                        aria-label={`Remove ${row.name}`}
                        onClick={() => run(() => onRemove({ principalId: row.principalId }), `Removed ${row.name}.`)}
                      >
                        Remove
                      </Button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
