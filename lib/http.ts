import 'server-only';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { currentActor } from '@/lib/auth/current-user';
import type { Actor } from '@/lib/authz';
import { AppError, httpStatus } from '@/lib/errors';
import { log } from '@/lib/log';
import { toFailure } from '@/lib/action';

/** The JSON error body every route handler answers with: the code, and a message safe to show. */
export function errorResponse(error: unknown, requestId?: string): NextResponse {
  if (error instanceof AppError) {
    return NextResponse.json({ code: error.code, message: error.message }, { status: httpStatus[error.code] });
  }
  log.error({ err: error, requestId }, 'route handler failed');
  return NextResponse.json({ code: 'INTERNAL', message: 'Something went wrong on our side.', requestId }, { status: 500 });
}

const idSchema = z.uuid();

/** A route parameter that must be an id; anything else is simply not found. */
export function parseId(value: string): string {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw new AppError('NOT_FOUND');
  return parsed.data;
}

/**
 * A route handler for signed-in callers: authenticates (401 without an active session), then runs
 * `handler`, which validates and authorizes through lib/authz; any error becomes `errorResponse`.
 */
export function withActor<P>(handler: (actor: Actor, request: Request, params: P) => Promise<Response>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const actor = await currentActor();
    try {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return await handler(actor, request, await context.params);
    } catch (error) {
      return errorResponse(error, actor?.requestId);
    }
  };
}

/**
 * Reads a request body, refusing it past `maxBytes`: a declared Content-Length over the limit is
 * refused before a byte is read, and the stream is cut as soon as it passes the limit (413).
 */
export async function readBodyLimited(request: Request, maxBytes: number, what = 'The upload'): Promise<Buffer> {
  const tooLarge = () =>
    new AppError('LIMIT_EXCEEDED', `${what} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most Makerport takes at once.`, {
      status: 413,
    });
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A multipart or URL-encoded form body, read with `readBodyLimited`; a body that isn't a whole form is INVALID_INPUT. */
export async function readFormLimited(request: Request, maxBytes: number): Promise<FormData> {
  const body = await readBodyLimited(request, maxBytes);
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data|^application\/x-www-form-urlencoded/i.test(type)) {
    throw new AppError('INVALID_INPUT', 'Send the upload as a form.');
  }
  try {
    return await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new AppError('INVALID_INPUT', 'The upload arrived incomplete. Try again.');
  }
}

/** A JSON body read with `readBodyLimited`. */
export async function readJsonLimited(request: Request, maxBytes: number): Promise<unknown> {
  const body = await readBodyLimited(request, maxBytes);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new AppError('INVALID_INPUT', 'The request body isn’t JSON.');
  }
}

/**
 * A route handler that answers like a server action: `{ ok: true, data }`, or
 * `{ ok: false, code, message, detail?, fieldErrors? }` with the code's HTTP status. For uploads,
 * which go through route handlers (their own body limit) instead of server actions (a small one).
 */
export function withActorResult<P, T>(handler: (actor: Actor, request: Request, params: P) => Promise<T>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const actor = await currentActor();
    if (!actor) {
      return NextResponse.json(
        { ok: false, code: 'UNAUTHENTICATED', message: 'Your session has ended. Sign in again.' },
        { status: httpStatus.UNAUTHENTICATED },
      );
    }
    try {
      return NextResponse.json({ ok: true, data: await handler(actor, request, await context.params) });
    } catch (error) {
      const failure = toFailure(error, actor.requestId);
      const status = error instanceof AppError ? (error.status ?? httpStatus[error.code]) : httpStatus.INTERNAL;
      return NextResponse.json(failure, { status });
    }
  };
}

/** Zod's complaint as the result shape's message and field errors. */
export function invalidFromZod(error: z.ZodError): AppError {
  const flat = z.flattenError(error);
  return new AppError('INVALID_INPUT', flat.formErrors[0] ?? 'Some of the values aren’t valid.', {
    fieldErrors: flat.fieldErrors as Record<string, string[]>,
  });
}
