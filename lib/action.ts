import 'server-only';
import { z } from 'zod';
import { currentActor } from '@/lib/auth/current-user';
import type { Actor } from '@/lib/authz';
import { AppError, isUniqueViolation, type ErrorCode } from '@/lib/errors';
import { log } from '@/lib/log';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode | 'INTERNAL'; message: string; detail?: string; fieldErrors?: Record<string, string[]> };

/** FormData → plain object: repeated keys become arrays, files stay files. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const all = form.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/** Turns any thrown error into the result a browser may see: AppErrors as they are, the rest as a plain message. */
export function toFailure(error: unknown, requestId: string | undefined): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof AppError) {
    return { ok: false, code: error.code, message: error.message, detail: error.detail, fieldErrors: error.fieldErrors };
  }
  if (isUniqueViolation(error)) {
    return { ok: false, code: 'CONFLICT', message: 'That already exists. Reload the page to see the current state.' };
  }
  log.error({ err: error, requestId }, 'server action failed');
  return {
    ok: false,
    code: 'INTERNAL',
    message: `Something went wrong on our side. Try again; if it keeps happening, give this reference to your admin: ${requestId ?? 'n/a'}.`,
  };
}

/**
 * A server action in the house style (STYLE.md §2): authenticate, parse with zod, then `run`
 * (which authorizes through lib/authz and changes data in one transaction), and return an
 * `ActionResult`. Every action is a public endpoint, so nothing here trusts the caller.
 */
export function defineAction<S extends z.ZodType, T>(options: {
  schema: S;
  run: (actor: Actor, input: z.output<S>) => Promise<T>;
}): (input: z.input<S> | FormData) => Promise<ActionResult<T>> {
  return async (raw) => {
    const actor = await currentActor();
    if (!actor) return { ok: false, code: 'UNAUTHENTICATED', message: 'Your session has ended. Sign in again.' };
    const parsed = options.schema.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
    if (!parsed.success) {
      const flat = z.flattenError(parsed.error);
      return {
        ok: false,
        code: 'INVALID_INPUT',
        message: flat.formErrors[0] ?? 'Some of the values aren’t valid.',
        fieldErrors: flat.fieldErrors as Record<string, string[]>,
      };
    }
    try {
      return { ok: true, data: await options.run(actor, parsed.data) };
    } catch (error) {
      if (isNextControlFlow(error)) throw error;
      return toFailure(error, actor.requestId);
    }
  };
}

/** redirect() and notFound() work by throwing; they must pass through untouched. */
function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return (
    typeof digest === 'string' &&
    (digest.startsWith('NEXT_REDIRECT') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK') || digest === 'NEXT_NOT_FOUND')
  );
}
