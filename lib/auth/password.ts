import 'server-only';
import { hash, verify } from '@node-rs/argon2';

// Argon2id with the library's defaults (OWASP-recommended memory-hard parameters).

/** Hashes a password for storage. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash of a random string, so an unknown address costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Verifies a password; with `stored` null it still spends the same time, then says no. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash(`no-such-user-${Math.random()}`);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
