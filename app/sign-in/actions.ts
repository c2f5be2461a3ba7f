'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { z } from 'zod';
import { signIn } from '@/auth';

export interface SignInState {
  error?: string;
  email?: string;
}

const signInFormSchema = z.object({
  email: z.string().trim().max(320),
  password: z.string().max(1024),
  callbackUrl: z.string().max(2048).optional(),
});

/** Only same-site paths: a callback URL must not send people elsewhere (open redirect). */
function safeCallback(url: string | undefined): string {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\') || url.startsWith('/sign-in')) return '/';
  return url;
}

/** Signs in with email and password. One message for every wrong combination. */
export async function signInWithPassword(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInFormSchema.safeParse({
    email: form.get('email') ?? '',
    password: form.get('password') ?? '',
    callbackUrl: form.get('callbackUrl') ?? undefined,
  });
  if (!parsed.success) return { error: 'Enter your email and password.' };
  const { email, password, callbackUrl } = parsed.data;
  if (!email || !password) return { error: 'Enter your email and password.', email };
  try {
    await signIn('credentials', { email, password, redirectTo: safeCallback(callbackUrl) });
    return {};
  } catch (error) {
    // signIn reports success by throwing a redirect: only Auth.js errors are failures.
    if (!(error instanceof AuthError)) throw error;
    if (error instanceof CredentialsSignin && error.code === 'throttled') {
      return { error: 'Too many failed attempts. Wait a little, then try again.', email };
    }
    return { error: 'That email and password don’t match an active account.', email };
  }
}

/** Starts Microsoft Entra ID sign-in (only offered when it is configured). */
export async function signInWithEntra(form: FormData): Promise<void> {
  const callbackUrl = form.get('callbackUrl');
  await signIn('microsoft-entra-id', { redirectTo: safeCallback(typeof callbackUrl === 'string' ? callbackUrl : undefined) });
}
