import type { Metadata } from 'next';
import Link from 'next/link';
import { NoEnvironment } from '@/components/shell/no-environment';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';
import { canInEnvironment, policy } from '@/lib/authz';
import { uploadLimits } from '@/lib/connectors/files';
import { NewConnectorForm } from './_components/new-connector-form';

export const metadata: Metadata = { title: 'New custom connector' };

export default async function NewConnectorPage() {
  const actor = await requireUser();
  const env = actor.environment;
  if (!env) return <NoEnvironment />;
  if (!canInEnvironment(actor, 'environment:create', env.id)) {
    return (
      <EmptyState title="You can’t create connectors here">
        Your role in {env.name} is {policy.roleLabels[env.role]}. Environment Makers and Environment Admins create connectors; ask an admin,
        or switch to an environment where you are a maker.{' '}
        <Link href="/connectors" className="text-brand-700 underline">
          Back to connectors
        </Link>
      </EmptyState>
    );
  }
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/connectors" className="hover:underline">
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
