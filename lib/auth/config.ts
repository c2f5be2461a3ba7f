import 'server-only';
import { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import MicrosoftEntraID from 'next-auth/providers/microsoft-entra-id';
import { getDbHandle } from '@/db/client';
import { requiredSecret } from '@/lib/dev-secrets';
import { log } from '@/lib/log';
import { requestClientAddress } from './client-address';
import { ENTRA_PROVIDER, entraIdentity, signInWithEntra } from './entra';
import { entraSettingsFromEnv, type EntraSettings } from './entra-settings';
import { checkCredentials } from './sign-in';

/** A sign-in refused because of repeated failures; the form says to wait. */
export class ThrottledSignIn extends CredentialsSignin {
  code = 'throttled';
}

/** Finds (linking on first sign-in) the Makerport user of validated Entra ID token claims, or null. */
async function entraUserId(settings: EntraSettings, claims: Record<string, unknown> | undefined): Promise<string | null> {
  const identity = entraIdentity(claims ?? {});
  if (!identity) return null;
  const { db } = await getDbHandle();
  const result = await signInWithEntra(db, settings, identity);
  if (!result.ok) {
    log.warn(
      { event: 'sign_in.entra_refused', reason: result.reason, tenantId: identity.tenantId, objectId: identity.objectId },
      'Entra sign-in refused',
    );
    return null;
  }
  if (result.linked) log.info({ event: 'sign_in.entra_linked', userId: result.userId }, 'Entra account linked');
  return result.userId;
}

/**
 * The Auth.js configuration: email and password, and Microsoft Entra ID when configured (README,
 * Configuration). `entra` replaces the environment's settings (tests drive a real OIDC server).
 */
export function authConfig(options: { entra?: EntraSettings | null } = {}): NextAuthConfig {
  const entra = options.entra === undefined ? entraSettingsFromEnv() : options.entra;
  return {
    secret: requiredSecret('AUTH_SECRET'),
    // Behind a load balancer the host comes from forwarded headers; pin it with AUTH_URL in production.
    trustHost: true,
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    // Auth.js logs through our logger; a refused password is an expected outcome, already logged by checkCredentials.
    logger: {
      error(error) {
        if (error.name === 'CredentialsSignin' || (error as { type?: string }).type === 'CredentialsSignin') return;
        log.error({ err: error }, 'auth error');
      },
      warn(code) {
        log.warn({ code }, 'auth warning');
      },
      debug() {},
    },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      Credentials({
        credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, request) {
          const { db } = await getDbHandle();
          const result = await checkCredentials(db, credentials, requestClientAddress(request.headers));
          if (result.ok) return result.user;
          if (result.reason === 'throttled') throw new ThrottledSignIn();
          return null;
        },
      }),
      ...(entra
        ? [
            MicrosoftEntraID({
              clientId: entra.clientId,
              clientSecret: entra.clientSecret,
              issuer: entra.issuer,
              // Only the ID token's claims are needed: no Graph scope, and no profile-photo call to Graph.
              authorization: { params: { scope: 'openid profile email' } },
              profile: (claims) => ({ id: `${claims.tid}:${claims.oid}`, name: claims.name, email: null }),
            }),
          ]
        : []),
    ],
    callbacks: {
      // Entra ID lets in only an active user of the tenant's organization (lib/auth/entra.ts).
      async signIn({ account, profile }) {
        if (account?.provider !== ENTRA_PROVIDER) return true;
        return entra != null && (await entraUserId(entra, profile)) != null;
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === ENTRA_PROVIDER) {
          token.sub = (entra && (await entraUserId(entra, profile))) || undefined;
        } else if (user?.id) {
          token.sub = user.id;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}
