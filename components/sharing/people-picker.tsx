'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { inputClass } from '@/components/ui/field';

export interface Principal {
  kind: 'user' | 'group' | 'everyone';
  id: string;
  name: string;
  detail: string;
  isGuest: boolean;
}

async function search(q: string, signal: AbortSignal): Promise<Principal[]> {
  const response = await fetch(`/api/principals?q=${encodeURIComponent(q)}`, { signal, headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error((await response.json().catch(() => null))?.message ?? 'Search failed.');
  return ((await response.json()) as { results: Principal[] }).results;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * `Add people or groups`: an ARIA combobox over a listbox. Results come from the server as you
 * type (debounced, cancelled when superseded), never the whole directory. Arrow keys move,
 * Enter picks, Escape closes.
 */
export function PeoplePicker({
  value,
  onChange,
  exclude,
  inputRef: givenRef,
}: {
  /** The people and groups chosen so far: several may be added before one Share. */
  value: Principal[];
  onChange: (chosen: Principal[]) => void;
  exclude: Set<string>;
  /** Lets the panel put focus back in the picker after sharing. */
  inputRef?: React.RefObject<HTMLInputElement | null>;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const ownRef = useRef<HTMLInputElement>(null);
  const inputRef = givenRef ?? ownRef;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const query = useQuery({
    queryKey: ['principals', q],
    queryFn: ({ signal }) => search(q, signal),
    enabled: open && q.length > 0,
    staleTime: 30_000,
  });
  const chosenIds = new Set(value.map((p) => p.id));
  const results = (query.data ?? []).filter((p) => !exclude.has(p.id) && !chosenIds.has(p.id));
  const expanded = open && q.length > 0;

  function pick(p: Principal) {
    onChange([...value, p]);
    setText('');
    setOpen(false);
    requestAnimationFrame(() => inputRef.current?.focus());
  }

  return (
    <div className="relative">
      {value.length > 0 ? (
        <ul aria-label="Chosen people and groups" className="mb-2 flex flex-wrap gap-1.5">
          {value.map((p) => (
            <li
              key={`${p.kind}-${p.id}`}
              className="flex items-center gap-1.5 rounded-md bg-brand-50 py-0.5 pl-2 pr-1 text-sm ring-1 ring-inset ring-brand-100"
            >
              <span className="font-medium text-brand-900">{p.name}</span>
              {p.isGuest ? <Badge tone="amber">Guest</Badge> : null}
              {p.kind === 'group' ? <Badge>Group</Badge> : null}
              <button
                type="button"
                className="rounded px-1 text-brand-700 hover:bg-brand-100"
                aria-label={`Clear ${p.name}`}
                onClick={() => {
                  onChange(value.filter((x) => x.id !== p.id));
                  requestAnimationFrame(() => inputRef.current?.focus());
                }}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        ref={inputRef}
        type="text"
        role="combobox"
        aria-label="Add people or groups"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && results[active] ? `${id}-opt-${active}` : undefined}
        placeholder={value.length ? 'Add another person or group' : 'Search by name, email or group'}
        autoComplete="off"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setOpen(true);
            setActive((i) => Math.min(i + 1, Math.max(results.length - 1, 0)));
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (event.key === 'Enter') {
            if (expanded && results[active]) {
              event.preventDefault();
              pick(results[active]);
            }
          } else if (event.key === 'Escape') {
            setOpen(false);
          } else if (event.key === 'Backspace' && text === '' && value.length > 0) {
            onChange(value.slice(0, -1));
          }
        }}
        className={inputClass}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="People and groups"
        hidden={!expanded}
        className="absolute z-30 mt-1 max-h-72 w-full overflow-y-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200"
      >
        {query.isFetching && results.length === 0 ? <li className="px-3 py-2 text-slate-500">Searching…</li> : null}
        {query.isError ? <li className="px-3 py-2 text-red-700">{(query.error as Error).message}</li> : null}
        {!query.isFetching && query.isSuccess && results.length === 0 ? (
          <li className="px-3 py-2 text-slate-500">No people or groups match “{q}”.</li>
        ) : null}
        {results.map((p, index) => (
          <li
            key={`${p.kind}-${p.id}`}
            id={`${id}-opt-${index}`}
            role="option"
            aria-selected={index === active}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(p)}
            onMouseEnter={() => setActive(index)}
            className={`cursor-pointer px-3 py-1.5 ${index === active ? 'bg-brand-50' : ''}`}
          >
            <div className="flex items-center gap-1.5">
              <span className="font-medium text-slate-900">{p.name}</span>
              {p.isGuest ? <Badge tone="amber">Guest</Badge> : null}
              {p.kind === 'group' ? <Badge>Group</Badge> : null}
            </div>
            {p.detail ? <div className="text-xs text-slate-500">{p.detail}</div> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
