import type { Metadata } from 'next';
import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { db } from '@/db/client';
import { getDraftForEdit } from '@/lib/connectors/queries';
import { cspNonce } from '@/lib/pages';
import { paths } from '@/lib/paths';
import { loadConnectorPage } from '../_components/load';
import { EditConnectorForm } from './edit-form';

export const metadata: Metadata = { title: 'Edit connector' };

export default async function EditConnectorPage({ params }: { params: Promise<{ environmentId: string; id: string }> }) {
  const { environmentId, id } = await params;
  const { connector } = await loadConnectorPage(environmentId, id, 'edit');
  if (!connector.access.allowed['connector:edit']) {
    return (
      <EmptyState
        title="You can’t edit this connector"
        action={
          <ButtonLink href={paths.connector(connector.environmentId, connector.id)} variant="secondary">
            Back to {connector.name}
          </ButtonLink>
        }
      >
        {connector.sourceKind === 'closed'
          ? 'It was installed as closed source: its definition stays with its owner.'
          : 'Editing needs Can edit. Ask its owner for more access.'}
      </EmptyState>
    );
  }
  const draft = await getDraftForEdit(db, connector.id);
  if (!draft) return null;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={paths.connector(connector.environmentId, connector.id)} className="hover:underline">
            {connector.name}
          </Link>
        }
        title="Edit connector"
        description="Changes go to the draft. Released versions stay as they are until you release a new one."
      />
      <EditConnectorForm
        environmentId={connector.environmentId}
        connectorId={connector.id}
        baseHash={draft.hash}
        nonce={await cspNonce()}
        initial={{
          name: draft.name,
          description: draft.description,
          iconColor: draft.iconColor,
          document: JSON.stringify(draft.document, null, 2),
        }}
      />
    </>
  );
}
