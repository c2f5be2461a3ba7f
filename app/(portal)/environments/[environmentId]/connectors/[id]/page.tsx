import type { Metadata } from 'next';
import Link from 'next/link';
import { ConnectorIcon } from '@/components/connectors/connector-icon';
import { accessLabel } from '@/components/connectors/labels';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { Tabs } from '@/components/ui/tabs';
import { db } from '@/db/client';
import { closedSourceUnavailableReason, getShare, shareTargets } from '@/lib/connectors/environment-sharing';
import { draftHasChanges, installedSourceDeleted } from '@/lib/connectors/queries';
import { paths, type ConnectorTab } from '@/lib/paths';
import { ShareConnectorDialog } from '../shared/_components/shared-controls';
import { DefinitionPanel } from './_components/definition-panel';
import { loadConnectorPage } from './_components/load';
import { DownloadButton } from './_components/download-button';
import { DeleteConnectorButton } from './_components/delete-connector';
import { ReleaseVersionButton } from './_components/release-version';
import { SharePanelSection } from './_components/share-section';
import { VersionsPanel } from './_components/versions-panel';

export async function generateMetadata({ params }: { params: Promise<{ environmentId: string; id: string }> }): Promise<Metadata> {
  const { environmentId, id } = await params;
  return { title: (await loadConnectorPage(environmentId, id, 'view')).connector.name };
}

const TABS = [
  { value: 'definition', label: 'Definition' },
  { value: 'share', label: 'Share' },
  { value: 'versions', label: 'Versions' },
];

export default async function ConnectorPage({
  params,
  searchParams,
}: {
  params: Promise<{ environmentId: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { environmentId, id } = await params;
  const query = await searchParams;
  const tab = (TABS.some((t) => t.value === query.tab) ? query.tab : 'definition') as ConnectorTab;
  // One query: the connector's metadata and the actor's access (never the document).
  const { actor, connector } = await loadConnectorPage(environmentId, id, 'view', tab);
  const can = connector.access.allowed;
  const environment = actor.environments.find((e) => e.id === connector.environmentId);
  const closed = connector.sourceKind === 'closed';
  const canShareEnvironments = can['connector:share-environments'] && connector.latestVersion > 0 && !connector.sourceKind;
  // What the header's buttons need, in parallel: whether there is anything to release, and the environment share.
  const [changed, share, targets, sourceGone] = await Promise.all([
    can['connector:release'] ? draftHasChanges(db, connector.id) : Promise.resolve(false),
    canShareEnvironments ? getShare(db, connector.id) : Promise.resolve(null),
    canShareEnvironments ? shareTargets(db, actor, connector.environmentId) : Promise.resolve(null),
    connector.installedFromConnectorId ? installedSourceDeleted(db, connector.installedFromConnectorId) : Promise.resolve(false),
  ]);

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={paths.connectors(connector.environmentId)} className="hover:underline">
            Custom connectors{environment ? ` · ${environment.name}` : ''}
          </Link>
        }
        title={
          <span className="flex items-center gap-3">
            <ConnectorIcon
              id={connector.id}
              name={connector.name}
              color={connector.iconColor}
              hasIcon={connector.iconType != null}
              size={40}
            />
            {connector.name}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            {connector.description ? <span>{connector.description}</span> : null}
            <Badge tone={connector.access.level === 'owner' ? 'purple' : 'neutral'}>Your access: {accessLabel(connector.access)}</Badge>
            {connector.sourceKind ? (
              <Badge tone={closed ? 'amber' : 'green'}>
                {closed ? 'Closed source' : 'Open source'} · installed v{connector.installedVersion}
              </Badge>
            ) : connector.latestVersion > 0 ? (
              <Badge tone="brand">Released v{connector.latestVersion}</Badge>
            ) : (
              <Badge>Draft</Badge>
            )}
          </span>
        }
        actions={
          <>
            {can['connector:edit'] ? (
              <ButtonLink href={paths.editConnector(connector.environmentId, connector.id)} variant="secondary">
                Edit
              </ButtonLink>
            ) : null}
            {can['connector:release'] ? (
              <ReleaseVersionButton
                connectorId={connector.id}
                latestVersion={connector.latestVersion}
                unchangedReason={
                  changed ? null : `Nothing to release: the draft is the same as v${connector.latestVersion}. Edit it first.`
                }
              />
            ) : null}
            {targets ? (
              <ShareConnectorDialog
                triggerLabel="Share with environments"
                connectors={[{ id: connector.id, name: connector.name, latestVersion: connector.latestVersion }]}
                environments={targets.targets}
                closedSourceReason={closedSourceUnavailableReason(actor)}
                sourceRegion={targets.sourceRegion}
                current={share}
              />
            ) : null}
            {can['connector:download'] ? (
              <DownloadButton
                connectorId={connector.id}
                href={paths.api.connectorDownload(connector.id)}
                fallbackName={`${connector.name}.zip`}
              />
            ) : null}
            {can['connector:delete'] ? (
              <DeleteConnectorButton
                initiallyOpen={query.confirm === 'delete'}
                environmentId={connector.environmentId}
                connectorId={connector.id}
                connectorName={connector.name}
              />
            ) : null}
          </>
        }
      />
      {sourceGone ? (
        <Notice tone="warning" className="mb-4" title="Its source was deleted">
          This copy keeps working as it is (v{connector.installedVersion}), but the connector it was installed from no longer exists, so no
          update will come.
        </Notice>
      ) : null}
      {query.created === 'warnings' ? (
        <Notice tone="warning" className="mb-4" title="Connector created, with warnings">
          The definition imported, but a strict check found things to look at. They’re listed under Definition.
        </Notice>
      ) : query.created ? (
        <Notice tone="success" className="mb-4">
          Connector created. Release a version when it’s ready, and share it from the Share tab.
        </Notice>
      ) : null}
      <Tabs tabs={TABS} active={tab} label="Connector">
        {tab === 'definition' ? (
          <DefinitionPanel
            connector={connector}
            operationFilter={typeof query.ops === 'string' ? query.ops.slice(0, 100) : undefined}
            operationsAfter={typeof query.opsAfter === 'string' && /^\d{1,6}$/.test(query.opsAfter) ? Number(query.opsAfter) : undefined}
          />
        ) : null}
        {tab === 'share' ? <SharePanelSection actor={actor} connector={connector} /> : null}
        {tab === 'versions' ? <VersionsPanel connector={connector} /> : null}
      </Tabs>
    </>
  );
}
