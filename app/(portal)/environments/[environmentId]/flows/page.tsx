import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireEnvironment } from '@/lib/pages';

export const metadata: Metadata = { title: 'Flows' };

export default async function FlowsPage({ params }: { params: Promise<{ environmentId: string }> }) {
  const { environment } = await requireEnvironment((await params).environmentId);
  return (
    <>
      <PageHeader title="Flows" description={`Automation flows in ${environment.name}.`} />
      <EmptyState title="Flows aren’t available yet">
        Flows chain connector operations behind a trigger, and can be shared with co-owners and run-only users. Building flows is coming in
        a later release of Makerport; nothing runs here today.
      </EmptyState>
    </>
  );
}
