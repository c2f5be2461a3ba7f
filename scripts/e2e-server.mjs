// Serves the production build for the end-to-end tests on a fresh, temporary PGlite folder
// (its own, so a running dev server is left alone), seeded with the demo organization.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(tmpdir(), 'makerport-e2e-'));
const port = process.env.E2E_PORT || '3100';
const child = spawn(process.execPath, ['scripts/server.mjs', '-p', port, '-H', '127.0.0.1'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_DIST_DIR: '.next-e2e',
    PGLITE_DIR: path.join(dir, 'pglite'),
    DATABASE_URL: '',
    SEED_DEMO: 'true',
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    AUTH_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
  },
});
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
