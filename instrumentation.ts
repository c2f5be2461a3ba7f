// Opens the database, applies migrations and seeds the demo organization before the first
// request, then starts this process's job workers unless MAKERPORT_WORKERS=off (under `next dev`
// and `next start`; `next build` does not run this).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { announceClientAddressSetup } = await import('./lib/auth/client-address');
  announceClientAddressSetup();
  const { startDatabase } = await import('./db/start');
  await startDatabase();
  const { startInProcessWorkers } = await import('./lib/jobs');
  await startInProcessWorkers();
}
