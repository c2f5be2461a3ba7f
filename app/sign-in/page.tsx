import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { entraEnabled } from '@/auth';
import { Button } from '@/components/ui/button';
import { demoUsers, DEMO_PASSWORD } from '@/db/demo';
import { currentActor } from '@/lib/auth/current-user';
import { signInWithEntra } from './actions';
import { SignInForm } from './_components/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

const messages: Record<string, string> = {
  SessionEnded: 'Your session has ended. Sign in again.',
  AccessDenied: 'That Microsoft account isn’t linked to an active Makerport user.',
  CredentialsSignin: 'That email and password don’t match an active account.',
};

/** Demo logins are listed outside production, and on demo deployments (SEED_DEMO=true). */
const showDemoLogins = () => process.env.NODE_ENV !== 'production' || process.env.SEED_DEMO === 'true';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined;
  const error = typeof params.error === 'string' ? (messages[params.error] ?? 'Sign-in didn’t work. Try again.') : undefined;
  if (!error && (await currentActor())) redirect('/');
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/icon.svg" alt="" width={32} height={32} />
          <span className="text-xl font-semibold tracking-tight">Makerport</span>
        </div>
        <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h1 className="mb-1 text-lg font-semibold">Sign in</h1>
          <p className="mb-5 text-sm text-slate-600">Build and share connectors, connections and flows.</p>
          <SignInForm callbackUrl={callbackUrl} initialError={error} />
          {entraEnabled() ? (
            <form action={signInWithEntra} className="mt-3">
              <input type="hidden" name="callbackUrl" value={callbackUrl ?? ''} />
              <Button type="submit" variant="secondary" className="w-full">
                Sign in with Microsoft
              </Button>
            </form>
          ) : null}
        </div>
        {showDemoLogins() ? (
          <section aria-labelledby="demo-logins" className="mt-6 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200">
            <h2 id="demo-logins" className="font-medium">
              Demo logins
            </h2>
            <p className="mt-1 text-slate-600">
              Every account uses the password <code className="rounded bg-slate-100 px-1">{DEMO_PASSWORD}</code>.
            </p>
            <ul className="mt-2 space-y-1">
              {Object.values(demoUsers).map((user) => (
                <li key={user.email} className="flex flex-col">
                  <code className="text-slate-800">{user.email}</code>
                  <span className="text-slate-500">{user.description}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </main>
  );
}
