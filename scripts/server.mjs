// npm run dev / npm start — Next.js (development or production) with one addition: the address of the
// socket each request came in on is appended to X-Forwarded-For, as a proxy appends what it saw.
// Next itself only fills that header in when a request has none, so a client that sends one would
// otherwise choose the address sign-in throttling counts against (lib/auth/client-address.ts).
//   node scripts/server.mjs [--dev] [-p <port>] [-H <hostname>]   (PORT and HOSTNAME work too)
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { appendPeerAddress, PEER_ADDRESS_APPENDED } from './peer-address.mjs';

const { values } = parseArgs({
  options: {
    dev: { type: 'boolean', default: false },
    port: { type: 'string', short: 'p' },
    hostname: { type: 'string', short: 'H' },
  },
});
const dev = values.dev;
process.env.NODE_ENV ||= dev ? 'development' : 'production';
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? (dev ? 'localhost' : '0.0.0.0');

// Tells the app (same process) that the last X-Forwarded-For entry is the socket's (lib/auth/client-address.ts).
globalThis[PEER_ADDRESS_APPENDED] = true;

const { default: next } = await import('next');
const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  appendPeerAddress(request);
  handle(request, response);
});
server.listen(port, hostname, () => {
  console.log(`Makerport (${dev ? 'development' : 'production'}) listening on http://${hostname}:${port}`);
});

function stop() {
  server.close(() => process.exit(0));
  // Keep-alive connections would hold close() open; give in-flight requests a moment, then go.
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
