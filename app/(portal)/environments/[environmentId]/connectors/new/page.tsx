import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { canInEnvironment, policy } from '@/lib/authz';
import { uploadLimits } from '@/lib/connectors/files';
import { requireEnvironment } from '@/lib/pages';
import { paths } from '@/lib/paths';
import { NewConnectorForm } from './_components/new-connector-form';

export const metadata: Metadata = { title: 'New custom connector' };

export default async function NewConnectorPage({ params }: { params: Promise<{ environmentId: string }> }) {
  const { actor, environment: env } = await requireEnvironment((await params).environmentId);
  if (!canInEnvironment(actor, 'environment:create', env.id)) {
    return (
      <EmptyState title="You can’t create connectors here">
        Your role in {env.name} is {policy.roleLabels[env.role]}. Environment Makers and Environment Admins create connectors; ask an admin,
        or switch to an environment where you are a maker.{' '}
        <Link href={paths.connectors(env.id)} className="text-brand-700 underline">
          Back to connectors
        </Link>
      </EmptyState>
    );
  }
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={paths.connectors(env.id)} className="hover:underline">
            Custom connectors
          </Link>
        }
        title="New custom connector"
        description={`Creates a connector in ${env.name}. You become its owner; nobody else sees it until you share it.`}
      />
      <NewConnectorForm environmentId={env.id} maxMegabytes={uploadLimits.fileBytes / 1024 / 1024} />
    </>
  );
}
