'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, ButtonLink } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { sendForResult } from '@/components/ui/send';
import { paths } from '@/lib/paths';

interface Draft {
  name: string;
  description: string;
  iconColor: string;
  document: string;
}

/** Edits the draft; on an error every field keeps what was typed. */
export function EditConnectorForm({
  environmentId,
  connectorId,
  baseHash,
  initial,
}: {
  environmentId: string;
  connectorId: string;
  /** The draft's hash when the page was opened: saving over a newer draft answers CONFLICT. */
  baseHash: string;
  initial: Draft;
}) {
  const router = useRouter();
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<{ message: string; detail?: string; code?: string; fields?: Record<string, string[]> } | null>(null);
  const [pending, startTransition] = useTransition();
  const set = (key: keyof Draft) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setDraft((d) => ({ ...d, [key]: event.target.value }));

  return (
    <form
      className="max-w-4xl space-y-5 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        startTransition(async () => {
          const result = await sendForResult<{ warnings: number }>(paths.api.connectorDraft(connectorId), {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              baseHash,
              name: draft.name,
              description: draft.description,
              iconColor: draft.iconColor,
              document: draft.document === initial.document ? undefined : draft.document,
            }),
          });
          if (!result.ok) {
            setError({ message: result.message, detail: result.detail, code: result.code, fields: result.fieldErrors });
            return;
          }
          router.push(paths.connector(environmentId, connectorId));
          router.refresh();
        });
      }}
    >
      {error ? (
        <Notice tone="error" title="Not saved">
          {error.message}
          {error.detail ? <p className="mt-1 font-mono text-xs break-words">{error.detail}</p> : null}
          {error.code === 'CONFLICT' ? (
            <p className="mt-1">
              Everything you typed is still here.{' '}
              <a href={paths.connector(environmentId, connectorId)} target="_blank" rel="noreferrer" className="font-medium underline">
                Open the newer draft in a new tab
              </a>{' '}
              to compare, then reload this page to edit from it.
            </p>
          ) : null}
        </Notice>
      ) : null}
      <TextField label="Name" value={draft.name} onChange={set('name')} required maxLength={120} error={error?.fields?.name?.[0]} />
      <TextField label="Description" value={draft.description} onChange={set('description')} maxLength={2000} />
      <div>
        <label htmlFor="icon-color" className="block text-sm font-medium text-slate-800">
          Icon background colour
        </label>
        <div className="mt-1 flex items-center gap-2">
          <input
            id="icon-color"
            type="color"
            value={draft.iconColor}
            onChange={set('iconColor')}
            className="h-9 w-14 cursor-pointer rounded border border-slate-300"
          />
          <code className="text-sm text-slate-600">{draft.iconColor}</code>
        </div>
      </div>
      <TextField
        label="API definition"
        multiline
        rows={24}
        value={draft.document}
        onChange={set('document') as never}
        spellCheck={false}
        hint="OpenAPI 2.0 or 3.x, JSON or YAML. It is checked again when you save; nothing is saved if it doesn’t read."
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save draft'}
        </Button>
        <ButtonLink href={paths.connector(environmentId, connectorId)} variant="secondary">
          Cancel
        </ButtonLink>
      </div>
    </form>
  );
}
