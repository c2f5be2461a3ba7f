import type { Metadata } from 'next';
import { HydrationMarker } from '@/components/shell/hydration-marker';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Makerport', template: '%s · Makerport' },
  description: 'Build custom connectors, connections and flows, and share them safely.',
  icons: { icon: '/icon.svg' },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        {children}
        <HydrationMarker />
      </body>
    </html>
  );
}
