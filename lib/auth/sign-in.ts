import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/db/client';
import { users } from '@/db/schema';
import { log } from '@/lib/log';
import { verifyPassword } from './password';
import { clearAttempts, pruneAttempts, releaseAttempt, reserveAttempt, throttleKeys } from './throttle';

export const credentialsSchema = z.object({
  email: z
    .email()
    .max(320)
    .transform((v) => v.trim().toLowerCase()),
  password: z.string().min(1).max(1024),
});

export type CredentialsResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks an email and password. One answer for an unknown address, a wrong password and a
 * deactivated account, so nothing tells which part was wrong. The attempt is counted against the
 * address, then the account, before the password is checked (lib/auth/throttle.ts); `ip` is the
 * client address (lib/auth/client-address.ts).
 */
export async function checkCredentials(tx: Queryable, input: unknown, ip: string): Promise<CredentialsResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;
  const keys = throttleKeys(email, ip);
  // The address first: a throttled address then never counts against the account it aims at.
  const byAddress = await reserveAttempt(tx, keys.ip);
  const byAccount = byAddress.ok ? await reserveAttempt(tx, keys.email) : byAddress;
  if (!byAccount.ok) {
    if (byAddress.ok) await releaseAttempt(tx, keys.ip);
    log.warn({ event: 'sign_in.throttled', ip }, 'sign-in refused while throttled');
    return { ok: false, reason: 'throttled', retryAfterSeconds: byAccount.retryAfterSeconds };
  }
  if (Math.random() < 0.01) await pruneAttempts(tx);
  const [user] = await tx
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(eq(users.email, email));
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !passwordOk || user.deactivatedAt) {
    // Both attempts stay counted: that is the failure.
    log.info({ event: 'sign_in.failed', ip, known: Boolean(user) }, 'sign-in failed');
    return { ok: false, reason: 'invalid' };
  }
  await clearAttempts(tx, keys.email);
  await releaseAttempt(tx, keys.ip);
  log.info({ event: 'sign_in.ok', userId: user.id }, 'signed in');
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
