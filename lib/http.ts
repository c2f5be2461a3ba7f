import 'server-only';
import { NextResponse } from 'next/server';
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
