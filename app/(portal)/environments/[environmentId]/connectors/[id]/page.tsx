import type { Metadata } from 'next';
import Link from 'next/link';
import { ConnectorIcon } from '@/components/connectors/connector-icon';
import { accessLabel } from '@/components/connectors/labels';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { Tabs } from '@/components/ui/tabs';
import { paths, type ConnectorTab } from '@/lib/paths';
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
            {can['connector:release'] ? <ReleaseVersionButton connectorId={connector.id} /> : null}
            {can['connector:download'] ? (
              <DownloadButton href={paths.api.connectorDownload(connector.id)} fallbackName={`${connector.name}.zip`} />
            ) : null}
            {can['connector:delete'] ? (
              <DeleteConnectorButton environmentId={connector.environmentId} connectorId={connector.id} connectorName={connector.name} />
            ) : null}
          </>
        }
      />
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
        {tab === 'definition' ? <DefinitionPanel connector={connector} /> : null}
        {tab === 'share' ? <SharePanelSection actor={actor} connector={connector} /> : null}
        {tab === 'versions' ? <VersionsPanel connector={connector} /> : null}
      </Tabs>
    </>
  );
}
