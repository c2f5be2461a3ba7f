import type { Metadata } from 'next';
import { connection } from 'next/server';
import { HydrationMarker } from '@/components/shell/hydration-marker';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Makerport', template: '%s · Makerport' },
  description: 'Build custom connectors, connections and flows, and share them safely.',
  icons: { icon: '/icon.svg' },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so its scripts carry that request's CSP nonce (proxy.ts); a page
  // prerendered at build time (the not-found page was one) would have its scripts blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">
        {children}
        <HydrationMarker />
      </body>
    </html>
  );
}
