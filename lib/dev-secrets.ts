import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const warned = new Set<string>();

/**
 * A secret from the environment; outside production, one generated once under `.data/`
 * (with a warning) so `npm run dev` works on a fresh clone. Production refuses to start without it.
 * No logger here on purpose: Auth.js loads this from the proxy before anything else.
 */
export function requiredSecret(name: string, bytes = 32): string {
  const fromEnv = process.env[name];
  if (fromEnv) return fromEnv;
  if (process.env.NODE_ENV === 'production') {
    throw new Error(`${name} must be set in production (see README, Configuration).`);
  }
  const dir = path.join(process.cwd(), '.data');
  const file = path.join(dir, name.toLowerCase().replace(/_/g, '-'));
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dir, { recursive: true });
    const value = randomBytes(bytes).toString('base64url');
    writeFileSync(file, value, { mode: 0o600 });
    if (!warned.has(name)) {
      warned.add(name);
      process.stderr.write(`[makerport] ${name} is not set: generated a development value in ${file}. Set ${name} in production.\n`);
    }
    return value;
  }
}
