import { redirectConnectors } from '@/lib/legacy-paths';

// GET /connectors/… — old URLs, redirected to their environment's URL.
export async function GET(request: Request, { params }: { params: Promise<{ rest?: string[] }> }) {
  return redirectConnectors(request, (await params).rest ?? []);
}
