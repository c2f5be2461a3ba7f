import type { Metadata } from 'next';
import Link from 'next/link';
import { ConnectorIcon } from '@/components/connectors/connector-icon';
import { accessLabel } from '@/components/connectors/labels';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { inputClass } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { Table } from '@/components/ui/table';
import { db } from '@/db/client';
import { canInEnvironment, isId } from '@/lib/authz';
import { listConnectors } from '@/lib/connectors/queries';
import { requireEnvironment } from '@/lib/pages';
import { paths } from '@/lib/paths';

export const metadata: Metadata = { title: 'Connectors' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

export default async function ConnectorsPage({
  params: routeParams,
  searchParams,
}: {
  params: Promise<{ environmentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { actor, environment: env } = await requireEnvironment((await routeParams).environmentId);
  const params = await searchParams;
  const search = typeof params.q === 'string' ? params.q.slice(0, 100) : '';
  const afterName = typeof params.afterName === 'string' ? params.afterName : undefined;
  const afterId = typeof params.afterId === 'string' && isId(params.afterId) ? params.afterId : undefined;
  const { items, next } = await listConnectors(db, actor, {
    environmentId: env.id,
    search,
    after: afterName != null && afterId ? { name: afterName, id: afterId } : undefined,
  });
  const canCreate = canInEnvironment(actor, 'environment:create', env.id);
  const nextHref = next ? paths.connectors(env.id, { q: search, afterName: next.name, afterId: next.id }) : null;

  return (
    <>
      <PageHeader
        title="Custom connectors"
        description={`Connectors in ${env.name} that you can use, share or edit.`}
        actions={
          <>
            <ButtonLink href={paths.sharedConnectors(env.id)} variant="secondary">
              Shared connectors
            </ButtonLink>
            {canCreate ? <ButtonLink href={paths.newConnector(env.id)}>New custom connector</ButtonLink> : null}
          </>
        }
      />
      <form role="search" action={paths.connectors(env.id)} className="mb-4 flex max-w-md gap-2">
        <input
          type="search"
          name="q"
          defaultValue={search}
          aria-label="Search connectors"
          placeholder="Search connectors"
          className={inputClass}
        />
        <button
          type="submit"
          className="rounded-md bg-white px-3 text-sm font-medium shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        >
          Search
        </button>
      </form>
      {items.length === 0 ? (
        search || afterId ? (
          <EmptyState
            title="No connectors match"
            action={
              <ButtonLink href={paths.connectors(env.id)} variant="secondary">
                Clear the search
              </ButtonLink>
            }
          >
            Nothing you can see in {env.name} matches “{search}”.
          </EmptyState>
        ) : (
          <EmptyState
            title="No custom connectors yet"
            action={canCreate ? <ButtonLink href={paths.newConnector(env.id)}>New custom connector</ButtonLink> : undefined}
          >
            {canCreate
              ? 'Describe an API with an OpenAPI file, or bring a Power Platform connector package, and share it with your team.'
              : `Nobody has shared a connector with you in ${env.name} yet. Your role here doesn’t let you create one.`}
          </EmptyState>
        )
      ) : (
        <Table caption="Custom connectors" columns={['Name', 'Owner', 'Your access', 'Version', 'Modified']}>
          {items.map((c) => (
            <tr key={c.id} className="hover:bg-slate-50">
              <td className="px-4 py-2.5">
                <div className="flex items-center gap-3">
                  <ConnectorIcon id={c.id} name={c.name} color={c.iconColor} hasIcon={c.hasIcon} size={32} />
                  <div className="min-w-0">
                    <Link href={paths.connector(env.id, c.id)} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                      {c.name}
                    </Link>
                    {c.description ? <p className="max-w-md truncate text-xs text-slate-500">{c.description}</p> : null}
                  </div>
                </div>
              </td>
              <td className="px-4 py-2.5 text-slate-700">{c.ownerName}</td>
              <td className="px-4 py-2.5">
                <Badge tone={c.access.level === 'owner' ? 'purple' : 'neutral'}>{accessLabel(c.access)}</Badge>
              </td>
              <td className="space-x-1 px-4 py-2.5 text-slate-700">
                {c.sourceKind ? (
                  <Badge tone={c.sourceKind === 'closed' ? 'amber' : 'green'}>
                    {c.sourceKind === 'closed' ? 'Closed source' : 'Open source'}
                  </Badge>
                ) : c.latestVersion > 0 ? (
                  `v${c.latestVersion}`
                ) : (
                  <span className="text-slate-500">Draft</span>
                )}
              </td>
              <td className="px-4 py-2.5 text-slate-600">{dateFormat.format(c.updatedAt)}</td>
            </tr>
          ))}
        </Table>
      )}
      <Pager
        label="Pages"
        first={afterId ? { href: paths.connectors(env.id, { q: search }), text: 'First page' } : null}
        next={nextHref ? { href: nextHref, text: 'Next page' } : null}
      />
    </>
  );
}
