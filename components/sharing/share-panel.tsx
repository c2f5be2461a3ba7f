'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState, useTransition } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Notice } from '@/components/ui/notice';
import { toast } from '@/components/ui/toaster';
import { PeoplePicker, type Principal } from './people-picker';

export interface ShareLevel {
  value: string;
  label: string;
}

/** One row of `People with access`, with what the server allows on it. */
export interface ShareRow {
  principalKind: 'user' | 'group' | 'everyone';
  principalId: string;
  name: string;
  detail: string | null;
  isGuest: boolean;
  isDeactivated: boolean;
  isOwner: boolean;
  /** The signed-in person's own row. */
  isYou: boolean;
  level: ShareLevel;
  canChange: boolean;
  canRemove: boolean;
  /** Levels this row may be changed to. */
  offered: ShareLevel[];
}

type Result = { ok: true; data?: unknown } | { ok: false; message: string };

export interface SharePanelProps {
  resourceLabel: string;
  /** Whether the person may share at all (else the panel only lists who has access). */
  canShare: boolean;
  /** Levels `Share` may hand out: to people and groups, and to Everyone. */
  addLevels: { people: ShareLevel[]; everyone: ShareLevel[] };
  /** One line per level: what it allows. */
  legend: { label: string; help: string }[];
  rows: ShareRow[];
  onShare: (input: { principalKind: Principal['kind']; principalId: string; level: string }) => Promise<Result>;
  onChange: (input: { principalId: string; level: string }) => Promise<Result>;
  onRemove: (input: { principalId: string }) => Promise<Result>;
}

const selectClass =
  'h-9 rounded-md border-0 bg-white py-1 pl-2 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 disabled:opacity-50';

/**
 * The Share panel (DESIGN.md §6) for any resource kind. Several people or groups are added before
 * one `Share`; a row's new level is only a pending change until `Save` (arrow keys on its
 * dropdown never save); removing yourself or lowering your own level asks first; focus returns to
 * the picker, the row or the table after each action; outcomes are announced as status messages.
 * What each row allows comes from the server: the panel compares no levels.
 */
export function SharePanel(props: SharePanelProps) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }));
  return (
    <QueryClientProvider client={client}>
      <SharePanelInner {...props} />
    </QueryClientProvider>
  );
}

type Confirm = { kind: 'remove'; row: ShareRow } | { kind: 'lower'; row: ShareRow; level: ShareLevel };

function SharePanelInner({ resourceLabel, canShare, addLevels, legend, rows, onShare, onChange, onRemove }: SharePanelProps) {
  const router = useRouter();
  const permissionId = useId();
  const pickerRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const rowSelects = useRef(new Map<string, HTMLSelectElement>());
  const [chosen, setChosen] = useState<Principal[]>([]);
  const [level, setLevel] = useState('');
  const [pendingLevels, setPendingLevels] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [busy, startTransition] = useTransition();

  // Everyone can only be given what Everyone may hold; people and groups what the person may grant.
  const choices = chosen.some((p) => p.kind === 'everyone') ? addLevels.everyone : addLevels.people;
  const chosenLevel = choices.some((c) => c.value === level) ? level : (choices[0]?.value ?? '');
  const exclude = useMemo(() => new Set(rows.map((r) => r.principalId)), [rows]);

  // Focus goes back once the action is over and the row's controls are enabled again.
  const focusTarget = useRef<{ row: string } | 'picker' | 'table' | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const setFocusTarget = (target: { row: string } | 'picker' | 'table') => {
    focusTarget.current = target;
    setFocusRequest((n) => n + 1);
  };
  useEffect(() => {
    const target = focusTarget.current;
    if (busy || !target) return;
    const element = target === 'picker' ? pickerRef.current : target === 'table' ? tableRef.current : rowSelects.current.get(target.row);
    element?.focus();
    focusTarget.current = null;
  }, [busy, focusRequest, rows]);
  const focusRow = (principalId: string) => setFocusTarget({ row: principalId });

  function share() {
    if (!chosen.length || !chosenLevel) return;
    setError(null);
    const people = chosen;
    startTransition(async () => {
      const failed: Principal[] = [];
      const notes: string[] = [];
      const messages: string[] = [];
      for (const p of people) {
        const result = await onShare({ principalKind: p.kind, principalId: p.id, level: chosenLevel });
        if (!result.ok) {
          failed.push(p);
          messages.push(`${p.name}: ${result.message}`);
        } else {
          const note = (result.data as { note?: string | null } | undefined)?.note;
          if (note) notes.push(note);
        }
      }
      const shared = people.filter((p) => !failed.includes(p));
      setChosen(failed);
      if (shared.length) toast(`Shared with ${shared.map((p) => p.name).join(', ')}.${notes.length ? ` ${notes.join(' ')}` : ''}`);
      if (messages.length) setError(messages.join(' '));
      router.refresh();
      setFocusTarget('picker');
    });
  }

  function save(row: ShareRow, next: ShareLevel) {
    setError(null);
    startTransition(async () => {
      const result = await onChange({ principalId: row.principalId, level: next.value });
      if (!result.ok) {
        setError(result.message);
        focusRow(row.principalId);
        return;
      }
      setPendingLevels(({ [row.principalId]: _, ...rest }) => rest);
      toast(`${row.isYou ? 'Your access' : `${row.name}’s access`} is now ${next.label}.`);
      router.refresh();
      focusRow(row.principalId);
    });
  }

  function remove(row: ShareRow) {
    setError(null);
    startTransition(async () => {
      const result = await onRemove({ principalId: row.principalId });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      toast(row.isYou ? 'You removed your own access.' : `Removed ${row.name}.`);
      router.refresh();
      setFocusTarget('table');
    });
  }

  /** Whether `next` is below the row's current level: the server offers levels lowest first. */
  const isLower = (row: ShareRow, next: ShareLevel) => {
    const order = [...row.offered.map((l) => l.value)];
    if (!order.includes(row.level.value)) return true;
    return order.indexOf(next.value) < order.indexOf(row.level.value);
  };

  return (
    <div className="space-y-5">
      {canShare ? (
        <form
          className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
          aria-busy={busy}
          onSubmit={(event) => {
            event.preventDefault();
            share();
          }}
        >
          <h2 className="mb-3 text-base font-semibold">Share {resourceLabel}</h2>
          <div className="flex flex-col gap-3 md:flex-row md:items-start">
            <div className="flex-1">
              <PeoplePicker value={chosen} onChange={setChosen} exclude={exclude} inputRef={pickerRef} />
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
            <Button type="submit" disabled={!chosen.length || busy || !chosenLevel}>
              {busy ? 'Sharing…' : 'Share'}
            </Button>
          </div>
          {chosen.some((p) => p.kind === 'everyone') ? (
            <p className="mt-2 text-xs text-slate-500">Everyone in the organization can only be given view access.</p>
          ) : null}
          <p className="mt-3 text-xs text-slate-600">
            {legend.map((l, i) => (
              <span key={l.label}>
                {i > 0 ? ' · ' : ''}
                <span className="font-medium text-slate-800">{l.label}</span>: {l.help}
              </span>
            ))}
          </p>
        </form>
      ) : (
        <Notice tone="info">You can see who has access. Sharing needs Can view + share or more.</Notice>
      )}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div
        ref={tableRef}
        tabIndex={-1}
        className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200 outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
      >
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
              const pendingValue = pendingLevels[row.principalId];
              const pending =
                pendingValue && pendingValue !== row.level.value ? row.offered.find((l) => l.value === pendingValue) : undefined;
              const options = row.offered.some((l) => l.value === row.level.value) ? row.offered : [row.level, ...row.offered];
              return (
                <tr key={row.principalId}>
                  <td className="px-4 py-2.5">
                    <div className="flex flex-wrap items-center gap-1.5">
                      <span className="font-medium text-slate-900">
                        {row.name}
                        {row.isYou ? <span className="font-normal text-slate-500"> (you)</span> : null}
                      </span>
                      {row.isGuest ? <Badge tone="amber">Guest</Badge> : null}
                      {row.principalKind === 'group' ? <Badge>Group</Badge> : null}
                      {row.isDeactivated ? <Badge tone="red">Deactivated</Badge> : null}
                    </div>
                    {row.detail ? <div className="text-xs text-slate-500">{row.detail}</div> : null}
                  </td>
                  <td className="px-4 py-2.5">
                    {row.canChange ? (
                      <div className="flex flex-wrap items-center gap-2">
                        <select
                          ref={(element) => {
                            if (element) rowSelects.current.set(row.principalId, element);
                            else rowSelects.current.delete(row.principalId);
                          }}
                          aria-label={`Permission for ${row.name}`}
                          value={pendingValue ?? row.level.value}
                          disabled={busy}
                          // A pending change only: nothing is saved until Save.
                          onChange={(event) => setPendingLevels((all) => ({ ...all, [row.principalId]: event.target.value }))}
                          className={selectClass}
                        >
                          {options.map((l) => (
                            <option key={l.value} value={l.value}>
                              {l.label}
                            </option>
                          ))}
                        </select>
                        {pending ? (
                          <>
                            <Button
                              size="sm"
                              disabled={busy}
                              aria-label={`Save permission for ${row.name}`}
                              onClick={() =>
                                row.isYou && isLower(row, pending) ? setConfirm({ kind: 'lower', row, level: pending }) : save(row, pending)
                              }
                            >
                              Save
                            </Button>
                            <Button
                              size="sm"
                              variant="secondary"
                              disabled={busy}
                              aria-label={`Cancel change for ${row.name}`}
                              onClick={() => {
                                setPendingLevels(({ [row.principalId]: _, ...rest }) => rest);
                                focusRow(row.principalId);
                              }}
                            >
                              Cancel
                            </Button>
                          </>
                        ) : null}
                      </div>
                    ) : (
                      <span className={row.isOwner ? 'font-medium text-violet-700' : 'text-slate-700'}>{row.level.label}</span>
                    )}
                  </td>
                  <td className="px-4 py-2.5 text-right">
                    {row.canRemove ? (
                      <Button
                        variant="ghost"
                        size="sm"
                        disabled={busy}
                        aria-label={`Remove ${row.name}`}
                        onClick={() => (row.isYou ? setConfirm({ kind: 'remove', row }) : remove(row))}
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
      <Dialog
        open={confirm != null}
        onOpenChange={(open) => {
          if (!open) {
            const row = confirm?.row;
            setConfirm(null);
            if (row) focusRow(row.principalId);
          }
        }}
        title={confirm?.kind === 'remove' ? 'Remove your own access?' : 'Lower your own access?'}
        description={
          confirm?.kind === 'remove'
            ? `You will no longer see ${resourceLabel} unless someone shares it with you again.`
            : confirm
              ? `You will have ${confirm.level.label} on ${resourceLabel}, and can’t raise it back yourself.`
              : undefined
        }
      >
        <div className="flex justify-end gap-2">
          <Button
            variant="secondary"
            onClick={() => {
              const row = confirm?.row;
              setConfirm(null);
              if (row) focusRow(row.principalId);
            }}
          >
            Keep my access
          </Button>
          <Button
            variant="danger"
            onClick={() => {
              const current = confirm;
              setConfirm(null);
              if (current?.kind === 'remove') remove(current.row);
              else if (current) save(current.row, current.level);
            }}
          >
            {confirm?.kind === 'remove' ? 'Remove my access' : 'Lower my access'}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
