import { Header } from '@/components/shell/header';
import { Toaster } from '@/components/ui/toaster';
import { requireUser } from '@/lib/auth/current-user';

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireUser();
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <Header actor={actor} />
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-8">
        {children}
      </main>
      <Toaster />
    </div>
  );
}
