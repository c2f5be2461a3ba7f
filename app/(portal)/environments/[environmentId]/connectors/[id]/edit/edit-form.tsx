'use client';

import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, useTransition } from 'react';
import { Button, ButtonLink } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { sendForResult } from '@/components/ui/send';
import { paths } from '@/lib/paths';

// The code editor is loaded only on this page: other pages' JavaScript doesn't carry it.
const CodeEditor = dynamic(() => import('@/components/code-editor/code-editor'), {
  ssr: false,
  loading: () => <div className="h-64 animate-pulse rounded-md bg-slate-100" aria-label="Loading the editor" role="status" />,
});

interface Draft {
  name: string;
  description: string;
  iconColor: string;
  document: string;
}

type Check =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'ok'; operations: number; warnings: { message: string; location: string }[] }
  | { state: 'error'; message: string; detail?: string };

const CHECK_DELAY_MS = 800;
const ICON_MAX_BYTES = 1024 * 1024;

/**
 * Edits the draft: name, description, colour, icon and the API document in a code editor that is
 * checked on the server as you type. On an error every field keeps what was typed.
 */
export function EditConnectorForm({
  environmentId,
  connectorId,
  baseHash,
  nonce,
  initial,
}: {
  environmentId: string;
  connectorId: string;
  /** The draft's hash when the page was opened: saving over a newer draft answers CONFLICT. */
  baseHash: string;
  /** The page's CSP nonce: the code editor's own styles need it. */
  nonce?: string;
  initial: Draft;
}) {
  const router = useRouter();
  const documentId = useId();
  const [draft, setDraft] = useState(initial);
  const [icon, setIcon] = useState<{ name: string; base64: string } | null>(null);
  const [iconError, setIconError] = useState<string | null>(null);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [error, setError] = useState<{ message: string; detail?: string; code?: string; fields?: Record<string, string[]> } | null>(null);
  const [pending, startTransition] = useTransition();
  const checkSeq = useRef(0);
  const set = (key: keyof Draft) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setDraft((d) => ({ ...d, [key]: event.target.value }));

  // Validation as you type: debounced, on the server (the same reading as saving), latest answer wins.
  useEffect(() => {
    if (draft.document === initial.document) return;
    const seq = ++checkSeq.current;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setCheck({ state: 'checking' });
      const result = await sendForResult<{ operations: number; warnings: { message: string; location: string }[] }>(
        `${paths.api.connectorDraft(connectorId)}/check`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ document: draft.document }),
          signal: controller.signal,
        },
      );
      if (seq !== checkSeq.current) return;
      if (result.ok) setCheck({ state: 'ok', ...result.data });
      else if (result.code !== 'LIMIT_EXCEEDED') setCheck({ state: 'error', message: result.message, detail: result.detail });
    }, CHECK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [draft.document, initial.document, connectorId]);

  async function chooseIcon(file: File | undefined) {
    setIconError(null);
    setIcon(null);
    if (!file) return;
    if (file.size > ICON_MAX_BYTES) {
      setIconError(`${file.name} is larger than 1 MB.`);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    // The server checks the content (PNG or JPEG signature), not the name.
    setIcon({ name: file.name, base64: btoa(binary) });
  }

  async function replaceDocument(file: File | undefined) {
    if (!file) return;
    setDraft((d) => ({ ...d, document: '' }));
    const text = await file.text();
    setDraft((d) => ({ ...d, document: text }));
  }

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
              icon: icon?.base64,
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
          {error.code === 'CONFLICT' && !error.fields?.name ? (
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
      <div className="flex flex-wrap gap-6">
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
        <div>
          <label htmlFor="icon-file" className="block text-sm font-medium text-slate-800">
            Icon
          </label>
          <input
            id="icon-file"
            type="file"
            accept="image/png,image/jpeg"
            aria-describedby="icon-hint"
            aria-invalid={iconError ? true : undefined}
            onChange={(event) => void chooseIcon(event.target.files?.[0])}
            className="mt-1 block text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-brand-700"
          />
          <p id="icon-hint" className={`mt-1 text-xs ${iconError ? 'text-red-700' : 'text-slate-500'}`}>
            {iconError ?? (icon ? `${icon.name} replaces the icon when you save.` : 'PNG or JPEG, at most 1 MB.')}
          </p>
        </div>
      </div>
      <div>
        <div className="flex flex-wrap items-end justify-between gap-2">
          <span id={`${documentId}-label`} className="block text-sm font-medium text-slate-800">
            API definition
          </span>
          <label className="text-sm font-medium text-brand-700">
            <span className="cursor-pointer underline">Replace with a file</span>
            <input
              type="file"
              accept=".json,.yaml,.yml,application/json"
              className="sr-only"
              aria-label="Replace the API definition with a file"
              onChange={(event) => void replaceDocument(event.target.files?.[0])}
            />
          </label>
        </div>
        <p id={`${documentId}-hint`} className="mt-0.5 text-xs text-slate-500">
          OpenAPI 2.0 or 3.x, JSON or YAML, kept in the order you write it. It is checked as you type and again when you save.
        </p>
        <div className="mt-1">
          <CodeEditor
            value={draft.document}
            onChange={(text) => setDraft((d) => ({ ...d, document: text }))}
            label="API definition"
            describedBy={`${documentId}-hint ${documentId}-check`}
            invalid={check.state === 'error'}
            nonce={nonce}
          />
        </div>
        <div id={`${documentId}-check`} role="status" aria-live="polite" className="mt-1 min-h-5 text-xs">
          {check.state === 'checking' ? <span className="text-slate-500">Checking…</span> : null}
          {check.state === 'ok' ? (
            <span className="text-emerald-800">
              Reads: {check.operations} operation{check.operations === 1 ? '' : 's'}
              {check.warnings.length ? `, ${check.warnings.length} warning${check.warnings.length === 1 ? '' : 's'}` : ', no warnings'}.
            </span>
          ) : null}
          {check.state === 'error' ? (
            <span className="text-red-700">
              {check.message}
              {check.detail ? <span className="block font-mono">{check.detail}</span> : null}
            </span>
          ) : null}
        </div>
        {check.state === 'ok' && check.warnings.length ? (
          <ul className="mt-1 max-h-32 list-disc overflow-y-auto pl-5 text-xs text-amber-900">
            {check.warnings.slice(0, 10).map((w, i) => (
              <li key={`${w.location}-${i}`}>
                {w.message} <code className="text-amber-700">{w.location}</code>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
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
