'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState, useTransition } from 'react';
import { Button, ButtonLink } from '@/components/ui/button';
import { inputClass, TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { sendForResult } from '@/components/ui/send';
import { cn } from '@/components/ui/cn';
import { paths } from '@/lib/paths';

const ACCEPT = '.json,.yaml,.yml,.zip,.png,.jpg,.csx,application/json,application/zip';

/**
 * The upload form: files chosen or dropped, or a pasted document. It posts to the upload route
 * handler without resetting, so after an error the files, the name and any pasted text are still
 * there to fix and retry.
 */
export function NewConnectorForm({ environmentId, maxMegabytes }: { environmentId: string; maxMegabytes: number }) {
  const router = useRouter();
  const fileId = useId();
  const pasteId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [dragging, setDragging] = useState(false);
  const [name, setName] = useState('');
  const [pasted, setPasted] = useState('');
  // The paste area stays open once opened, whatever is typed or cleared in it.
  const [pasteOpen, setPasteOpen] = useState(false);
  const [error, setError] = useState<{ message: string; detail?: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function choose(list: FileList | null) {
    setFiles(Array.from(list ?? []));
    setError(null);
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = new FormData();
    form.set('name', name);
    if (files.length === 0) form.set('pasted', pasted);
    for (const file of files) form.append('files', file);
    startTransition(async () => {
      const result = await sendForResult<{ id: string; warnings: number }>(paths.api.connectorUpload(environmentId), {
        method: 'POST',
        body: form,
      });
      if (!result.ok) {
        setError({ message: result.message, detail: result.detail });
        return;
      }
      router.push(paths.connector(environmentId, result.data.id, undefined, { created: result.data.warnings ? 'warnings' : '1' }));
    });
  }

  return (
    <form onSubmit={submit} className="max-w-2xl space-y-6 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" aria-busy={pending}>
      {error ? (
        <Notice tone="error" title="The connector wasn’t created">
          <p>{error.message}</p>
          {error.detail ? <p className="mt-1 font-mono text-xs break-words text-red-900">{error.detail}</p> : null}
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
        <div
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            choose(event.dataTransfer.files);
          }}
          className={cn(
            'mt-2 rounded-lg border-2 border-dashed px-4 py-6 text-center transition-colors',
            dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300 bg-slate-50',
          )}
        >
          <p className="text-sm text-slate-700">
            Drop files here, or{' '}
            <button type="button" className="font-medium text-brand-700 underline" onClick={() => input.current?.click()}>
              choose files
            </button>
            .
          </p>
          <input
            ref={input}
            id={fileId}
            type="file"
            multiple
            accept={ACCEPT}
            aria-describedby={`${fileId}-hint`}
            onChange={(event) => choose(event.target.files)}
            className="sr-only"
          />
          {files.length > 0 ? (
            <ul className="mt-3 space-y-0.5 text-xs text-slate-700" aria-label="Chosen files">
              {files.map((f) => (
                <li key={`${f.name}-${f.size}`}>
                  {f.name} · {(f.size / 1024).toFixed(f.size < 10240 ? 1 : 0)} KB
                </li>
              ))}
            </ul>
          ) : null}
          {files.length > 0 ? (
            <button
              type="button"
              className="mt-2 text-xs font-medium text-slate-600 underline"
              onClick={() => {
                setFiles([]);
                if (input.current) input.current.value = '';
              }}
            >
              Clear the chosen files
            </button>
          ) : null}
        </div>
      </div>
      <details
        className="rounded-md border border-slate-200 px-3 py-2"
        open={pasteOpen}
        onToggle={(event) => setPasteOpen((event.currentTarget as HTMLDetailsElement).open)}
      >
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Or paste an OpenAPI document</summary>
        <label htmlFor={pasteId} className="sr-only">
          OpenAPI document
        </label>
        <textarea
          id={pasteId}
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
          rows={12}
          disabled={files.length > 0}
          placeholder={'openapi: 3.0.3\ninfo:\n  title: My API\n  version: "1.0"\npaths: …'}
          className={`${inputClass} mt-2 min-h-48 resize-y font-mono text-xs`}
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
