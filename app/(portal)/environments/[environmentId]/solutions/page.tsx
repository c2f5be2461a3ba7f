import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireEnvironment } from '@/lib/pages';

export const metadata: Metadata = { title: 'Solutions' };

export default async function SolutionsPage({ params }: { params: Promise<{ environmentId: string }> }) {
  const { environment } = await requireEnvironment((await params).environmentId);
  return (
    <>
      <PageHeader title="Solutions" description={`Transportable bundles in ${environment.name}.`} />
      <EmptyState title="Solutions aren’t available yet">
        A solution bundles connectors, flows and connection references so they can move between environments. Exporting and importing
        solutions is coming in a later release of Makerport.
      </EmptyState>
    </>
  );
}
