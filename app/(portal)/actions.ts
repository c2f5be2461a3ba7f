'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { signOut } from '@/auth';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { defineAction } from '@/lib/action';
import { assertEnvironment } from '@/lib/authz';

/** Remembers the environment chosen in the switcher, for this user. */
export const switchEnvironment = defineAction({
  schema: z.object({ environmentId: z.uuid() }),
  async run(actor, { environmentId }) {
    const env = assertEnvironment(actor, 'environment:view', environmentId);
    await db.update(users).set({ currentEnvironmentId: env.id }).where(eq(users.id, actor.userId));
    revalidatePath('/', 'layout');
    return { environmentId: env.id, name: env.name };
  },
});

/** Ends the session. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/sign-in' });
}
