import { EmptyState } from '@/components/ui/empty-state';

/** Shown when the user holds no role in any environment yet. */
export function NoEnvironment() {
  return (
    <EmptyState title="You don’t have an environment yet">
      You can sign in, but you don’t hold a role in any environment of your organization. Ask an admin to make you an Environment Maker or a
      Basic User in one.
    </EmptyState>
  );
}
