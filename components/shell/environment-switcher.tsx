'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { switchEnvironment } from '@/app/(portal)/actions';

export interface SwitcherEnvironment {
  id: string;
  name: string;
  roleLabel: string;
  isSensitive: boolean;
}

/** The `Environment` combobox: a native select, so keyboard and screen readers work as people expect. */
export function EnvironmentSwitcher({ environments, currentId }: { environments: SwitcherEnvironment[]; currentId: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [value, setValue] = useState(currentId ?? '');
  const [error, setError] = useState<string | null>(null);
  if (environments.length === 0) return null;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="environment-switcher" className="text-xs font-medium text-slate-500">
        Environment
      </label>
      <select
        id="environment-switcher"
        value={value}
        disabled={pending}
        aria-describedby={error ? 'environment-switcher-error' : undefined}
        onChange={(event) => {
          const previous = value;
          const next = event.target.value;
          setValue(next);
          setError(null);
          startTransition(async () => {
            const result = await switchEnvironment({ environmentId: next });
            if (!result.ok) {
              setValue(previous);
              setError(result.message);
              return;
            }
            // A resource page belongs to the old environment: go back to its section's list.
            const section = pathname.split('/')[1];
            router.push(section ? `/${section}` : '/');
            router.refresh();
          });
        }}
        className="h-8 max-w-56 rounded-md border-0 bg-white py-1 pl-2 pr-7 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
      >
        {environments.map((env) => (
          <option key={env.id} value={env.id}>
            {env.name}
            {env.isSensitive ? ' · sensitive' : ''}
          </option>
        ))}
      </select>
      {error ? (
        <span id="environment-switcher-error" role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </div>
  );
}
