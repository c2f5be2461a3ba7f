import { requireEnvironment } from '@/lib/pages';

/**
 * Every page of an environment: the environment comes from the URL, and access to it is decided
 * here, before any loading boundary, so a page the user may not see answers HTTP 404.
 */
export default async function EnvironmentLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ environmentId: string }>;
}) {
  await requireEnvironment((await params).environmentId);
  return children;
}
