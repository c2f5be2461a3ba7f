import { createHash } from 'node:crypto';
import { requiredSecret } from '@/lib/dev-secrets';

/*
 * Master keys come from the environment only and never reach the database, a log or an error:
 * `MAKERPORT_ENCRYPTION_KEY` wraps new data keys; `MAKERPORT_ENCRYPTION_KEY_PREVIOUS` (comma-separated)
 * lists other keys that may still unwrap, which is what makes a rotation possible without downtime.
 */

export const KEY_VARIABLE = 'MAKERPORT_ENCRYPTION_KEY';
export const PREVIOUS_KEYS_VARIABLE = 'MAKERPORT_ENCRYPTION_KEY_PREVIOUS';

export interface MasterKey {
  /** Fingerprint stored beside each data key it wraps: tells which key to unwrap with, reveals nothing of it. */
  id: string;
  key: Buffer;
}

export interface KeyRing {
  /** Wraps every new data key, and every data key `keys:rotate` re-wraps. */
  current: MasterKey;
  /** Unwrap only. */
  previous: MasterKey[];
}

/** Bad or missing key configuration. The message names the variable, never its value. */
export class EncryptionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionConfigError';
  }
}

/** The fingerprint of a master key: a domain-separated SHA-256, first 16 hex digits. */
export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update('makerport/master-key-id/v1\0').update(key).digest('hex').slice(0, 16);
}

/** Reads one master key: 32 bytes in base64 (standard or URL-safe alphabet). */
export function parseMasterKey(text: string, variable: string): MasterKey {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new EncryptionConfigError(`${variable} must be 32 random bytes in base64 (for example: openssl rand -base64 32).`);
  }
  return { id: masterKeyId(key), key };
}

/** A ring from explicit keys (tests, scripts). */
export function keyRing(current: Buffer, previous: Buffer[] = []): KeyRing {
  return {
    current: { id: masterKeyId(current), key: current },
    previous: previous.map((key) => ({ id: masterKeyId(key), key })),
  };
}

const rings = new Map<string, KeyRing>();

/**
 * The ring the environment configures. Production refuses to run without `MAKERPORT_ENCRYPTION_KEY`;
 * elsewhere a key is generated once into `.data/` with a warning, as for AUTH_SECRET.
 */
export function keyRingFromEnv(env: NodeJS.ProcessEnv = process.env): KeyRing {
  const memo = `${env.NODE_ENV}\n${env[KEY_VARIABLE] ?? ''}\n${env[PREVIOUS_KEYS_VARIABLE] ?? ''}`;
  const known = rings.get(memo);
  if (known) return known;
  let currentText = env[KEY_VARIABLE];
  if (!currentText) {
    if (env.NODE_ENV === 'production') {
      throw new EncryptionConfigError(`${KEY_VARIABLE} must be set in production (see README, Configuration).`);
    }
    currentText = requiredSecret(KEY_VARIABLE);
  }
  const current = parseMasterKey(currentText, KEY_VARIABLE);
  const previous = (env[PREVIOUS_KEYS_VARIABLE] ?? '')
    .split(',')
    .filter((part) => part.trim())
    .map((part) => parseMasterKey(part, PREVIOUS_KEYS_VARIABLE))
    .filter((key) => key.id !== current.id);
  const ring = { current, previous };
  rings.set(memo, ring);
  return ring;
}

/** The master key with this fingerprint, if the ring holds it. */
export function findMasterKey(ring: KeyRing, id: string): MasterKey | undefined {
  return ring.current.id === id ? ring.current : ring.previous.find((k) => k.id === id);
}

/**
 * For the start-up code: throws EncryptionConfigError when production has no key or a key is
 * malformed, so the server never starts unable to read or write its secrets. Returns the fingerprints.
 */
export function checkEncryptionKey(env: NodeJS.ProcessEnv = process.env): { current: string; previous: string[] } {
  const ring = keyRingFromEnv(env);
  return { current: ring.current.id, previous: ring.previous.map((k) => k.id) };
}
