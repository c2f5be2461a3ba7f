'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { cn } from './cn';
import { inputClass } from './field';
import { Spinner } from './spinner';

/**
 * A filter box that filters as you type: it writes `?<param>=` (debounced; each navigation replaces
 * the one before it, so a slow answer never overwrites a newer one) and drops the paging cursor,
 * and the server renders the matching rows. Other query parameters (the tab) stay.
 */
export function SearchParamFilter({
  param,
  label,
  resetParams = [],
  className,
}: {
  param: string;
  label: string;
  resetParams?: string[];
  className?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [text, setText] = useState(searchParams.get(param) ?? '');
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  function apply(value: string) {
    const next = new URLSearchParams(searchParams.toString());
    for (const key of resetParams) next.delete(key);
    if (value.trim()) next.set(param, value.trim());
    else next.delete(param);
    const qs = next.toString();
    startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
  }

  return (
    <div role="search" className={cn('flex items-center gap-2', className)}>
      <input
        type="search"
        value={text}
        aria-label={label}
        placeholder={label}
        onChange={(event) => {
          setText(event.target.value);
          clearTimeout(timer.current);
          const value = event.target.value;
          timer.current = setTimeout(() => apply(value), 250);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            clearTimeout(timer.current);
            apply(text);
          }
        }}
        className={cn(inputClass, 'max-w-sm')}
      />
      <span className="w-6">{pending ? <Spinner label="Filtering" /> : null}</span>
    </div>
  );
}
