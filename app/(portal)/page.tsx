import { redirect } from 'next/navigation';
import { NoEnvironment } from '@/components/shell/no-environment';
import { requireUser } from '@/lib/auth/current-user';
import { paths } from '@/lib/paths';

/** The home page opens the remembered environment (the default one until the switcher chooses another). */
export default async function Home() {
  const actor = await requireUser();
  if (!actor.environment) return <NoEnvironment />;
  redirect(paths.environment(actor.environment.id));
}
