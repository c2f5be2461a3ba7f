'use client';

import * as RadixTabs from '@radix-ui/react-tabs';
import { usePathname, useRouter } from 'next/navigation';
import { useOptimistic, useTransition, type ReactNode } from 'react';
import { Spinner } from './spinner';

/**
 * Tabs kept in the URL (`?tab=`): the server renders only the active panel (so a tab costs only
 * its own queries), a reload or a shared link opens the same tab, and switching shows progress.
 */
export function Tabs({
  tabs,
  active,
  label,
  children,
}: {
  tabs: { value: string; label: string }[];
  active: string;
  label: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [shown, setShown] = useOptimistic(active);
  return (
    <RadixTabs.Root
      // Manual activation: arrow keys move focus between tabs; Enter or Space opens one (each opening is a server request).
      activationMode="manual"
      value={shown}
      onValueChange={(value) => {
        // Only the tab travels: one-off notices (?created=…) belong to the visit that caused them.
        const next = new URLSearchParams();
        next.set('tab', value);
        startTransition(() => {
          setShown(value);
          router.push(`${pathname}?${next.toString()}`, { scroll: false });
        });
      }}
    >
      <div className="mb-5 flex items-center gap-3 border-b border-slate-200">
        <RadixTabs.List aria-label={label} className="flex gap-1">
          {tabs.map((tab) => (
            <RadixTabs.Trigger
              key={tab.value}
              value={tab.value}
              className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:text-slate-900 data-[state=active]:border-brand-600 data-[state=active]:text-brand-700"
            >
              {tab.label}
            </RadixTabs.Trigger>
          ))}
        </RadixTabs.List>
        {pending ? <Spinner label="Loading tab" /> : null}
      </div>
      <RadixTabs.Content value={active} className="focus-visible:outline-none">
        {children}
      </RadixTabs.Content>
    </RadixTabs.Root>
  );
}
