/** The error codes every layer speaks (STYLE.md §4). */
export const errorCodes = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'INVALID_INPUT', 'LIMIT_EXCEEDED'] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** HTTP status for each code: the one map route handlers use. */
export const httpStatus: Record<ErrorCode | 'INTERNAL', number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_INPUT: 400,
  LIMIT_EXCEEDED: 429,
  INTERNAL: 500,
};

const defaultMessages: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'Please sign in again.',
  FORBIDDEN: 'You don’t have permission to do that.',
  NOT_FOUND: 'We couldn’t find that. It may have been deleted, or you may not have access.',
  CONFLICT: 'That conflicts with something that already exists.',
  INVALID_INPUT: 'Some of the values aren’t valid.',
  LIMIT_EXCEEDED: 'Too many attempts. Try again later.',
};

/**
 * An error whose message is safe to show the person who caused it.
 * What the actor may not see is NOT_FOUND; what they see but may not do is FORBIDDEN.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: Record<string, string[]>;
  /** The technical part (where in a document, what a parser said), shown under the plain message. */
  readonly detail?: string;
  /** An HTTP status other than the code's usual one (413 for a body over the limit). */
  readonly status?: number;

  constructor(
    code: ErrorCode,
    message?: string,
    options?: { fieldErrors?: Record<string, string[]>; detail?: string; status?: number; cause?: unknown },
  ) {
    super(message ?? defaultMessages[code], { cause: options?.cause });
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = options?.fieldErrors;
    this.detail = options?.detail;
    this.status = options?.status;
  }
}

/** An INVALID_INPUT refusal: what is wrong in plain words, and optionally where, technically. */
export const invalidInput = (message: string, detail?: string) => new AppError('INVALID_INPUT', message, { detail });

export const notFound = (message?: string) => new AppError('NOT_FOUND', message);
export const forbidden = (message?: string) => new AppError('FORBIDDEN', message);

/** True for PostgreSQL's unique_violation, whichever driver raised it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
