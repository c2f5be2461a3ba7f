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
}: {
  value: Principal | null;
  onChange: (p: Principal | null) => void;
  exclude: Set<string>;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const inputRef = useRef<HTMLInputElement>(null);
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
  const results = (query.data ?? []).filter((p) => !exclude.has(p.id));
  const expanded = open && q.length > 0;

  function pick(p: Principal) {
    onChange(p);
    setText('');
    setOpen(false);
  }

  if (value) {
    return (
      <div className="flex min-h-9 items-center gap-2 rounded-md bg-brand-50 px-2.5 py-1.5 text-sm ring-1 ring-inset ring-brand-100">
        <span className="font-medium text-brand-900">{value.name}</span>
        {value.isGuest ? <Badge tone="amber">Guest</Badge> : null}
        {value.kind === 'group' ? <Badge>Group</Badge> : null}
        <button
          type="button"
          className="ml-auto rounded px-1 text-brand-700 hover:bg-brand-100"
          aria-label={`Clear ${value.name}`}
          onClick={() => {
            onChange(null);
            requestAnimationFrame(() => inputRef.current?.focus());
          }}
        >
          ✕
        </button>
      </div>
    );
  }

  return (
    <div className="relative">
      <input
        ref={inputRef}
        type="text"
        role="combobox"
        aria-label="Add people or groups"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && results[active] ? `${id}-opt-${active}` : undefined}
        placeholder="Search by name, email or group"
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
