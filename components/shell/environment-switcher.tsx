'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useId, useRef, useState, useTransition } from 'react';
import { switchEnvironment } from '@/app/(portal)/actions';
import { cn } from '@/components/ui/cn';
import { parseEnvironmentPath, pathInOtherEnvironment } from '@/lib/paths';

export interface SwitcherEnvironment {
  id: string;
  name: string;
  roleLabel: string;
  region: string;
  isSensitive: boolean;
  isDefault: boolean;
}

/**
 * The `Environment` combobox: an ARIA select-only combobox (APG pattern). Arrow keys move through
 * the list without committing; only Enter, Space or a click switches, so browsing the list never
 * navigates away. The current environment comes from the URL; outside one, the remembered one.
 */
export function EnvironmentSwitcher({ environments, rememberedId }: { environments: SwitcherEnvironment[]; rememberedId: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const id = useId();
  const [open, setOpenState] = useState(false);
  const openRef = useRef(false);
  const setOpen = (next: boolean) => {
    openRef.current = next;
    setOpenState(next);
  };
  const [active, setActiveState] = useState(0);
  // Key presses can arrive faster than renders: the handlers read the active option from a ref.
  const activeRef = useRef(0);
  const setActive = (next: number | ((i: number) => number)) => {
    activeRef.current = typeof next === 'function' ? next(activeRef.current) : next;
    setActiveState(activeRef.current);
  };
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const comboRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const currentId = parseEnvironmentPath(pathname)?.environmentId ?? rememberedId;
  const currentIndex = Math.max(
    0,
    environments.findIndex((e) => e.id === currentId),
  );
  const current = environments[currentIndex];

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!comboRef.current?.contains(target) && !listRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  useEffect(() => {
    if (open) listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active]);

  if (environments.length === 0 || !current) return null;

  function openList() {
    setActive(currentIndex);
    setOpen(true);
  }

  function commit(index: number) {
    const target = environments[index];
    setOpen(false);
    comboRef.current?.focus();
    if (!target || target.id === current?.id) return;
    setError(null);
    startTransition(async () => {
      const result = await switchEnvironment({ environmentId: target.id });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      router.push(pathInOtherEnvironment(pathname, searchParams.toString(), target.id));
    });
  }

  function onKeyDown(event: React.KeyboardEvent) {
    const last = environments.length - 1;
    if (!openRef.current) {
      if (['ArrowDown', 'ArrowUp', 'Enter', ' ', 'Home', 'End'].includes(event.key)) {
        event.preventDefault();
        openList();
        if (event.key === 'Home') setActive(0);
        if (event.key === 'End') setActive(last);
      }
      return;
    }
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setActive((i) => Math.min(last, i + 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive((i) => Math.max(0, i - 1));
        break;
      case 'Home':
        event.preventDefault();
        setActive(0);
        break;
      case 'End':
        event.preventDefault();
        setActive(last);
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        commit(activeRef.current);
        break;
      case 'Escape':
        event.preventDefault();
        setOpen(false);
        break;
      case 'Tab':
        // Leaving the list keeps the current environment: only Enter or a click switches.
        setOpen(false);
        break;
      default:
        if (event.key.length === 1) {
          const letter = event.key.toLowerCase();
          const next = environments.findIndex((e, i) => i > activeRef.current && e.name.toLowerCase().startsWith(letter));
          const wrapped = next >= 0 ? next : environments.findIndex((e) => e.name.toLowerCase().startsWith(letter));
          if (wrapped >= 0) setActive(wrapped);
        }
    }
  }

  const optionId = (index: number) => `${id}-option-${index}`;
  return (
    <div className="relative flex items-center gap-2">
      <span id={`${id}-label`} className="text-xs font-medium text-slate-500">
        Environment
      </span>
      <div
        ref={comboRef}
        role="combobox"
        tabIndex={0}
        aria-labelledby={`${id}-label`}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={`${id}-listbox`}
        aria-activedescendant={open ? optionId(active) : undefined}
        aria-busy={pending || undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onClick={() => (open ? setOpen(false) : openList())}
        onKeyDown={onKeyDown}
        className={cn(
          'flex h-8 min-w-0 max-w-56 cursor-pointer items-center gap-1.5 rounded-md bg-white py-1 pl-2 pr-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:outline-none focus:ring-2 focus:ring-brand-600',
          pending && 'opacity-60',
        )}
      >
        <span className="truncate">{current.name}</span>
        <span className="sr-only">
          , {current.roleLabel}, region {current.region}
        </span>
        <svg aria-hidden viewBox="0 0 20 20" className="size-4 shrink-0 text-slate-500" fill="currentColor">
          <path d="M5.23 7.21a.75.75 0 011.06.02L10 11.17l3.71-3.94a.75.75 0 111.08 1.04l-4.25 4.5a.75.75 0 01-1.08 0l-4.25-4.5a.75.75 0 01.02-1.06z" />
        </svg>
      </div>
      <ul
        ref={listRef}
        id={`${id}-listbox`}
        role="listbox"
        aria-labelledby={`${id}-label`}
        tabIndex={-1}
        hidden={!open}
        className="absolute right-0 top-full z-40 mt-1 max-h-80 w-72 max-w-[calc(100vw-2rem)] overflow-y-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200"
      >
        {environments.map((env, index) => (
          <li
            key={env.id}
            id={optionId(index)}
            data-index={index}
            role="option"
            aria-selected={env.id === current.id}
            // Pointer movement, not a list opening under a resting pointer, moves the active option.
            onMouseMove={() => {
              if (activeRef.current !== index) setActive(index);
            }}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => commit(index)}
            className={cn('cursor-pointer px-3 py-2', index === active ? 'bg-brand-50' : '', env.id === current.id ? 'font-medium' : '')}
          >
            <span className="flex items-center justify-between gap-2">
              <span className="truncate text-slate-900">{env.name}</span>
              {env.id === current.id ? (
                <svg aria-hidden viewBox="0 0 20 20" className="size-4 shrink-0 text-brand-700" fill="currentColor">
                  <path d="M16.7 5.3a1 1 0 010 1.4l-7.5 7.5a1 1 0 01-1.4 0L3.3 9.7a1 1 0 011.4-1.4l3.8 3.8 6.8-6.8a1 1 0 011.4 0z" />
                </svg>
              ) : null}
            </span>
            <span className="block text-xs font-normal text-slate-600">
              {env.roleLabel} · {env.region}
              {env.isDefault ? ' · default' : ''}
              {env.isSensitive ? ' · sensitive' : ''}
            </span>
          </li>
        ))}
      </ul>
      {error ? (
        <span id={`${id}-error`} role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </div>
  );
}
