import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import MicrosoftEntraID from 'next-auth/providers/microsoft-entra-id';
import { getDbHandle } from '@/db/client';
import { requestClientAddress } from '@/lib/auth/client-address';
import { checkCredentials, linkProviderAccount } from '@/lib/auth/sign-in';
import { requiredSecret } from '@/lib/dev-secrets';
import { log } from '@/lib/log';

/** A sign-in refused because of repeated failures; the form says to wait. */
export class ThrottledSignIn extends CredentialsSignin {
  code = 'throttled';
}

/**
 * Whether Microsoft Entra ID sign-in is configured (README, Configuration). It needs a
 * tenant-specific issuer: the multi-tenant endpoints (`common`, `organizations`, `consumers`) would
 * accept accounts from any tenant, whose email claims nobody here vouches for.
 */
export const entraEnabled = () => {
  const issuer = process.env.AUTH_MICROSOFT_ENTRA_ID_ISSUER ?? '';
  return Boolean(
    process.env.AUTH_MICROSOFT_ENTRA_ID_ID &&
    process.env.AUTH_MICROSOFT_ENTRA_ID_SECRET &&
    /^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/v2\.0\/?$/i.test(issuer),
  );
};

const ENTRA = 'microsoft-entra-id';

function config(): NextAuthConfig {
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
      ...(entraEnabled()
        ? [
            MicrosoftEntraID({
              clientId: process.env.AUTH_MICROSOFT_ENTRA_ID_ID,
              clientSecret: process.env.AUTH_MICROSOFT_ENTRA_ID_SECRET,
              issuer: process.env.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
            }),
          ]
        : []),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== ENTRA) return true;
        // Only people who already exist (and are active) in an organization may come in through Entra ID.
        const { db } = await getDbHandle();
        const email = (profile?.email ?? (profile as { preferred_username?: string } | undefined)?.preferred_username) as
          string | undefined;
        const userId = await linkProviderAccount(db, { provider: ENTRA, providerAccountId: account.providerAccountId, email });
        return userId != null;
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === ENTRA) {
          const { db } = await getDbHandle();
          const email = (profile?.email ?? (profile as { preferred_username?: string } | undefined)?.preferred_username) as
            string | undefined;
          token.sub =
            (await linkProviderAccount(db, { provider: ENTRA, providerAccountId: account.providerAccountId, email })) ?? undefined;
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

export const { auth, handlers, signIn, signOut } = NextAuth(() => config());
