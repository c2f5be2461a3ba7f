import type { Metadata } from 'next';
import { ButtonLink } from '@/components/ui/button';

export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] items-center justify-center px-4 py-16">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-brand-600">404</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">We couldn’t find that page</h1>
        <p className="mt-2 text-sm text-slate-600">It may have been deleted, the link may be wrong, or you may not have access to it.</p>
        <div className="mt-6">
          <ButtonLink href="/">Go to Makerport</ButtonLink>
        </div>
      </div>
    </main>
  );
}
