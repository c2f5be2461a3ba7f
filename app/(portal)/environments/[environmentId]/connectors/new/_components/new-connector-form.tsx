'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { createConnectorAction } from '@/app/(portal)/environments/[environmentId]/connectors/actions';
import { Button, ButtonLink } from '@/components/ui/button';
import { inputClass, TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { paths } from '@/lib/paths';

/**
 * The upload form. It submits through the action without resetting, so after an error the chosen
 * files, the name and any pasted text are still there to fix and retry.
 */
export function NewConnectorForm({ environmentId, maxMegabytes }: { environmentId: string; maxMegabytes: number }) {
  const router = useRouter();
  const fileId = useId();
  const pasteId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [name, setName] = useState('');
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = new FormData();
    form.set('environmentId', environmentId);
    form.set('name', name);
    if (files.length === 0) form.set('pasted', pasted);
    for (const file of files) form.append('files', file);
    startTransition(async () => {
      const result = await createConnectorAction(form);
      if (!result.ok) {
        setError(result.message);
        return;
      }
      router.push(paths.connector(environmentId, result.data.id, undefined, { created: result.data.warnings ? 'warnings' : '1' }));
    });
  }

  return (
    <form onSubmit={submit} className="max-w-2xl space-y-6 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" aria-busy={pending}>
      {error ? (
        <Notice tone="error" title="The connector wasn’t created">
          {error}
        </Notice>
      ) : null}
      <div>
        <label htmlFor={fileId} className="block text-sm font-medium text-slate-800">
          API definition file
        </label>
        <p id={`${fileId}-hint`} className="mt-0.5 text-xs text-slate-500">
          An OpenAPI 2.0 or 3.x file (.json, .yaml), or a Power Platform connector package: its .zip, or apiDefinition.swagger.json with
          apiProperties.json (and icon.png, script.csx) chosen together. Up to {maxMegabytes} MB.
        </p>
        <input
          id={fileId}
          type="file"
          multiple
          accept=".json,.yaml,.yml,.zip,.png,.jpg,.csx,application/json,application/zip"
          aria-describedby={`${fileId}-hint`}
          onChange={(event) => setFiles(Array.from(event.target.files ?? []))}
          className="mt-2 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-brand-700 hover:file:bg-brand-100"
        />
        {files.length > 0 ? (
          <ul className="mt-2 text-xs text-slate-600">
            {files.map((f) => (
              <li key={`${f.name}-${f.size}`}>
                {f.name} · {(f.size / 1024).toFixed(f.size < 10240 ? 1 : 0)} KB
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <details className="rounded-md border border-slate-200 px-3 py-2" open={pasted.length > 0}>
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Or paste an OpenAPI document</summary>
        <label htmlFor={pasteId} className="sr-only">
          OpenAPI document
        </label>
        <textarea
          id={pasteId}
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
          rows={10}
          disabled={files.length > 0}
          placeholder={'openapi: 3.0.3\ninfo:\n  title: My API\n  version: "1.0"\npaths: …'}
          className={`${inputClass} mt-2 font-mono text-xs`}
        />
        {files.length > 0 ? <p className="mt-1 text-xs text-slate-500">A chosen file takes precedence over pasted text.</p> : null}
      </details>
      <TextField
        label="Name"
        name="name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={120}
        hint="Leave empty to use the title in the definition."
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending || (files.length === 0 && !pasted.trim())}>
          {pending ? 'Creating…' : 'Create connector'}
        </Button>
        <ButtonLink href={paths.connectors(environmentId)} variant="secondary">
          Cancel
        </ButtonLink>
      </div>
    </form>
  );
}
