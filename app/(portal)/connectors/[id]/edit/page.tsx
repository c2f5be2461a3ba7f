import type { Metadata } from 'next';
import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { db } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { assert } from '@/lib/authz';
import { getDraftForEdit } from '@/lib/connectors/queries';
import { orNotFound } from '@/lib/pages';
import { EditConnectorForm } from './edit-form';

export const metadata: Metadata = { title: 'Edit connector' };

export default async function EditConnectorPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireUser();
  const { id } = await params;
  const connector = await orNotFound(() => assert(actor, 'connector:view', { kind: 'connector', id }));
  if (!connector.access.allowed['connector:edit']) {
    return (
      <EmptyState
        title="You can’t edit this connector"
        action={
          <ButtonLink href={`/connectors/${connector.id}`} variant="secondary">
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
          <Link href={`/connectors/${connector.id}`} className="hover:underline">
            {connector.name}
          </Link>
        }
        title="Edit connector"
        description="Changes go to the draft. Released versions stay as they are until you release a new one."
      />
      <EditConnectorForm
        connectorId={connector.id}
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
