import type { Metadata } from 'next';
import { NoEnvironment } from '@/components/shell/no-environment';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: 'Flows' };

export default async function FlowsPage() {
  const actor = await requireUser();
  if (!actor.environment) return <NoEnvironment />;
  return (
    <>
      <PageHeader title="Flows" description={`Automation flows in ${actor.environment.name}.`} />
      <EmptyState title="Flows aren’t available yet">
        Flows chain connector operations behind a trigger, and can be shared with co-owners and run-only users. Building flows is coming in
        a later release of Makerport; nothing runs here today.
      </EmptyState>
    </>
  );
}
