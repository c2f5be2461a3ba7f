'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { cn } from '@/components/ui/cn';
import { inputClass } from '@/components/ui/field';
import { Spinner } from '@/components/ui/spinner';

type Query = { q: string; filter: string; sort: string };

const FILTERS = [
  { value: 'all', label: 'All' },
  { value: 'mine', label: 'Mine' },
  { value: 'shared', label: 'Shared with me' },
];

function href(pathname: string, query: Query): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.filter !== 'all') params.set('filter', query.filter);
  if (query.sort !== 'name') params.set('sort', query.sort);
  const qs = params.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

/**
 * Search as you type (debounced; each keystroke's navigation replaces the one before, so a slow
 * answer never overwrites a newer one), the All / Mine / Shared with me filter and the sort. The
 * list itself is rendered on the server from the URL, so a reload or a shared link shows the same.
 * Without JavaScript the form still submits.
 */
export function ListToolbar({ initial }: { initial: Query }) {
  const router = useRouter();
  const pathname = usePathname();
  const [text, setText] = useState(initial.q);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const go = (query: Query) => startTransition(() => router.replace(href(pathname, query), { scroll: false }));

  return (
    <div className="mb-4 flex flex-wrap items-end gap-3">
      <form
        role="search"
        action={pathname}
        className="flex min-w-0 flex-1 basis-64 items-center gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          clearTimeout(timer.current);
          go({ ...initial, q: text.trim() });
        }}
      >
        <input
          type="search"
          name="q"
          value={text}
          onChange={(event) => {
            const value = event.target.value;
            setText(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => go({ ...initial, q: value.trim() }), 250);
          }}
          aria-label="Search connectors"
          placeholder="Search connectors"
          className={cn(inputClass, 'max-w-md')}
        />
        {initial.filter !== 'all' ? <input type="hidden" name="filter" value={initial.filter} /> : null}
        {initial.sort !== 'name' ? <input type="hidden" name="sort" value={initial.sort} /> : null}
        <span className="w-6">{pending ? <Spinner label="Updating the list" /> : null}</span>
      </form>
      <div role="group" aria-label="Show" className="inline-flex rounded-md shadow-sm ring-1 ring-inset ring-slate-300">
        {FILTERS.map((f, i) => (
          <button
            key={f.value}
            type="button"
            aria-pressed={initial.filter === f.value}
            onClick={() => go({ ...initial, q: text.trim(), filter: f.value })}
            className={cn(
              'h-9 px-3 text-sm font-medium',
              i === 0 && 'rounded-l-md',
              i === FILTERS.length - 1 && 'rounded-r-md',
              initial.filter === f.value ? 'bg-brand-50 text-brand-700' : 'bg-white text-slate-700 hover:bg-slate-50',
            )}
          >
            {f.label}
          </button>
        ))}
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        Sort by
        <select
          value={initial.sort}
          onChange={(event) => go({ ...initial, q: text.trim(), sort: event.target.value })}
          className="h-9 rounded-md border-0 bg-white py-1 pl-2 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300"
        >
          <option value="name">Name</option>
          <option value="modified">Last modified</option>
        </select>
      </label>
    </div>
  );
}
