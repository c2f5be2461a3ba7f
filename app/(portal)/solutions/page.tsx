import type { Metadata } from 'next';
import { NoEnvironment } from '@/components/shell/no-environment';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: 'Solutions' };

export default async function SolutionsPage() {
  const actor = await requireUser();
  if (!actor.environment) return <NoEnvironment />;
  return (
    <>
      <PageHeader title="Solutions" description={`Transportable bundles in ${actor.environment.name}.`} />
      <EmptyState title="Solutions aren’t available yet">
        A solution bundles connectors, flows and connection references so they can move between environments. Exporting and importing
        solutions is coming in a later release of Makerport.
      </EmptyState>
    </>
  );
}
