import { redirectSection } from '@/lib/legacy-paths';

// GET /flows — the old URL, redirected to the list in the remembered environment.
export async function GET(request: Request) {
  return redirectSection(request, 'flows');
}
