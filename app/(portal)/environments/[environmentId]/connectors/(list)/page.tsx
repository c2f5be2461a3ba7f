import type { Metadata } from 'next';
import Link from 'next/link';
import { ConnectorIcon } from '@/components/connectors/connector-icon';
import { accessLabel } from '@/components/connectors/labels';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { Table } from '@/components/ui/table';
import { db } from '@/db/client';
import { canInEnvironment, isId } from '@/lib/authz';
import { listConnectors, type ConnectorFilter, type ConnectorSort } from '@/lib/connectors/queries';
import { requireEnvironment } from '@/lib/pages';
import { ListToolbar } from './_components/list-toolbar';
import { RowMenu } from './_components/row-menu';
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
  const text = (key: string) => (typeof params[key] === 'string' ? (params[key] as string) : '');
  const search = text('q').slice(0, 100);
  const sort: ConnectorSort = text('sort') === 'modified' ? 'modified' : 'name';
  const filter: ConnectorFilter = text('filter') === 'mine' || text('filter') === 'shared' ? (text('filter') as ConnectorFilter) : 'all';
  const afterId = isId(text('afterId')) ? text('afterId') : undefined;
  const afterKey = text('after') || undefined;
  const validAfter = afterKey != null && afterId != null && (sort === 'name' || !Number.isNaN(Date.parse(afterKey)));
  const { items, next } = await listConnectors(db, actor, {
    environmentId: env.id,
    search,
    sort,
    filter,
    after: validAfter ? { key: afterKey, id: afterId } : undefined,
  });
  const query = { q: search, filter: filter === 'all' ? undefined : filter, sort: sort === 'name' ? undefined : sort };
  const canCreate = canInEnvironment(actor, 'environment:create', env.id);
  const nextHref = next ? paths.connectors(env.id, { ...query, after: next.key, afterId: next.id }) : null;

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
      <ListToolbar initial={{ q: search, filter, sort }} />
      {items.length === 0 ? (
        search || afterId || filter !== 'all' ? (
          <EmptyState
            title="No connectors match"
            action={
              <ButtonLink href={paths.connectors(env.id)} variant="secondary">
                Show all connectors
              </ButtonLink>
            }
          >
            {search
              ? `Nothing you can see in ${env.name} matches “${search}”.`
              : filter === 'mine'
                ? `You haven’t created a connector in ${env.name}.`
                : `Nobody has shared a connector with you in ${env.name}.`}
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
        <Table
          caption="Custom connectors"
          columns={['Name', 'Owner', 'Your access', 'Version', 'Modified', { label: 'Actions', hidden: true }]}
        >
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
              <td className="whitespace-nowrap px-4 py-2.5 text-slate-700">
                {c.sourceKind ? (
                  <>
                    v{c.installedVersion} <span className="text-xs text-slate-500">installed</span>
                  </>
                ) : c.latestVersion > 0 ? (
                  `v${c.latestVersion}`
                ) : (
                  <span className="text-slate-500">Draft</span>
                )}
              </td>
              <td className="whitespace-nowrap px-4 py-2.5 text-slate-600">{dateFormat.format(c.updatedAt)}</td>
              <td className="px-2 py-1.5 text-right">
                <RowMenu
                  environmentId={env.id}
                  connectorId={c.id}
                  name={c.name}
                  can={{
                    edit: c.access.allowed['connector:edit'],
                    share: c.access.allowed['connector:share'],
                    download: c.access.allowed['connector:download'],
                    delete: c.access.allowed['connector:delete'],
                  }}
                />
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Pager
        label="Pages"
        first={afterId ? { href: paths.connectors(env.id, query), text: 'First page' } : null}
        next={nextHref ? { href: nextHref, text: 'Next page' } : null}
      />
    </>
  );
}
