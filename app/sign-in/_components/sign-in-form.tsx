'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { signInWithPassword, type SignInState } from '../actions';

export function SignInForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithPassword, { error: initialError });
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ''} />
      {/* key: React resets uncontrolled fields after an action; remount with what was typed. */}
      <TextField
        key={`email-${state.email ?? ''}`}
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.email ?? ''}
        autoFocus
      />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
