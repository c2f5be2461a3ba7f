import Link from 'next/link';
import { signOutAction } from '@/app/(portal)/actions';
import { Badge } from '@/components/ui/badge';
import { canInOrganization, policy, type Actor } from '@/lib/authz';
import { paths } from '@/lib/paths';
import { EnvironmentSwitcher } from './environment-switcher';
import { MobileMenu } from './mobile-menu';
import { NavLinks } from './nav-links';

export function Header({ actor }: { actor: Actor }) {
  const rememberedId = actor.environment?.id ?? null;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5">
        <Link href={paths.home()} className="flex items-center gap-2" aria-label="Makerport home">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/icon.svg" alt="" width={26} height={26} />
          <span className="font-semibold tracking-tight">Makerport</span>
        </Link>
        <span className="hidden text-sm text-slate-500 lg:inline" title={`Region ${actor.organizationRegion}`}>
          {actor.organizationName}
        </span>
        <MobileMenu>
          <nav aria-label="Main">
            <NavLinks rememberedId={rememberedId} showAdmin={canInOrganization(actor, 'organization:admin')} />
          </nav>
          <div className="flex flex-col gap-3 md:ml-auto md:flex-row md:items-center md:gap-4">
            <EnvironmentSwitcher
              rememberedId={rememberedId}
              environments={actor.environments.map((e) => ({
                id: e.id,
                name: e.name,
                roleLabel: policy.roleLabels[e.role],
                region: e.region,
                isSensitive: e.isSensitive,
                isDefault: e.isDefault,
              }))}
            />
            <div className="flex items-center gap-2 text-sm">
              <span className="text-slate-700" title={actor.email}>
                {actor.name}
              </span>
              {actor.kind === 'guest' ? <Badge tone="amber">Guest</Badge> : null}
            </div>
            <form action={signOutAction}>
              <button type="submit" className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900">
                Sign out
              </button>
            </form>
          </div>
        </MobileMenu>
      </div>
    </header>
  );
}
