import 'server-only';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { currentActor } from '@/lib/auth/current-user';
import type { Actor } from '@/lib/authz';
import { AppError, httpStatus } from '@/lib/errors';
import { log } from '@/lib/log';

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
