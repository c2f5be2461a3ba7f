// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // End-to-end tests build into their own folder so a running dev server is left alone.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // PGlite ships WebAssembly that must stay in node_modules (see STACK-NOTES.md);
  // argon2 and pino are native / worker-thread packages.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pino', '@readme/openapi-parser'],
  allowedDevOrigins: ['127.0.0.1'],
  poweredByHeader: false,
  // The end-to-end build skips Next's own type check: `npm run typecheck` does it (CI runs both),
  // and a running dev server's half-written .next/dev/types must not fail the test build.
  typescript: { ignoreBuildErrors: process.env.NEXT_DIST_DIR === '.next-e2e' },
  experimental: {
    serverActions: {
      // Actions carry form fields, never uploads: files and documents go to route handlers that
      // stream with their own limit (app/api/environments/[environmentId]/connectors, app/api/connectors/[id]/draft).
      bodySizeLimit: '1mb',
    },
    // proxy.ts buffers request bodies up to this size; above the upload routes' own 13 MB limit so
    // they see enough of a body to refuse it themselves with the result shape.
    proxyClientMaxBodySize: '14mb',
  },
  // The static security headers of every response; the Content-Security-Policy carries a per-request
  // nonce, so proxy.ts sets it (lib/security-headers.ts).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          // A window this portal opens, or that opens it, gets no handle on the other.
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()' },
          // Browsers honour it over HTTPS only; a production portal is served over HTTPS (README).
          ...(process.env.NODE_ENV === 'production'
            ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }]
            : []),
        ],
      },
    ];
  },
};

export default nextConfig;
