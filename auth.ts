import NextAuth from 'next-auth';
import { authConfig } from '@/lib/auth/config';
import { entraSettingsFromEnv } from '@/lib/auth/entra-settings';

export { ThrottledSignIn } from '@/lib/auth/config';

/** Whether Microsoft Entra ID sign-in is configured (README, Configuration; lib/auth/entra-settings.ts). */
export const entraEnabled = () => entraSettingsFromEnv() !== null;

// The lazy form keeps the database and the environment untouched at import time (next build).
export const { auth, handlers, signIn, signOut } = NextAuth(() => authConfig());
