import type { Metadata } from 'next';
import { NoEnvironment } from '@/components/shell/no-environment';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: 'Connections' };

export default async function ConnectionsPage() {
  const actor = await requireUser();
  if (!actor.environment) return <NoEnvironment />;
  return (
    <>
      <PageHeader title="Connections" description={`Your credentials for connectors in ${actor.environment.name}.`} />
      <EmptyState title="Connections aren’t available yet">
        A connection stores your own values for one connector’s connection parameters, so your flows can call its API. Creating and sharing
        connections is coming in a later release of Makerport; nothing is stored here today.
      </EmptyState>
    </>
  );
}
