import { requireUser } from '@/lib/auth/current-user';
export default async function ConnectorsPage() {
  await requireUser();
  return <h1>Connectors</h1>;
}
