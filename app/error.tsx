'use client';

import { Button, ButtonLink } from '@/components/ui/button';

// The message of a server error never reaches the browser in production; the digest lets an admin find the log line.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-[60vh] items-center justify-center px-4 py-16">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-red-600">Error</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Something went wrong</h1>
        <p className="mt-2 text-sm text-slate-600">
          Try again. If it keeps happening, give your admin this reference: <code>{error.digest ?? 'n/a'}</code>
        </p>
        <div className="mt-6 flex justify-center gap-2">
          <Button onClick={reset}>Try again</Button>
          <ButtonLink href="/" variant="secondary">
            Go to Makerport
          </ButtonLink>
        </div>
      </div>
    </main>
  );
}
