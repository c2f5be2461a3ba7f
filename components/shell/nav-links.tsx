'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';
import { parseEnvironmentPath, paths, type EnvironmentSection } from '@/lib/paths';

const SECTIONS: { section: EnvironmentSection; label: string }[] = [
  { section: 'connectors', label: 'Connectors' },
  { section: 'connections', label: 'Connections' },
  { section: 'flows', label: 'Flows' },
  { section: 'solutions', label: 'Solutions' },
];

/** The main navigation: each section in the environment of the current URL (else the remembered one). */
export function NavLinks({ rememberedId, showAdmin }: { rememberedId: string | null; showAdmin: boolean }) {
  const pathname = usePathname();
  const parsed = parseEnvironmentPath(pathname);
  const environmentId = parsed?.environmentId ?? rememberedId;
  const links = [
    ...(environmentId
      ? SECTIONS.map((s) => ({ href: paths.section(environmentId, s.section), label: s.label, current: parsed?.section === s.section }))
      : []),
    ...(showAdmin
      ? [{ href: paths.admin(), label: 'Admin', current: pathname === paths.admin() || pathname.startsWith(`${paths.admin()}/`) }]
      : []),
  ];
  return (
    <ul className="flex flex-col gap-1 md:flex-row md:flex-wrap md:items-center">
      {links.map((link) => (
        <li key={link.label}>
          <Link
            href={link.href}
            aria-current={link.current ? 'page' : undefined}
            className={cn(
              'block rounded-md px-2.5 py-1.5 text-sm font-medium',
              link.current ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900',
            )}
          >
            {link.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
