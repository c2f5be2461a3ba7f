import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireEnvironment } from '@/lib/pages';

export const metadata: Metadata = { title: 'Connections' };

export default async function ConnectionsPage({ params }: { params: Promise<{ environmentId: string }> }) {
  const { environment } = await requireEnvironment((await params).environmentId);
  return (
    <>
      <PageHeader title="Connections" description={`Your credentials for connectors in ${environment.name}.`} />
      <EmptyState title="Connections aren’t available yet">
        A connection stores your own values for one connector’s connection parameters, so your flows can call its API. Creating and sharing
        connections is coming in a later release of Makerport; nothing is stored here today.
      </EmptyState>
    </>
  );
}
