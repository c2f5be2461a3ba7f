import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table } from '@/components/ui/table';
import { db } from '@/db/client';
import { canInEnvironment } from '@/lib/authz';
import { closedSourceUnavailableReason, listIncomingShares, listOutgoingShares, shareTargets } from '@/lib/connectors/environment-sharing';
import { listShareableConnectors } from '@/lib/connectors/queries';
import { requireEnvironment } from '@/lib/pages';
import { paths } from '@/lib/paths';
import { InstallButton, ShareConnectorDialog, StopSharingButton, UpdateButton } from './_components/shared-controls';

export const metadata: Metadata = { title: 'Shared connectors' };

const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function SharedConnectorsPage({ params }: { params: Promise<{ environmentId: string }> }) {
  const { actor, environment: env } = await requireEnvironment((await params).environmentId);
  const [shareable, outgoing, incoming, targets] = await Promise.all([
    listShareableConnectors(db, actor, env.id),
    listOutgoingShares(db, actor, env.id),
    listIncomingShares(db, actor, env.id),
    shareTargets(db, actor, env.id),
  ]);
  const canInstall = canInEnvironment(actor, 'environment:install-connector', env.id);
  const closedReason = closedSourceUnavailableReason(actor);

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={paths.connectors(env.id)} className="hover:underline">
            Custom connectors
          </Link>
        }
        title="Shared connectors"
        description={`Released connector versions shared between the environments of ${actor.organizationName}. You’re in ${env.name} (${targets.sourceRegion}).`}
        actions={
          shareable.length > 0 ? (
            <ShareConnectorDialog
              connectors={shareable}
              environments={targets.targets}
              closedSourceReason={closedReason}
              sourceRegion={targets.sourceRegion}
            />
          ) : null
        }
      />

      <div className="space-y-10">
        <section aria-labelledby="available-heading">
          <h2 id="available-heading" className="mb-1 text-lg font-semibold">
            Available to install
          </h2>
          <p className="mb-3 text-sm text-slate-600">Connectors other environments share with {env.name}.</p>
          {incoming.length === 0 ? (
            <EmptyState title="Nothing shared with this environment">
              When the owner of a connector in another environment shares a released version with {env.name}, it appears here.
            </EmptyState>
          ) : (
            <ul className="grid gap-3 md:grid-cols-2">
              {incoming.map((share) => (
                <li
                  key={share.shareId}
                  className="flex gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
                  aria-label={share.connectorName}
                >
                  <span aria-hidden className="size-9 shrink-0 rounded-md" style={{ backgroundColor: share.iconColor }} />
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-1.5">
                      <h3 className="font-medium">{share.connectorName}</h3>
                      <Badge tone={share.sourceKind === 'closed' ? 'amber' : 'green'}>
                        {share.sourceKind === 'closed' ? 'Closed source' : 'Open source'}
                      </Badge>
                      <Badge tone="brand">v{share.version}</Badge>
                    </div>
                    {share.description ? <p className="mt-0.5 line-clamp-2 text-sm text-slate-600">{share.description}</p> : null}
                    <p className="mt-1 text-xs text-slate-500">
                      From {share.sourceEnvironmentName} · shared by {share.sharedByName}
                    </p>
                    <div className="mt-3 flex items-center gap-2">
                      {share.installed ? (
                        <>
                          <Link
                            href={paths.connector(env.id, share.installed.connectorId)}
                            className="text-sm text-brand-700 hover:underline"
                          >
                            Installed v{share.installed.version}
                          </Link>
                          {share.installed.version < share.version && canInstall ? (
                            <UpdateButton connectorId={share.installed.connectorId} name={share.connectorName} version={share.version} />
                          ) : null}
                        </>
                      ) : canInstall ? (
                        <InstallButton shareId={share.shareId} environmentId={env.id} name={share.connectorName} />
                      ) : (
                        <span className="text-xs text-slate-500">Environment Makers and Admins install connectors.</span>
                      )}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="outgoing-heading">
          <h2 id="outgoing-heading" className="mb-1 text-lg font-semibold">
            Shared from {env.name}
          </h2>
          <p className="mb-3 text-sm text-slate-600">
            Connectors of this environment that you share with others. Owners share their own; organization admins any.
          </p>
          {outgoing.length === 0 ? (
            <EmptyState title="Nothing shared from here yet">
              {shareable.length > 0
                ? 'Use “Share connector” to offer a released version to other environments, as open or closed source.'
                : 'Release a version of a connector you own, then share it with other environments here.'}
            </EmptyState>
          ) : (
            <Table
              caption="Shared from this environment"
              columns={['Connector', 'Version', 'Source', 'With', 'Installs', 'Shared', { label: 'Actions', hidden: true }]}
            >
              {outgoing.map((share) => (
                <tr key={share.connectorId}>
                  <td className="px-4 py-2 font-medium">
                    <Link href={paths.connector(env.id, share.connectorId)} className="hover:underline">
                      {share.connectorName}
                    </Link>
                  </td>
                  <td className="px-4 py-2">
                    v{share.version}
                    {share.latestVersion > share.version ? (
                      <span className="ml-1 text-xs text-amber-700">(v{share.latestVersion} released)</span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2">{share.sourceKind === 'closed' ? 'Closed source' : 'Open source'}</td>
                  <td className="px-4 py-2 text-slate-700">
                    {share.allEnvironments ? 'All environments' : share.environmentNames.join(', ')}
                  </td>
                  <td className="px-4 py-2">{share.installs}</td>
                  <td className="px-4 py-2 text-slate-600">
                    {date.format(share.updatedAt)} by {share.sharedByName}
                  </td>
                  <td className="px-4 py-2 text-right">
                    <StopSharingButton connectorId={share.connectorId} name={share.connectorName} />
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </section>
      </div>
    </>
  );
}
